/**
 * Claim files in the registry: the README's worked example runs as it says, every wrong answer of
 * a claim file is refuted for what it changes (never because its text stops parsing), ids are
 * qualified only where two exams share one, and a claim file's mistakes are one line.
 */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileExpression, NotationError, parseClaimFile, parseExpression } from '../oracles/notation/index.ts';
import type { Field } from '../oracles/numbers/tower.ts';
import { claimsOfFile, GIVEN_MARK, givenStatements, statementKey, type ClaimAnswer, type NumericAnswer } from './claim-files.ts';
import type { BuiltClaim, Claim } from './claim.ts';
import { ExamError, loadExams, readExam } from './exams.ts';
import { resolveRun } from './profile.ts';
import { REGISTRY, registryOf, SEED_EXAM } from './registry.ts';
import { runClaim, trial } from './run.ts';

const run = resolveRun();
const root = mkdtempSync(join(tmpdir(), 'exams-'));

/** An exam folder under a fresh root: exam.md and claim files. */
function examFolder(name: string, files: Record<string, string>, at = root): string {
  const dir = join(at, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'did not throw';
}

/** The README's worked example: the ```markdown block (exam.md) and the claim file after it. */
function readmeExample(): { exam: string; claims: string } {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Adding a problem: write a claim file'));
  const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  return { exam: blocks.find((b) => b[1] === 'markdown')![2], claims: blocks.find((b) => b[2].includes('program forward'))![2] };
}

const built = (c: Claim): BuiltClaim<string> => c as BuiltClaim<string>;

describe("the README's worked example (a softmax backward)", () => {
  const { exam, claims } = readmeExample();
  const dir = examFolder('quiz', { 'exam.md': exam, 'p1.claims': claims });
  const [claim] = registryOf([readExam(dir)]);

  test('is one claim, its words read from the exam, its place the claim line', () => {
    expect(claim).toMatchObject({ id: 'softmax.backward', exam: 'quiz', problem: 1, status: 'built', source: { file: expect.stringMatching(/quiz\/p1\.claims$/), line: 14 } });
    expect(claim.statement).toMatch(/^\$\$\\forall b, j \\quad e\[b\] .* \+ e\[b\]\)\$\$$/);
  });

  test('is verified, and each wrong answer refuted by a witness of at most 2 entries per axis', () => {
    const r = runClaim(claim, run, { corpusDir: null });
    expect(r.verdict, r.failure ?? '').toBe('verified');
    expect(r.wrongAnswers.map((w) => w.id)).toEqual(['sign', 'unnormalized', 'swapped']);
    for (const w of r.wrongAnswers) {
      expect(w.refuted, w.id).toBe(true);
      expect(w.failure, w.id).toMatch(/^s\.grad\[\d, \d\]: the answer added .*; must be equal at 50 digits \(allowing 1e-40 of the largest magnitude\): the gradient of Σ outGrad · output/);
      const sizes = (w.counterexample as { sizes: Record<string, number> }).sizes;
      expect(Math.max(...Object.values(sizes)), `${w.id}: ${JSON.stringify(sizes)}`).toBeLessThanOrEqual(2);
    }
  });

  test('the stale anchor the README shows: one line, the claim file and the anchor line', () => {
    const stale = examFolder('quiz', { 'exam.md': exam.replace('+ e[b])$$', '+ e_b)$$'), 'p1.claims': claims }, mkdtempSync(join(tmpdir(), 'exams-')));
    expect(errorOf(() => registryOf([readExam(stale)]))).toMatch(/quiz\/p1\.claims:15: anchor "\$\$\\forall b, j \\quad e\[b\]" … "\+ e\[b\]\)\$\$" not found in Problem 1 of exam\.md$/);
  });
});

