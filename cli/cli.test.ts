/** The examcheck command as staff run it: its output and its exit code. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { beta2 } from '../properties/p3.ts';
import { resolveRun } from '../properties/profile.ts';
import type { BuiltClaim } from '../properties/claim.ts';
import { corpusPath } from '../properties/corpus.ts';
import { CLAIM_IDS, claimById } from '../properties/registry.ts';
import { claimResult, trial } from '../properties/run.ts';
import { resultsOf } from '../reports/schema.ts';
import { COMMAND_NAMES, commandHelp } from './main.ts';
import { examcheck, examcheckProcess, root, type CliRun } from './testing.ts';

/** A usage or input error as the user sees it: exit 2, one line on stderr. */
function oneLine(r: CliRun, message: RegExp) {
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr.trimEnd()).toMatch(message);
}

const tmp = () => mkdtempSync(join(tmpdir(), 'examcheck-cli-'));
/** A derivation file with this text. */
const deriv = (text: string) => {
  const path = join(tmp(), 'steps.deriv');
  writeFileSync(path, text);
  return path;
};

/** results.json without what differs between two runs of the same seed: timings. */
const withoutTimings = (json: string) =>
  JSON.stringify(JSON.parse(json), (key, value) => (key === 'ms' || key === 'startedAt' ? undefined : value));

