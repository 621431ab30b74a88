/**
 * examcheck autograder (issue 21, item 10): the bundle's run_autograder run against fake
 * /autograder trees (AUTOGRADER_ROOT), with examcheck taken from this checkout (EXAMCHECK_BIN) and
 * setup skipped: a right, a wrong and a crashing submission of P1.numpy judged by examcheck, and,
 * with stand-ins for examcheck, a missing answer, a run past the time limit, the command line each
 * kind of answer gets, and a machine with no node. Every run is started once, all at once, in
 * beforeAll; the tests read their results.json.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { answerKinds, bundleReadme, planBundle, writeBundle, zipBundle, type BundleConfig } from './autograder.ts';
import { claimById } from '../properties/registry.ts';
import type { BuiltClaim } from '../properties/claim.ts';
import { examcheck, root } from './testing.ts';

const TEMP = mkdtempSync(join(tmpdir(), 'examcheck-autograder-test-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

interface Results {
  score: number;
  output: string;
  tests: { name: string; status: string; score: number; max_score: number; output: string }[];
}

/** A bundle written (no examcheck copy, no zip) into a folder of its own. */
function bundle(name: string, config: BundleConfig): string {
  const dir = join(TEMP, `bundle-${name}`);
  writeBundle(dir, config);
  return dir;
}

/** A stand-in for examcheck's bin: a script in TEMP. */
function fakeExamcheck(name: string, source: string): string {
  const file = join(TEMP, `${name}.mjs`);
  writeFileSync(file, source);
  return file;
}

/**
 * A fake /autograder: source/ (the bundle), submission/ (`files`: name → text), run_autograder
 * run with `env`; its results.json, parsed.
 */
function grade(name: string, source: string, files: Record<string, string>, env: Record<string, string>): Promise<Results> {
  const tree = join(TEMP, name);
  cpSync(source, join(tree, 'source'), { recursive: true });
  mkdirSync(join(tree, 'submission', 'folder'), { recursive: true });
  mkdirSync(join(tree, 'results'));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(tree, 'submission', file), text);
  const { EXAMCHECK_SEED, EXAMCHECK_PROFILE, ...rest } = process.env;
  return new Promise((resolve, reject) =>
    execFile('/bin/bash', [join(tree, 'source', 'run_autograder')], { env: { ...rest, AUTOGRADER_ROOT: tree, EXAMCHECK_BIN: join(root, 'bin/examcheck.js'), ...env } }, (error) => {
      if (error) reject(error);
      else resolve(JSON.parse(readFileSync(join(tree, 'results', 'results.json'), 'utf8')) as Results);
    }),
  );
}

const example = (file: string) => readFileSync(join(root, 'examples/candidates', file), 'utf8');
/** A module that kills the examcheck process judging it (its parent) before any verdict. */
const KILLS_EXAMCHECK = "process.kill(process.ppid, 'SIGKILL');\nexport class SimpleNorm {}\n";

const numpy = planBundle(['P1.numpy'], { profile: 'quick', seed: '1', timeout: '30s', memory: '512' });
let runs: Record<'right' | 'wrong' | 'crash' | 'missing' | 'late' | 'kinds' | 'nonode', Promise<Results>>;

beforeAll(() => {
  const real = bundle('numpy', numpy);
  const late = bundle('late', { ...numpy, runLimitMs: 300 });
  const kinds = bundle('kinds', planBundle(['P1.numpy', 'P4.stationary', '02MLP-p4b', 'P8.half-dropout'], { profile: 'quick', seed: '-5', timeout: '2s', memory: '256' }));
  const hangs = fakeExamcheck('hangs', 'setInterval(() => {}, 1000);\n');
  // writes its arguments as the test's output to the --gradescope file
  const echoes = fakeExamcheck(
    'echoes',
    "import { writeFileSync } from 'node:fs';\nconst a = process.argv.slice(2);\nwriteFileSync(a[a.indexOf('--gradescope') + 1], JSON.stringify({ tests: [{ name: a[1], status: 'passed', score: 1, max_score: 1, output: JSON.stringify(a) }] }));\n",
  );
  runs = {
    right: grade('right', real, { 'P1.numpy.ts': example('simplenorm-correct.ts') }, {}),
    // the wrong answer imports the right one and changes one gradient
    wrong: grade('wrong', real, { 'folder/p1.NUMPY.ts': example('simplenorm-b-grad-1e-12.ts'), 'folder/simplenorm-correct.ts': example('simplenorm-correct.ts') }, {}),
    crash: grade('crash', real, { 'P1.numpy.ts': KILLS_EXAMCHECK }, {}),
    missing: grade('missing', real, { 'P1-numpy.ts': '', 'notes.md': '' }, {}),
    late: grade('late', late, { 'P1.numpy.ts': '' }, { EXAMCHECK_BIN: hangs }),
    kinds: grade('kinds', kinds, { 'P1.numpy.mjs': '', 'P4.stationary.formula.txt': '# mine\n\n-theta*dl - lambda\n', '02MLP-p4b.txt': '', '02MLP-p4b.prog': '', 'P8.half-dropout.formula': `1 - alpha/2${' '.repeat(70_000)}` }, { EXAMCHECK_BIN: echoes }),
    nonode: grade('nonode', real, { 'P1.numpy.ts': '' }, { PATH: join(TEMP, 'no-such-folder') }),
  };
  // every run settles before the tests read them (a rejection is the test's to report)
  return Promise.allSettled(Object.values(runs)).then(() => undefined);
});