describe("the seed exam's claim files", () => {
  const fromFiles = REGISTRY.filter((c) => c.source);

  test('state P1.forward, P1.backward, P2.equivalence, P2.induction, P4.stationary, P6.bias, P6.derivation, P6.scale and P6.xavier, each at its claim line', () => {
    expect(fromFiles.filter((c) => c.exam === SEED_EXAM).map((c) => `${c.id} ${c.source!.file}`)).toEqual([
      'P1.forward exams/midterm-practice/p1.claims',
      'P1.backward exams/midterm-practice/p1.claims',
      'P2.equivalence exams/midterm-practice/p2.claims',
      'P2.induction exams/midterm-practice/p2.claims',
      'P4.stationary exams/midterm-practice/p4.claims',
      'P6.bias exams/midterm-practice/p6.claims',
      'P6.derivation exams/midterm-practice/p6.claims',
      'P6.scale exams/midterm-practice/p6.claims',
      'P6.xavier exams/midterm-practice/p6-xavier.claims',
    ]);
    for (const c of fromFiles) expect(readFileSync(c.source!.file, 'utf8').split('\n')[c.source!.line - 1]).toMatch(new RegExp(`^claim ${c.id.replace('.', '\\.')}:`));
  });

  // A wrong answer whose text no longer parses would be refuted for that alone: a property that cannot fail.
  for (const c of fromFiles.filter((c) => typeof built(c).property?.reference.answer === 'string')) {
    test(`${c.id}: every wrong answer is a claim file that parses`, () => {
      for (const w of built(c).property!.wrongAnswers) expect(() => parseClaimFile(w.answer, c.source!.file), w.id).not.toThrow();
    });
  }

  test("P1.backward refutes a backward that leaves out a gradient, or adds one the exam's leaves alone", () => {
    const prop = built(REGISTRY.find((c) => c.id === 'P1.backward')!).property!;
    const noB = prop.reference.answer.replace("  for b, x, y, c: B.grad[c] += L'.grad[b, x, y, c] * A[c]\n", '');
    expect(noB).not.toContain('B.grad');
    expect(trial('P1.backward', prop, 'no-B', noB, run)).toMatchObject({ failed: true, failure: "the backward does not add into B.grad, as the claim's does" });
    const onlyB = prop.reference.answer.replace(/ {2}for b, x, y, c: [LA]\.grad.*\n/g, '');
    expect(trial('P1.backward', prop, 'only-B', onlyB, run)).toMatchObject({ failed: true, failure: "the backward does not add into A.grad, L.grad, as the claim's does" });
  });

  test('P1.backward sees a relative 1e-12 in any one gradient, on every seed', () => {
    const prop = built(REGISTRY.find((c) => c.id === 'P1.backward')!).property!;
    for (const id of ['L-grad-1e-12', 'A-grad-1e-12', 'B-grad-1e-12']) {
      const wrong = prop.wrongAnswers.find((w) => w.id === id)!;
      const survived = Array.from({ length: 10 }, (_, k) => run.seed + 7919 * k).filter((seed) => !trial('P1.backward', prop, id, wrong.answer, { ...run, seed }).failed);
      expect(survived, id).toEqual([]);
    }
  });
});

/** The steps each catalogued slip of a chain claim must be caught at: the one it is in, or, where it removes a hypothesis, each step relying on it. */
const FAILS_AT: Record<string, readonly string[]> = {
  'eta-for-eta-prime': ['chain 1: line 2 → line 3'],
  'eta-ratio-inverted': ['chain 1: line 3 → line 4'],
  'mu-for-one-minus-mu': ['chain 1: line 4 → line 5'],
  'hypothesis-not-used': ['chain 1: line 2 → line 3'],
  'eta-prime-times-one-minus-mu': ['chain 1: line 4 → line 5'],
  'b-without-d': ['line 1 → line 2', 'line 2 → line 3'],
  'dropped-cross-term': ['line 6 → line 7'],
  'inputs-dependent': ['line 3 → line 4'],
  'w-dependent-on-x': ['line 1 → line 2', 'line 3 → line 4'],
  'sigma-not-squared': ['line 7 → line 8'],
  'square-outside-sum': ['line 3 → line 4'],
};