describe('examcheck', () => {
  // (the command as a real process, bin/examcheck.js and its bundle included: the replay, stale-anchor,
  // candidate, fuzz and autograder tests)
  test('list --json lists every claim id of the design', async () => {
    const r = await examcheck(['list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((c: { id: string }) => c.id)).toEqual([...CLAIM_IDS]);
  });

  test.each([
    [['check', '--claim', 'nope'], {}, /^examcheck: unknown claim "nope": valid ids are (\S+, )*P1\.forward, .*P8\.half-dropout(, \S+)*$/],
    [['check', '--profile', 'fast'], {}, /^examcheck: unknown profile "fast": use one of quick, default, nightly$/],
    [['check'], { EXAMCHECK_SEED: 'abc' }, /^examcheck: invalid seed "abc"/],
    [['fuzz', '--budget', '2s', '--seed', '1.5'], {}, /^examcheck: invalid seed "1\.5": a seed is an integer/],
    [['replay', 'P1.backward', '--seed', '0x10', '--path', '0'], {}, /^examcheck: invalid seed "0x10"/],
    [['check', '--bogus'], {}, /^examcheck: Unknown option '--bogus'/],
    [['frobnicate'], {}, /^examcheck: unknown command "frobnicate"/],
    [['check', '--claim'], {}, /^examcheck: --claim needs a claim id \(examcheck check --help/],
    [['check', '--claim', '--profile', 'quick'], {}, /^examcheck: --claim needs a claim id \(/],
    [['check', '--profile'], {}, /^examcheck: --profile needs a value \(P: how hard to search\) \(/],
    [['check', 'P1.numpy'], {}, /^examcheck: check takes no argument "P1\.numpy" \(examcheck check --help lists its arguments and options\)$/],
    [['derive', 'exams/midterm-practice/p6.claims', '--runs', '1e12'], {}, /^examcheck: invalid --runs "1e12": a whole number, 1 to 100000$/],
  ])('%j is a usage error: one line, exit 2', async (args, env, message) => {
    const r = await examcheck(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test("one exam folder's stale anchor stops the commands over every claim, not one naming a claim of another exam", () => {
    const exams = tmp();
    cpSync(join(root, 'exams', 'midterm-practice'), join(exams, 'midterm-practice'), { recursive: true });
    mkdirSync(join(exams, 'quiz'));
    writeFileSync(join(exams, 'quiz', 'exam.md'), '**Problem 1.** The relu and its gradient.\n');
    writeFileSync(join(exams, 'quiz', 'p1.claims'), 'real x in [0, 1]\nclaim Q1.x: chain\n  anchor: Problem 1 "no such" … "words"\n  expected: verified\n  x\n  = x\n');
    const env = { EXAMCHECK_EXAMS: exams };
    const answer = examcheckProcess(['answer', 'P8.half-dropout', '1 - alpha/2'], env);
    expect(answer.code, answer.stderr).toBe(0);
    oneLine(examcheckProcess(['list'], env), /^examcheck: \S*quiz\/p1\.claims:3: anchor "no such" … "words" not found in Problem 1/);
  });

  test('a claim named twice is run once', async () => {
    const r = await examcheck(['check', '--seed', '1', '--profile', 'quick', '--claim', 'P6.bias', '--claim', 'P6.bias', '--json']);
    expect(JSON.parse(r.stdout).claims.map((c: { id: string }) => c.id)).toEqual(['P6.bias']);
  });

  test('the same seed twice gives the same results.json, timings aside', async () => {
    // the quick profile: what is compared is the same however many examples a profile runs
    const args = ['check', '--seed', '12345', '--profile', 'quick', '--claim', 'P1.forward', '--claim', 'P1.numpy', '--json'];
    const [a, b] = [await examcheck(args), await examcheck(args)];
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(/^examcheck: profile quick, seed 12345/);
    expect(JSON.parse(a.stdout)).toMatchObject({ schema: 1, seed: 12345, profile: 'quick', ok: true });
    expect(withoutTimings(a.stdout)).toBe(withoutTimings(b.stdout));
  });

  test('a property or oracle that throws is an internal error: one line, exit 2, never a verdict', async () => {
    const spy = vi.spyOn(beta2, 'check').mockImplementation(() => {
      throw new TypeError('oracle bug');
    });
    try {
      const r = await examcheck(['check', '--claim', 'P3.beta2', '--seed', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^examcheck: internal error checking P3\.beta2 \(its oracle or property threw, not the answer\): oracle bug; input \{.*\}; replay: npx examcheck replay P3\.beta2 --profile default --seed 1 --path \S+\n$/);
      expect(r.stdout).not.toMatch(/ok |FAIL|refuted|verified|report:/);
    } finally {
      spy.mockRestore();
    }
  });

  test("a failure's replay command reproduces its counterexample exactly", () => {
    const run = resolveRun({ seed: '777' });
    const backward = (claimById('P1.backward') as BuiltClaim<string>).property!;
    const wrong = backward.wrongAnswers.find((w) => w.id === 'A-grad-1e-12')!;
    const t = trial('P1.backward', backward, wrong.id, wrong.answer, run);
    expect(t.replay).toMatch(/^npx examcheck replay P1\.backward --answer A-grad-1e-12 --profile default --seed 777 --path \S+$/);
    const r = examcheckProcess(t.replay!.split(' ').slice(2));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`P1.backward (A-grad-1e-12): ${t.failure}`);
    expect(r.stdout).toContain(`counterexample: ${JSON.stringify(t.counterexample)}`);
  });
});

describe('examcheck derive', () => {
  test("checks the exam's own chains (a claim file's chain claims)", async () => {
    for (const f of ['exams/midterm-practice/p2.claims', 'exams/midterm-practice/p6.claims']) expect((await examcheck(['derive', f, '--runs', '5'])).code).toBe(0);
  });

  test('a wrong step is named by its lines, exit 1', async () => {
    const r = await examcheck(['derive', deriv('real a in [0, 1]\nreal b in [0, 1]\n(a + b)^2\n= a^2 + b^2\n')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 1 → line 2 fails/);
  });

  test.each([
    ['real a in [0, 1]\na + b\n= b + a\n', /^examcheck: .*steps\.deriv:2: undeclared variable "b"$/],
    ['real a in [0, 1]\n(a + 1\n= a\n', /^examcheck: .*steps\.deriv:2: syntax error/],
  ])('a file with an error is one line naming the line, exit 2', async (text, message) => {
    const r = await examcheck(['derive', deriv(text)]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});

describe('--help and -h (issue 21.5)', () => {
  test.each(['--help', '-h'])('examcheck %s lists every command with an example, exit 0', async (flag) => {
    const r = await examcheck([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: examcheck <command> \[options\]\n/);
    for (const name of COMMAND_NAMES) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(r.stdout).toMatch(/^example:\n {2}examcheck check /m);
  });

  test.each(COMMAND_NAMES.flatMap((name) => [[name, '--help'], [name, '-h']]))("examcheck %s %s prints that command's usage, options and an example, exit 0", async (name, flag) => {
    // a claim before the flag, as a user types it halfway through a command (answer's second place is its formula)
    const r = await examcheck(['replay', 'derive', 'candidate', 'merge'].includes(name) ? [name, 'P1.numpy', flag] : [name, flag]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: examcheck ${name}( |\\n)`));
    expect(r.stdout).toMatch(/^ {2}-h, --help +print this help$/m);
    expect(r.stdout).toMatch(new RegExp(`^example:\\n {2}examcheck ${name}( |$)`, 'm'));
    expect(r.stdout).toBe(`${commandHelp(name as Parameters<typeof commandHelp>[0])}\n`);
  });

  test('every option a command takes is in its help', () => {
    expect(commandHelp('candidate')).toMatch(/--gradescope FILE[\s\S]*--seed S[\s\S]*--profile P[\s\S]*--path P[\s\S]*--timeout D[\s\S]*--memory MB/);
    expect(commandHelp('merge')).toMatch(/--out DIR[\s\S]*--corpus-from DIR[\s\S]*--claim ID/);
  });

  test("answer's -h in the formula's place is a formula (a negative h), not a request for help", async () => {
    const r = await examcheck(['answer', 'P8.half-dropout', '-h', '--seed', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"h" at column 2 of "-h": undeclared variable/);
  });

  test('answer with an unquoted formula (1 - alpha/2 split by the shell) is a usage error, not a verdict on its first word (found by review: it judged "1" and printed refuted)', async () => {
    const r = await examcheck(['answer', 'P8.half-dropout', '1', '-', 'alpha/2', '--profile', 'quick', '--seed', '1']);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('refuted');
    expect(r.stderr).toMatch(/^examcheck: .*quot/);
  });
});

describe('a printed replay command always runs (issue 16.7)', () => {
  test("a negative seed's printed replay reproduces the failure", async () => {
    const run = resolveRun({ seed: '-5' });
    const backward = (claimById('P1.backward') as BuiltClaim<string>).property!;
    const wrong = backward.wrongAnswers.find((w) => w.id === 'A-grad-1e-12')!;
    const t = trial('P1.backward', backward, wrong.id, wrong.answer, run);
    expect(t.replay).toMatch(/ --seed -5 --path \S+$/);
    const r = await examcheck(t.replay!.split(' ').slice(2));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`P1.backward (A-grad-1e-12): ${t.failure}\ncounterexample: ${JSON.stringify(t.counterexample)}\n`);
  });
});

describe('every bad input is one line and exit 2, never a stack trace (issue 16.6)', () => {
  test('a corrupt corpus file: check names it, exit 2, and leaves it as it was', async () => {
    const dir = tmp();
    writeFileSync(corpusPath('P1.numpy', dir), '{"schema": 1, "claim": "P1.numpy", "entries": [tru');
    oneLine(await examcheck(['check', '--claim', 'P1.numpy'], { EXAMCHECK_CORPUS: dir }), /^examcheck: corrupt corpus file .*P1\.numpy\.json/);
    expect(readFileSync(corpusPath('P1.numpy', dir), 'utf8')).toContain('[tru');
  });

  test.each([
    ['abc', /^examcheck: invalid --path "abc": a path is what a replay command prints/],
    ['1e400', /^examcheck: invalid --path "1e400"/],
    ['', /^examcheck: invalid --path ""/],
    ['99999', /^examcheck: --path 99999 names no case: the profile runs 100 cases$/],
    ['corpus:0', /^examcheck: --path corpus:0 names no case: the corpus holds 0 case\(s\)$/],
    ['0:0:99999', /^examcheck: --path 0:0:99999 names no case of P1\.backward for this seed and profile/],
  ])('replay --path "%s": a path that names no case is a usage error', async (path, message) => {
    oneLine(await examcheck(['replay', 'P1.backward', '--seed', '1', '--path', path]), message);
  });

  test.each(['"abc"', 'true', 'NaN', '1e400'])('a derivation constant %s', async (constant) => {
    oneLine(await examcheck(['derive', deriv(`real a in [0, 1]\na + ${constant}\n= ${constant} + a\n`)]), /^examcheck: .*steps\.deriv:2: .*(not a number|not a finite number|at column 5 of)/);
  });

  test('derive names its seed and no profile (its points are --runs)', async () => {
    const r = await examcheck(['derive', deriv('real a in [0, 1]\na + a\n= 2*a\n'), '--seed', '3', '--runs', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('examcheck: seed 3');
  });

  test('a sum of 2000 terms on one line', async () => {
    oneLine(await examcheck(['derive', deriv(`real a in [0, 1]\n${Array(2000).fill('a').join(' + ')}\n= 2000*a\n`)]), /^examcheck: /);
  });

  test('--gradescope naming a folder: the verdict is printed, nothing is written, one line; a candidate\'s ANSI escapes never reach the terminal', async () => {
    const dir = tmp();
    const module = join(dir, 'throws.ts');
    writeFileSync(
      module,
      `import { SimpleNorm as Correct } from ${JSON.stringify(join(root, 'examples/candidates/simplenorm-correct.ts'))};
       export class SimpleNorm extends Correct { override backward(): void { throw new Error('\\u001b[2J\\u001b]0;pwned\\u0007\\u001b[32mall tests passed\\u001b[0m'); } }`,
    );
    const gradescope = join(dir, 'gradescope');
    mkdirSync(gradescope);
    const r = await examcheck(['candidate', 'P1.numpy', module, '--profile', 'quick', '--seed', '1', '--gradescope', gradescope]);
    oneLine(r, /^examcheck: cannot write the Gradescope results to .*gradescope \(EISDIR\): the verdict above was not saved$/);
    expect(r.stdout).toMatch(/^P1\.numpy: the candidate is refuted: the answer threw: all tests passed$/m);
    expect(r.stdout + r.stderr).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(readdirSync(gradescope)).toEqual([]);
  });
});

describe('merge (issues 16.6, 16.10)', () => {
  const numpy = claimById('P1.numpy') as BuiltClaim<string>;
  const verified = (claim: BuiltClaim<string>) => claimResult(claim, { reference: { failed: false, runs: 5, counterexample: null, failure: null, shrinks: null, replay: null, path: null } });
  /** A shard's report folder holding `results` (an object, or a results.json's text). */
  const shard = (results: object | string, name = 'shard') => {
    const dir = join(tmp(), name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'results.json'), typeof results === 'string' ? results : JSON.stringify(results));
    return dir;
  };
  const fuzzed = (shardName: string, claims = [verified(numpy)]) =>
    resultsOf({ seed: 7, profile: 'nightly', startedAt: '2026-11-29T03:17:00.000Z', claims, fuzz: { budgetMs: 1, elapsedMs: 1, interrupted: false, shard: shardName } });

  test('a results.json with a missing field is one line naming the field', async () => {
    const { runs, ...withoutRuns } = verified(numpy);
    const r = await examcheck(['merge', shard({ ...fuzzed('1/1'), claims: [withoutRuns] }), '--out', tmp()]);
    expect(runs).toBe(5);
    oneLine(r, /^examcheck: cannot merge .*results\.json: claims\[0\]\.runs: missing$/);
  });

  test.each([
    ['{"schema": 1}', /: seed: missing$/],
    ['[]', /: expected an object, found \[\]$/],
    ['{"schema": 1, "seed": "1", "profile": "nightly"}', /: seed: expected a 32-bit integer, found "1"$/],
  ])('a results.json %s is one line', async (text, message) => {
    oneLine(await examcheck(['merge', shard(text)]), message);
  });

  test('--out onto a file is a usage error, and nothing is written', async () => {
    const file = join(tmp(), 'merged');
    writeFileSync(file, 'keep');
    oneLine(await examcheck(['merge', shard(fuzzed('1/1')), '--out', file]), /^examcheck: --out .*merged is a file: merge writes a report folder/);
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });

  test('a mistyped --corpus-from is a usage error', async () => {
    oneLine(await examcheck(['merge', shard(fuzzed('1/1')), '--corpus-from', join(tmp(), 'shard-1/propertes/corpus')]), /^examcheck: --corpus-from .*propertes\/corpus: no such folder/);
  });

  test('a repeated shard is counted once or not at all: a usage error', async () => {
    const one = shard(fuzzed('1/2'));
    oneLine(await examcheck(['merge', one, one, '--claim', 'P1.numpy']), /^examcheck: cannot merge .*: the folder .* is already merged from /);
    oneLine(await examcheck(['merge', one, shard(fuzzed('1/2')), '--claim', 'P1.numpy']), /^examcheck: cannot merge .*: shard 1\/2 is already merged from /);
  });

  test('a shard set covering 1 of the claims is not "every outcome as expected"; with --claim naming what was searched, it is', async () => {
    const one = shard(fuzzed('1/1'));
    const all = await examcheck(['merge', one, '--out', tmp()]);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^merged 1 reports: UNEXPECTED OUTCOMES$/m);
    expect(all.stdout).toMatch(/^NOT COVERED P1\.forward: no report holds it/m);
    expect(all.stdout).not.toMatch(/NOT COVERED P1\.numpy/);
    const merged = JSON.parse(readFileSync(join(all.stdout.match(/^report: (.*)$/m)![1], 'results.json'), 'utf8'));
    expect(merged.claims.find((c: { id: string }) => c.id === 'P1.forward')).toMatchObject({ verdict: 'unchecked', runs: 0, ok: false });
    const named = await examcheck(['merge', one, '--claim', 'P1.numpy', '--out', tmp()]);
    expect(named.code, named.stdout).toBe(0);
    expect(named.stdout).toMatch(/^merged 1 reports: every outcome as expected$/m);
  });

  test('a report that says verified with 0 runs is merged as unchecked', async () => {
    const r = await examcheck(['merge', shard(fuzzed('1/1', [{ ...verified(numpy), runs: 0 }])), '--claim', 'P1.numpy', '--out', tmp()]);
    expect(r.code).toBe(1);
  });
});