describe("the bundle's run_autograder on a fake /autograder (issue 21.10)", () => {
  test('a right module scores 1: the claim passes', async () => {
    const r = await runs.right;
    expect(r.score, JSON.stringify(r)).toBe(1);
    expect(r.output).toBe('Graded by examcheck 0.1.0 (profile quick, seed 1): 1 of 1 claims pass.');
    expect(r.tests).toHaveLength(1);
    expect(r.tests[0]).toMatchObject({ name: 'P1.numpy (P1.numpy.ts)', status: 'passed', score: 1, max_score: 1 });
    expect(r.tests[0].output).toMatch(/\*\*Passed\*\* 30 generated cases \(seed 1, profile quick\)\.$/);
  });

  test('a wrong module (in a folder, its name in another case) scores 0 with the refutation', async () => {
    const r = await runs.wrong;
    expect(r.score, JSON.stringify(r)).toBe(0);
    expect(r.tests[0]).toMatchObject({ name: 'P1.numpy (folder/p1.NUMPY.ts)', status: 'failed', score: 0 });
    expect(r.tests[0].output).toMatch(/\*\*Refuted\*\*: B\.grad\\\[1\]: the answer gives -1\.000000000001, part b's loops give -1 \(error 1\.00e-12/);
  });

  test('a module that kills examcheck scores 0: examcheck stopped before a verdict, killed', async () => {
    const r = await runs.crash;
    expect(r.score, JSON.stringify(r)).toBe(0);
    expect(r.tests[0]).toMatchObject({ name: 'P1.numpy (P1.numpy.ts)', status: 'failed', score: 0 });
    expect(r.tests[0].output).toMatch(/\*\*Could not be checked\*\*: examcheck stopped before it reached a verdict\n\n\(examcheck was killed \(SIGKILL\) without a verdict\)$/);
  });

  test('no answer file scores 0, naming the files expected and the files found', async () => {
    const r = await runs.missing;
    expect(r.score).toBe(0);
    expect(r.tests).toEqual([
      {
        name: 'P1.numpy',
        status: 'failed',
        score: 0,
        max_score: 1,
        output: 'Not graded: no answer for P1.numpy. Submit one file named P1.numpy.ts, P1.numpy.mts, P1.numpy.js, P1.numpy.mjs; this submission holds P1-numpy.ts, notes.md.',
        output_format: 'text',
      },
    ]);
  });

  test('a run past the time limit is killed and scores 0, saying so', async () => {
    const r = await runs.late;
    expect(r.score).toBe(0);
    expect(r.tests[0].output).toBe('Not graded: the check did not finish within the time limit (0.3 s for one answer).');
  });

  test('each kind of answer gets its examcheck command; two answers for one claim, and a formula file too large, are refused', async () => {
    const r = await runs.kinds;
    const args = (i: number) => JSON.parse(r.tests[i].output) as string[];
    expect(r.tests.map((t) => t.name)).toEqual(['P1.numpy (P1.numpy.mjs)', 'P4.stationary (P4.stationary.formula.txt)', '02MLP-p4b', 'P8.half-dropout (P8.half-dropout.formula)']);
    expect(args(0)).toEqual(['candidate', 'P1.numpy', expect.stringMatching(/\/submission\/P1\.numpy\.mjs$/), '--gradescope', expect.any(String), '--profile', 'quick', '--seed', '-5', '--timeout', '2s', '--memory', '256']);
    // the one formula, its comment and blank line left out, a leading minus sign kept
    expect(args(1)).toEqual(['answer', 'P4.stationary', '-theta*dl - lambda', '--gradescope', expect.any(String), '--profile', 'quick', '--seed', '-5']);
    expect(r.tests[2]).toMatchObject({ score: 0, output: 'Not graded: 2 answers for 02MLP-p4b (02MLP-p4b.prog, 02MLP-p4b.txt); submit one of 02MLP-p4b.prog, 02MLP-p4b.txt.' });
    expect(r.tests[3]).toMatchObject({ score: 0, output: 'Not graded: P8.half-dropout.formula is 70011 bytes; a formula file holds one formula, on one line.' });
    expect(r.score).toBe(2);
  });

  test('with no node to run the grader, run_autograder still writes results.json: score 0', async () => {
    const r = await runs.nonode;
    expect(r).toEqual({ score: 0, output: 'The autograder could not run (grade.mjs exited with 127): this submission was not graded. Please tell the course staff.', tests: [] });
  });
});

describe('the bundle', () => {
  test('a program answer is a program file: 02MLP-p4b (a claim file gradient claim) takes .prog and .txt, P4.stationary a module or a formula', () => {
    expect(answerKinds(claimById('02MLP-p4b') as BuiltClaim<string>)).toEqual(['program']);
    expect(answerKinds(claimById('P4.stationary') as BuiltClaim<string>)).toEqual(['module', 'formula']);
    const readme = bundleReadme(planBundle(['P4.stationary', '02MLP-p4b'], { seed: '1' }));
    expect(readme).toMatch(/^\| P4\.stationary \| `P4\.stationary\.formula\.txt` or `P4\.stationary\.formula` \| one formula on one line .*`dl`/m);
    expect(readme).toMatch(/^\| 02MLP-p4b \| `02MLP-p4b\.prog` or `02MLP-p4b\.txt` \| the `\+=` and `-=` statements of the answer program `backward` of `exams\/course-02MLP\/p4\.claims`, .* over its tensors `Rt\[b, j\]`, /m);
    expect(readme).toMatch(/profile default and seed 1/);
  });

  test("an update rule's program answer (quiz4-p2c): the instructions name its tensors and the `step t:` form", () => {
    const readme = bundleReadme(planBundle(['quiz4-p2c'], { seed: '1' }));
    expect(readme).toContain('| the `=` statements of the answer program `rolling_average` of `exams/course-quiz4/p2.claims`, one per line, in its notation (no declarations), over its tensors `xs[t, i]`, `E0[k, i]`, `Es[s, k, i]`, `dists[t, k]`, `near[t, k]`; statements run in order at each step t go indented under a line `step t:`, and do not list t in their `for` |');
  });

  test('a claim that takes no answer of a student, and a limit candidate would refuse, are usage errors', async () => {
    expect(() => planBundle(['P7.highway'], {})).toThrowErrorWith(/^P7\.highway takes no answer of a student's \(a module, a formula or a program\): .*P1\.numpy, .* take a module or a formula, a claim file's gradient and equal claims a program$/);
    expect(() => planBundle(['P1.numpy'], { memory: '10' })).toThrowErrorWith(/^invalid --memory "10"/);
    expect(() => planBundle(['P1.numpy'], { timeout: 'soon' })).toThrowErrorWith(/^invalid duration "soon"/);
    const r = await examcheck(['autograder', 'P1.numpy']);
    expect([r.code, r.stderr]).toEqual([2, 'examcheck: autograder needs one claim or more and --out DIR (examcheck autograder --help lists its arguments and options)\n']);
  });

  test("the zip holds the bundle's files at its root, run_autograder and setup.sh executable", () => {
    const dir = bundle('zip', numpy);
    writeFileSync(join(dir, 'examcheck.tgz'), '');
    writeFileSync(join(dir, 'package-lock.json'), '{}');
    const listing = execFileSync('unzip', ['-Z', zipBundle(dir)], { encoding: 'utf8' });
    const entries = [...listing.matchAll(/^(\S+)\s.*\s(\S+)$/gm)].filter(([, mode]) => /^[-d]r/.test(mode)).map(([, mode, name]) => `${mode} ${name}`);
    expect(entries.sort()).toEqual(['-rw-r--r-- README.md', '-rw-r--r-- config.json', '-rw-r--r-- examcheck.tgz', '-rw-r--r-- grade.mjs', '-rw-r--r-- package-lock.json', '-rwxr-xr-x run_autograder', '-rwxr-xr-x setup.sh']);
  });
});