describe('every wrong chain is pinpointed to its step, at a shrunk point, on every seed', () => {
  // ten seeds from the run's, another ten each run (`npm run power` runs every wrong answer on 200)
  const seeds = Array.from({ length: 10 }, (_, k) => run.seed + 7919 * k);
  for (const id of ['P2.induction', 'P6.derivation']) {
    const prop = built(REGISTRY.find((c) => c.id === id)!).property!;
    test(`${id}: the catalogue is the table's`, () => expect(prop.wrongAnswers.map((w) => w.id).sort()).toEqual(Object.keys(FAILS_AT).filter((k) => prop.wrongAnswers.some((w) => w.id === k)).sort()));
    for (const wrong of prop.wrongAnswers) {
      test(`${id} ${wrong.id}`, () => {
        for (const seed of seeds) {
          const t = trial(id, prop, wrong.id, wrong.answer, { ...run, seed });
          expect(t.failed, `seed ${seed}`).toBe(true);
          expect(FAILS_AT[wrong.id].some((step) => t.failure!.startsWith(`${step} fails `)), `seed ${seed}: ${t.failure}`).toBe(true);
          expect(t.failure, `seed ${seed}`).toMatch(/, at .*=/);
        }
      });
    }
  }
});

describe('exam folders side by side', () => {
  const claims = (id: string) => `size N in 1..2\nindex n in 1..N\ntensor x[n], y[n]\nprogram f\n  for n: y[n] += 2 * x[n]\nprogram g\n  for n: y[n] = x[n] + x[n]\nclaim ${id}: equal g to f\n  anchor: Problem 1 "y = 2x" … "twice"\n  expected: verified\n  wrong half: "x[n] + x[n]" -> "x[n]"\n`;
  const exam = '**Problem 1.** y = 2x is x added twice.\n';

  test('ids stay the claims own, except where two exams share one: then <exam>/<id>', () => {
    const at = mkdtempSync(join(tmpdir(), 'exams-'));
    examFolder('a', { 'exam.md': exam, 'q.claims': claims('Q1.double') + claims('Q1.shared').replace(/^size.*\n|^index.*\n|^tensor.*\n|^program[\s\S]*?(?=claim)/gm, '') }, at);
    examFolder('b', { 'exam.md': exam, 'q.claims': claims('Q1.shared') }, at);
    expect(registryOf(loadExams(at)).map((c) => c.id)).toEqual(['Q1.double', 'a/Q1.shared', 'b/Q1.shared']);
  });

  test('a folder of exams that is not there is one line naming it (found by review: it was a stack trace)', () => {
    const at = join(mkdtempSync(join(tmpdir(), 'exams-')), 'none');
    expect(() => loadExams(at)).toThrow(new ExamError(`${at}: no such folder of exams`));
  });

  test('one id twice in one exam is one line naming both places', () => {
    const dir = examFolder('c', { 'exam.md': exam, 'q.claims': claims('Q1.double'), 'r.claims': claims('Q1.double') }, mkdtempSync(join(tmpdir(), 'exams-')));
    expect(errorOf(() => registryOf([readExam(dir)]))).toMatch(/c\/r\.claims:8: claim Q1\.double is already stated at .*c\/q\.claims:8$/);
  });

  test('a claim without an anchor, or of a kind with no check, is one line', () => {
    const noAnchor = examFolder('d', { 'exam.md': exam, 'q.claims': claims('Q1.x').replace(/ {2}anchor:.*\n/, '') }, mkdtempSync(join(tmpdir(), 'exams-')));
    expect(errorOf(() => registryOf([readExam(noAnchor)]))).toMatch(/d\/q\.claims:8: claim Q1\.x needs an anchor: line \(its words in the exam\)$/);
    const unknown = examFolder('e', { 'exam.md': exam, 'q.claims': claims('Q1.x').replace('equal g to f', 'expectation g to f') }, mkdtempSync(join(tmpdir(), 'exams-')));
    expect(errorOf(() => registryOf([readExam(unknown)]))).toMatch(/e\/q\.claims:8: claim Q1\.x: no check for claims of kind "expectation" \(see exams\/README\.md\)$/);
  });
});

