/**
 * examcheck candidate against a module that tries to pass without a right answer — replies of the
 * wrong form, a module that takes over the channel, crashes or reads a file, a forged results file
 * and a killed checker — and the command itself: a missing module, the replay, the time and memory
 * limits. The examples' verdicts: candidate.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkCandidate } from './candidate-check.ts';
import { examcheck, examcheckProcess, root, verdict } from './testing.ts';

/**
 * The time limit of every run but the time-limit test's own: a guard far above an honest check
 * (about 1 s; 600 s), so a slow or loaded machine never turns a verdict into "stopped by the time limit".
 */
const GUARD = ['--timeout', '600s'];

const EXAMPLES = join(root, 'examples/candidates');
/** This file's temporary folders, all in one, removed at the end. */
const TEMP = mkdtempSync(join(tmpdir(), 'examcheck-candidate-hostile-test-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));
const temporary = (name: string) => mkdtempSync(join(TEMP, `${name}-`));

async function candidate(claim: string, file: string, ...extra: string[]) {
  const gradescope = join(temporary('gs'), 'results.json');
  const started = performance.now();
  const r = await examcheck(['candidate', claim, join(EXAMPLES, file), '--gradescope', gradescope, ...(extra.includes('--timeout') ? extra : [...GUARD, ...extra])]);
  return { code: r.code, out: r.stdout + r.stderr, seconds: (performance.now() - started) / 1000, gradescope: JSON.parse(readFileSync(gradescope, 'utf8')) };
}

describe('a module cannot pass without a right answer', () => {
  test('a reply of the wrong type or form, a value that is not plain data, a module that crashes or reads a file: refuted or not checked, never passed', () => {
    const dir = temporary('hostile');
    const module = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    expect(verdict(checkCandidate('P3.beta2', module('string.ts', "export const beta2 = () => '0.5';"), {}))).toEqual([1, expect.stringMatching(/refuted: the answer gives the string "0\.5", not a number$/)]);
    expect(verdict(checkCandidate('P3.beta2', module('fn.ts', 'export const beta2 = () => () => 0.5;'), {}))).toEqual([1, expect.stringMatching(/refuted: the answer threw: it returned a value that is not plain data/)]);
    // it takes over the channel: its replies carry a verdict beside the answer
    const tampers = module('tampers.ts', "process.removeAllListeners('message');\nprocess.on('message', (m: { id: number }) => process.send!({ id: m.id, value: 0.01, verdict: 'passed' }));\nexport const beta2 = () => 0.5;");
    expect(verdict(checkCandidate('P3.beta2', tampers, {}))).toEqual([1, expect.stringMatching(/refuted: the candidate's process sent a reply that is not an answer$/)]);
    const crashes = module('crashes.ts', "setTimeout(() => { throw new Error('late'); });\nexport const beta2 = () => 0.5;");
    // the crash may end the process before or while the request is written (EPIPE, or "Channel
    // closed" on a loaded machine): either way not checked, never passed
    expect(verdict(checkCandidate('P3.beta2', crashes, {}))).toEqual([2, expect.stringMatching(/^cannot be checked: the candidate's process (ended before answering \(exit 1\): Error: late|closed its channel \((write EPIPE|Channel closed)\))$/)]);
    expect(verdict(checkCandidate('P3.beta2', module('syntax.ts', 'export const beta2 = (=> 0.5;'), {}))).toEqual([2, expect.stringMatching(/^cannot be checked: the module does not load: .*syntax\.ts:1: /)]);
    expect(verdict(checkCandidate('P3.beta2', module('reads.ts', "import { readFileSync } from 'node:fs';\nreadFileSync('/etc/hostname');\nexport const beta2 = () => 0.5;"), {}))).toEqual([2, expect.stringMatching(/^cannot be checked: the module does not load: Access to this API has been restricted/)]);
    // a CommonJS module is read as such, wherever it is
    expect(verdict(checkCandidate('P3.beta2', module('window.cjs', 'module.exports = { beta2: (eps, b) => Math.max(0, 1 - (b * eps) / 20) };'), { profile: 'quick' }))).toEqual([0, 'the candidate passes 120 cases']);
  });

  test("the module's process sees none of the checker's environment (a token, NODE_OPTIONS, LANG), only the loader's library path its Node may need to start", () => {
    const dir = temporary('environment');
    writeFileSync(join(dir, 'env.ts'), `export const beta2 = (eps: number, b: number) => {
  const seen = Object.entries(process.env).filter(([k]) => k !== 'DYLD_LIBRARY_PATH').map(([k, v]) => k + '=' + v).join(', ');
  if (seen !== ${JSON.stringify(`LD_LIBRARY_PATH=${dir}`)}) throw new Error('it sees ' + seen);
  return Math.max(0, 1 - (b * eps) / 20);
};`);
    const set = { LD_LIBRARY_PATH: dir, EXAMCHECK_TEST_TOKEN: 'secret', NODE_OPTIONS: '--no-deprecation', LANG: 'de_DE.UTF-8' };
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, process.env[k]]));
    // checkCandidate is synchronous: no other process starts from here while these are set
    Object.assign(process.env, set);
    try {
      expect(verdict(checkCandidate('P3.beta2', join(dir, 'env.ts'), { profile: 'quick' }))).toEqual([0, 'the candidate passes 120 cases']);
    } finally {
      for (const [k, v] of Object.entries(before)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  test('a forged full-score results file, then the checker killed: Gradescope still reads score 0', () => {
    const dir = temporary('forger');
    const results = join(dir, 'results.json');
    const forged = { score: 1, max_score: 1, tests: [{ name: 'P1.numpy', status: 'passed', score: 1, max_score: 1 }] };
    writeFileSync(
      join(dir, 'forger.ts'),
      [
        "import { writeFileSync } from 'node:fs';",
        `try { writeFileSync(${JSON.stringify(results)}, ${JSON.stringify(JSON.stringify(forged))}); } catch {}`,
        "process.kill(process.ppid, 'SIGKILL');",
        "export { SimpleNorm } from '" + join(EXAMPLES, 'simplenorm-b-grad-1e-12.ts') + "';",
      ].join('\n'),
    );
    // its temporary folder too: a killed checker cannot remove it
    const r = examcheckProcess(['candidate', 'P1.numpy', join(dir, 'forger.ts'), '--gradescope', results], { TMPDIR: dir });
    expect(r.code).toBeNull(); // the checker was killed
    expect(JSON.parse(readFileSync(results, 'utf8'))).toMatchObject({ score: 0, tests: [{ status: 'failed', output: expect.stringContaining('examcheck stopped before it reached a verdict') }] });
  });
});

describe('examcheck candidate', () => {
  test('no such module: cannot be checked, exit 2, and a Gradescope file all the same', async () => {
    const r = await candidate('P1.numpy', 'no-such-file.ts');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/cannot be checked: no module at /);
    expect(r.gradescope).toMatchObject({ score: 0, tests: [{ name: 'P1.numpy', status: 'failed' }] });
  });

  test('a refuted candidate prints a replay command that reproduces it', async () => {
    const r = await candidate('P1.numpy', 'simplenorm-b-grad-1e-12.ts');
    const replay = r.out.match(/^replay: npx examcheck (.*)$/m)![1].split(' ');
    // run by main in this process: the candidate is checked from scratch all the same, in a worker process of its own
    const again = await examcheck([...replay, ...GUARD]);
    expect(again.code).toBe(1);
    expect(again.stdout.split('\n').slice(0, 2)).toEqual(r.out.split('\n').slice(0, 2));
    expect(r.gradescope.tests[0].output).toContain(JSON.stringify(JSON.parse(r.out.match(/^counterexample: (.*)$/m)![1]), null, 2));
    // Gradescope's replay is the module's command too, not `examcheck replay` (which runs the claim's own answers)
    expect(r.gradescope.tests[0].output).toMatch(/Replay: `npx examcheck candidate P1\.numpy \S+simplenorm-b-grad-1e-12\.ts --profile \w+ --seed -?\d+ --path [\d:]+`/);
  });

  test('a candidate that loops forever is stopped by the time limit', async () => {
    // a quarter of a second: the loop burns the limit's CPU time, and a module that never answers
    // is stopped by any limit, however slow the machine
    const r = await candidate('P1.numpy', 'simplenorm-loops-forever.ts', '--timeout', '250ms');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/cannot be checked: stopped by the time limit: still running after 0\.25 s/);
    // a last-resort bound, not a measurement: the honest run ends at the limit plus a kill, so
    // 30 s is over a hundred times above it; a limit not enforced would run until the test timeout
    expect(r.seconds).toBeLessThan(30);
    expect(r.gradescope.tests[0].output).toMatch(/Could not be checked.*time limit/);
  });

  test('a candidate that allocates 10 GB is stopped by the memory limit', async () => {
    const r = await candidate('P1.numpy', 'simplenorm-allocates.ts', '--memory', '256');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/cannot be checked: stopped by the memory limit/);
    expect(r.gradescope.tests[0].output).toMatch(/Could not be checked.*memory limit/);
  });

  test('a claim with no candidate interface is a usage error naming those that have one', async () => {
    const r = await examcheck(['candidate', 'P7.highway', 'x.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^examcheck: P7\.highway takes no candidate module: the claims that do are P1\.forward, P1\.backward, P1\.numpy, /);
  });
});