describe('a partial backward (one statement group, the rest held fixed)', () => {
  const text = `size B, J, I in 1..2\nindex b in 1..B\nindex j in 1..J\nindex i in 1..I\ntensor W[j, i], h[b, i], R[b, j]\nprogram forward\n  for b, j, i: R[b, j] += W[j, i] * h[b, i]\nprogram backward\n  for b, j, i: h.grad[b, i] += W[j, i] * R.grad[b, j]\nclaim Q.h: gradient backward of forward\n  anchor: Problem 1 "h" … "grad"\n  expected: verified\n  wrong sign: "h.grad[b, i] +=" -> "h.grad[b, i] -=" minus\n`;
  const dir = examFolder('part', { 'exam.md': '**Problem 1.** h.grad\n', 'q.claims': text }, mkdtempSync(join(tmpdir(), 'exams-')));
  const prop = built(registryOf([readExam(dir)])[0]).property!;

  test("is checked on the tensors the claim's backward writes: an answer adding into another is refuted, even a right one", () => {
    expect(trial('Q.h', prop, 'reference', prop.reference.answer, run).failed).toBe(false);
    const withW = prop.reference.answer.replace('program backward\n', 'program backward\n  for b, j, i: W.grad[j, i] += h[b, i] * R.grad[b, j]\n');
    expect(trial('Q.h', prop, 'with-W', withW, run)).toMatchObject({ failed: true, failure: "the backward adds into W.grad, which the claim's leaves alone" });
  });
});

describe('a forward with no value anywhere checks nothing, and is not verified', () => {
  // 1/(s − s) divides by 0 on every example: every one says nothing, so nothing is compared
  const text = `size B, J in 1..2\nindex b in 1..B\nindex j in 1..J\ntensor s[b, j], p[b, j]\nprogram forward\n  for b, j: p[b, j] += 1 / (s[b, j] - s[b, j])\nprogram backward\n  for b, j: s.grad[b, j] += 7 * p.grad[b, j]\nclaim V.s: gradient backward of forward\n  anchor: Problem 1 "s" … "grad"\n  expected: verified\n  wrong sign: "s.grad[b, j] +=" -> "s.grad[b, j] -=" minus\n`;
  const dir = examFolder('void', { 'exam.md': '**Problem 1.** s.grad\n', 'v.claims': text }, mkdtempSync(join(tmpdir(), 'exams-')));
  const prop = built(registryOf([readExam(dir)])[0]).property!;

  test('the reference is "not checked", with the first input and why, never verified', () => {
    const t = trial('V.s', prop, 'reference', prop.reference.answer, run);
    expect(t).toMatchObject({ failed: true, failure: expect.stringMatching(/^not checked: the claim says nothing on any of the \d+ inputs tried \(the first: FORWARD has no value here: /) });
    expect(t.counterexample).toMatchObject({ sizes: expect.any(Object) });
  });
});

describe("a claim file's own program that fails while checked", () => {
  // s[b, j + 1] reads past the axis at j = J: the file's mistake, never examcheck's internal error
  const text = `size B, J in 2..2\nindex b in 1..B\nindex j in 1..J\ntensor s[b, j], p[b, j]\nprogram forward\n  for b, j: p[b, j] += s[b, j + 1]\nprogram backward\n  for b, j: s.grad[b, j] += p.grad[b, j]\nclaim R.s: gradient backward of forward\n  anchor: Problem 1 "s" … "grad"\n  expected: verified\n  wrong sign: "s.grad[b, j] +=" -> "s.grad[b, j] -=" minus\n`;
  const dir = examFolder('past', { 'exam.md': '**Problem 1.** s.grad\n', 'r.claims': text }, mkdtempSync(join(tmpdir(), 'exams-')));
  const claim = registryOf([readExam(dir)])[0];

  test('is the claim file\'s one-line error naming its line and the index', () => {
    const message = errorOf(() => runClaim(claim, run, { corpusDir: null }));
    expect(message).toMatch(/past\/r\.claims:6: index j \+ 1 = 3 is outside 1\.\.2/);
    expect(message).not.toMatch(/internal error|\n/);
  });
});

describe("a claim file's own backward that does not lint or run (issue 16: the file's error, never a verdict nor an erratum)", () => {
  const relu = (backward: string, expected = 'verified') =>
    `size B, J in 1..3\nindex b in 1..B\nindex j in 1..J\ntensor x[b, j], y[b, j]\nprogram forward\n  for b, j: y[b, j] = relu(x[b, j])\nprogram backward\n  for b, j: x.grad[b, j] += ${backward} * ind(x[b, j] > 0)\nclaim Q1.relu: gradient backward of forward\n  anchor: Problem 1 "The relu" … "gradient."\n  expected: ${expected}\n${expected === 'refuted' ? '  finding bad: the backward is ill-formed\n' : ''}`;
  const claimOf = (text: string) => registryOf([readExam(examFolder('relu', { 'exam.md': '**Problem 1.** The relu and its gradient.\n', 'p1.claims': text }, mkdtempSync(join(tmpdir(), 'exams-'))))])[0];

  test.each([
    ['an undeclared tensor', 'z.grad[b, j]', /relu\/p1\.claims:8: undeclared tensor "z"$/],
    ['an index out of its range', 'y.grad[b, j + 1]', /relu\/p1\.claims:8: index j \+ 1 = \d is outside 1\.\.\d \(axis 2 of y\.grad\)$/],
  ])('%s in the reference is a file:line error, and nothing is saved to the corpus', (_, backward, message) => {
    const corpus = mkdtempSync(join(tmpdir(), 'corpus-'));
    const thrown = (() => {
      try {
        runClaim(claimOf(relu(backward)), run, { corpusDir: corpus });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(thrown).toBeInstanceOf(NotationError);
    expect(thrown?.message).toMatch(message);
    expect(readdirSync(corpus)).toEqual([]);
  });

  test("where the claim is expected refuted the ill-formed program is the exam's answer: refuted, as its finding says", () => {
    const r = runClaim(claimOf(relu('z.grad[b, j]', 'refuted')), run, { corpusDir: null });
    expect(r).toMatchObject({ verdict: 'refuted', ok: true, failure: expect.stringMatching(/undeclared tensor "z"/) });
  });

  test("a wrong answer's ill-formed edit is still that answer's refutation", () => {
    const prop = built(claimOf(relu('y.grad[b, j]'))).property!;
    const wrong = prop.reference.answer.replace('y.grad[b, j] *', 'y.grad[b, j + 1] *');
    expect(trial('Q1.relu', prop, 'past', wrong, run)).toMatchObject({ failed: true, failure: expect.stringMatching(/^BACKWARD fails here: \S*relu\/p1\.claims:8: index j \+ 1 = /) });
  });
});

describe('not KIND: a claim the exam answers "no"', () => {
  // the example: well-formed (it passes the lint), and not the gradient of the forward
  const file = (backward: string) => `size B, J, I in 1..3
index b in 1..B
index j in 1..J
index i in 1..I
tensor W[j, i], h[b, i], R[b, j]
program forward
  for b, j, i: R[b, j] += W[j, i] * h[b, i]
program backward
  for b, j, i: ${backward}
claim Q.not: not gradient backward of forward
  anchor: Problem 1 "Is" … "gradient?"
  expected: verified
  wrong right-one: "h.grad[b, j] += W[j, i] * R.grad[b, j]" -> "h.grad[b, i] += W[j, i] * R.grad[b, j]" the true backward
`;
  const dir = examFolder('neg', { 'exam.md': '**Problem 1.** Is h.grad[b, j] += W[j, i] R.grad[b, j] its gradient?\n', 'q.claims': file('h.grad[b, j] += W[j, i] * R.grad[b, j]') }, mkdtempSync(join(tmpdir(), 'exams-')));
  const [claim] = registryOf([readExam(dir)]);

  test('is verified by a witness, and the true backward (for which gradient holds) is refuted', () => {
    const r = runClaim(claim, { ...run, profile: { ...run.profile, numRuns: 20 } }, { corpusDir: null });
    expect(r.verdict, r.failure ?? '').toBe('verified');
    expect(r.wrongAnswers[0]).toMatchObject({ id: 'right-one', refuted: true, failure: expect.stringMatching(/^"gradient backward of forward" held on all \d+ examples searched: no witness that it fails$/) });
  });
});

describe("an answer: line (P6.bias, P6.scale): formula answers and numbers", () => {
  const claim = (id: string) => built(REGISTRY.find((c) => c.id === id)!);
  const bias = claim('P6.bias').property!;
  const scale = claim('P6.scale').property!;
  /** What `examcheck answer` hands toAnswer: the formula compiled by the engine over the claim's variables, in any number system, and its text. */
  const formulaAnswer = (prop: typeof bias, text: string): ClaimAnswer => {
    const names = Object.keys(prop.formula!.variables);
    const file = parseClaimFile(`real ${names.join(', ')}\n`, 'formula');
    const expr = parseExpression(text, 'formula', 0);
    return prop.formula!.toAnswer(
      () => NaN,
      <T,>(F: Field<T>, scope: Readonly<Record<string, T>>) => compileExpression(file, expr, F)({ scalars: new Map(Object.entries(scope)) }),
      text,
    );
  };
  const number = (value: NumericAnswer['value']): NumericAnswer => ({ value, relativeTolerance: 64 * 2 ** -53 });

  test("the formula's variables are the file's reals and integers, the exam's formula its answer: line", () => {
    expect(bias.formula!.reference).toBe('-d*mu_w*mu_x');
    expect(scale.formula!.reference).toBe('sqrt(d*(mu_w^2*sigma_x^2 + mu_x^2*sigma_w^2 + sigma_x^2*sigma_w^2))');
    expect(bias.formula!.variables).toMatchObject({ d: { min: 1, max: 3, integer: true }, mu_w: { min: -4, max: 4 }, sigma_x: { min: 0, max: 4 } });
    expect(Object.keys(bias.formula!.variables)).toEqual(['d', 'mu_w', 'mu_x', 'sigma_w', 'sigma_x']);
  });

  test('a formula becomes the file with its answer: line replaced: an equivalent one verified, a wrong one refuted at its step', () => {
    const right = formulaAnswer(bias, '-(mu_x * mu_w) * d');
    expect(right).toContain('  answer: -(mu_x * mu_w) * d\n');
    expect(trial('P6.bias', bias, 'formula', right, run).failed).toBe(false);
    expect(trial('P6.scale', scale, 'formula', formulaAnswer(scale, 'sqrt(d) * sqrt(mu_w^2*sigma_x^2 + mu_x^2*sigma_w^2 + sigma_w^2*sigma_x^2)'), run).failed).toBe(false);
    const t = trial('P6.bias', bias, 'formula', formulaAnswer(bias, '-mu_w*mu_x'), run);
    expect(t.failure).toMatch(/^line 2 → line 3 fails \(exams\/midterm-practice\/p6\.claims:\d+\): /);
  });

  test('a candidate interface needs an answer: line to judge its number against: one line naming the claim', () => {
    const dir = examFolder('cand', { 'exam.md': '**Problem 1.** $2x = x + x$\n', 'c.claims': 'real x\nclaim C.x: chain\n  anchor: Problem 1 "$2x" … "x$"\n  2*x\n  = x + x\n  wrong w: "= x + x" -> "= x"\n' }, mkdtempSync(join(tmpdir(), 'exams-')));
    const exam = readExam(dir);
    const candidate = { exportName: 'f', description: 'f', protocol: 'function', expects: 'a function f()', remote: () => number(() => 0) } as const;
    expect(errorOf(() => claimsOfFile(exam, exam.claimFiles[0], { 'C.x': { candidate } }))).toMatch(/cand\/c\.claims:2: a claim that takes a candidate module needs an answer: line \(a chain claim\)$/);
    expect(() => claimsOfFile(exam, { ...exam.claimFiles[0], text: exam.claimFiles[0].text.replace('  = x + x', '  answer: x + x').replace('"= x + x" -> "= x"', '"answer: x + x" -> "answer: x"') }, { 'C.x': { candidate } })).not.toThrow();
  });

  test('a formula that branches on a sign is written back as it is: relu(d) for d (d ≥ 1) verified, |μ_w| for μ_w refuted where μ_w < 0', () => {
    expect(trial('P6.bias', bias, 'formula', formulaAnswer(bias, '-relu(d)*max(mu_w, mu_w)*mu_x'), run).failed).toBe(false);
    expect(trial('P6.bias', bias, 'formula', formulaAnswer(bias, '-d*abs(mu_w)*mu_x'), run).failure).toMatch(/^line 2 → line 3 fails .*mu_w = -/);
  });

  test("a number (a student's module) is judged against the chain's first line, and shown at a simple point", () => {
    expect(trial('P6.bias', bias, 'n', number((r) => -r.d * r.mu_w * r.mu_x), run).failed).toBe(false);
    expect(trial('P6.scale', scale, 'n', number((r) => Math.sqrt(r.d * (r.mu_w ** 2 * r.sigma_x ** 2 + r.mu_x ** 2 * r.sigma_w ** 2 + r.sigma_x ** 2 * r.sigma_w ** 2))), run).failed).toBe(false);
    expect(trial('P6.bias', bias, 'n', number((r) => -r.mu_w * r.mu_x), run).failure).toBe('at d = 2, mu_w = 1, mu_x = 1, sigma_w = 0, sigma_x = 0: b = -2, the answer gives -1');
    // off by more than the 64 units of roundoff allowed
    expect(trial('P6.bias', bias, 'n', number((r) => -r.d * r.mu_w * r.mu_x * (1 + 2 ** -40)), run).failed).toBe(true);
    expect(trial('P6.bias', bias, 'n', number(() => NaN), run).failure).toMatch(/, the answer gives NaN$/);
    expect(trial('P6.bias', bias, 'n', number(() => { throw new Error('TODO'); }), run).failure).toBe('the answer threw: TODO');
  });
});

describe("a not claim's witness measurement", () => {
  // y = 2x against y = x + x (the same: no witness) and against y = x + 1 (a witness at x = 0: 0 against 1)
  const text = (g: string) => `size N in 1..2\nindex n in 1..N\ntensor x[n], y[n]\nprogram f\n  for n: y[n] = 2 * x[n]\nprogram g\n  for n: y[n] = ${g}\nclaim Q.not: not equal g to f\n  anchor: Problem 1 "y = 2x" … "twice"\n  expected: verified\n`;
  const measured = (g: string) => {
    const dir = examFolder(`not-${g.length}`, { 'exam.md': '**Problem 1.** y = 2x is x added twice.\n', 'q.claims': text(g) }, mkdtempSync(join(tmpdir(), 'exams-')));
    const claim = registryOf([readExam(dir)])[0];
    if (claim.status !== 'built' || !claim.measure) throw new Error('a not claim has a witness measurement');
    return claim.measure({ ...run, seed: 1 })[0];
  };

  test('shows the shrunk witness and what differs there; says so where the search finds none', () => {
    expect(measured('x[n] + 1')).toMatchObject({ id: 'witness', summary: 'at N = 1; x = [0]: y[1]: g leaves 1, f 0; must be equal exactly in rationals: what f leaves there, run literally on the same inputs (seed 1, shrunk).' });
    expect(measured('x[n] + x[n]')).toMatchObject({ id: 'witness', summary: expect.stringMatching(/^\d+ examples searched \(seed 1\): equal g to f held on every one\.$/) });
  });
});

describe("the Given's statements of an answer program (a repair never edits them)", () => {
  const givenOf = (path: string, id: string) => {
    const file = parseClaimFile(readFileSync(path, 'utf8'), path);
    const block = file.claims.find((b) => b.id === id)!;
    return [...givenStatements(file, block)].map((line) => file.text.split('\n')[line - 1].trim());
  };

  test('a statement marked `# given` (quiz2-p1b: the EMA y), and one written as in SPEC (quiz4-p2c: the start and the nearest code found afresh)', () => {
    expect(givenOf('exams/course-quiz2/p1.claims', 'quiz2-p1b')).toEqual([expect.stringMatching(/^for t: y\[t \+ 1\] = beta\*y\[t\] \+ \(1 - beta\)\*x\[t\] +# given/)]);
    expect(givenOf('exams/course-quiz4/p2.claims', 'quiz4-p2c').map((l) => l.slice(0, 20))).toEqual(['for k, i: Es[0, k, i', 'for k: dists[t, k] =', 'for k: near[t, k] = ']);
    expect(givenOf('exams/course-quiz2/p1.claims', 'quiz2-p1b.line2')).toEqual([]);
    expect([statementKey('for t:  z[t + 1] = x[t]  # note'), GIVEN_MARK.test('  y = 1  # given'), GIVEN_MARK.test('  y = 1  # given: the EMA'), GIVEN_MARK.test('  y = 1  # given that')]).toEqual(['fort:z[t+1]=x[t]', true, true, false]);
  });
});
