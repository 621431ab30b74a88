/** Exam folders and anchors: every claim's words are the exam's, and a stale anchor is one line naming its place. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { examWords, parseAnchor, problemsOf, resolveAnchor, type Exam } from './exams.ts';
import { REGISTRY, registryOf, SEED_EXAM } from './registry.ts';

const seedText = readFileSync(new URL('../exams/midterm-practice/exam.md', import.meta.url), 'utf8');
const exam = (text: string, name = SEED_EXAM): Exam => ({ name, textFile: `exams/${name}/exam.md`, problems: problemsOf(text), claimFiles: [] });
const at = { file: 'exams/x/p.claims', line: 7 };

/** One-line error of `f`, or a note that it did not throw. */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'did not throw';
}

describe('the exam folder', () => {
  test('exam.md is the seed exam as given (../shared/exam/midterm-practice.md: 10,213 bytes)', () => {
    expect(Buffer.byteLength(seedText)).toBe(10213);
    expect(seedText.startsWith('## TTIC 31230 Fundamentals of Deep Learning Midterm Exam Practice Questions\n')).toBe(true);
  });

  test('its eight problems, each from its **Problem N.** mark', () => {
    const problems = problemsOf(seedText);
    expect([...problems.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(problems.get(4)!.words.startsWith('**Problem 4.** An intuitive prior')).toBe(true);
    expect(problems.get(4)!.words).not.toContain('Problem 5');
  });
});

describe("every claim's statement is the exam's words", () => {
  const words = examWords(seedText);
  for (const claim of REGISTRY.filter((c) => c.exam === SEED_EXAM)) {
    test(`${claim.id}: its statement occurs in the exam, in its problem`, () => {
      expect(words).toContain(claim.statement);
      expect(problemsOf(seedText).get(claim.problem)!.words).toContain(claim.statement);
    });
  }

  test('known statements, worked out by hand from exam.md', () => {
    const byId = new Map(REGISTRY.map((c) => [c.id, c]));
    expect(byId.get('P4.stationary')!.statement).toBe(String.raw`$$\frac{\partial \ell}{\partial \Theta_i} + \lambda \frac{1}{\Theta_i} = 0$$`);
    expect(byId.get('P6.bias')!.statement).toBe(String.raw`$$b = -E\left[\sum_{i=1}^{d} w_{i}x_{i}\right] = -d\mu_{w}\mu_{x}$$`);
    // a markdown heading inside the words loses its marks
    expect(byId.get('P2.induction')!.statement.endsWith(String.raw`\end{split}$$ And this implies $\Psi^{t+1} = \Theta^{t+1}$`)).toBe(true);
    expect(byId.get('P2.equivalence')!.statement).toBe(
      String.raw`Assume that $\Psi^0 = \Theta^0$ and that $v^0 = \hat{g}^0 = 0$ and define $$\eta' = \frac{\eta}{1 - \mu}$$ Show by induction on t that we have $$v^t = \eta' \, \hat{g}^t$$ $$\Psi^t = \Theta^t$$`,
    );
  });

  test("parts come from the exam's **a.** marks; problems without parts have none", () => {
    const parts = Object.fromEntries(REGISTRY.map((c) => [c.id, c.part ?? null]));
    expect(parts).toMatchObject({ 'P1.forward': 'a', 'P1.backward': 'b', 'P1.numpy': 'c', 'P2.induction': null, 'P6.bias': 'a', 'P6.xavier': 'b', 'P8.half-dropout': null });
  });

  test("claims are listed in the exam's order", () => {
    const ids = REGISTRY.map((c) => c.id);
    expect(ids.indexOf('P1.forward')).toBeLessThan(ids.indexOf('P1.backward'));
    expect(ids.indexOf('P1.backward')).toBeLessThan(ids.indexOf('P1.numpy'));
    expect(ids.indexOf('P6.bias')).toBeLessThan(ids.indexOf('P6.derivation'));
    expect(ids.indexOf('P6.xavier')).toBeLessThan(ids.indexOf('P7.highway'));
    const seed = REGISTRY.filter((c) => c.exam === SEED_EXAM);
    expect(seed.map((c) => c.problem)).toEqual([...seed.map((c) => c.problem)].sort((a, b) => a - b));
  });
});

describe('anchors', () => {
  const seed = exam(seedText);

  test('from the first quote to the end of the first following second quote; whitespace as written or not', () => {
    expect(resolveAnchor(seed, { problem: 3, from: 'or $$k', to: '5' }, at).statement).toBe(String.raw`or $$k \ge \frac{5`);
    expect(resolveAnchor(seed, { problem: 6, from: String.raw`$$b   =
      -E`, to: '\\right]' }, at).statement).toBe(String.raw`$$b = -E\left[\sum_{i=1}^{d} w_{i}x_{i}\right]`);
  });

  test('a stale anchor is one line: file:line, the anchor, the problem', () => {
    const message = errorOf(() => resolveAnchor(seed, { problem: 4, from: String.raw`\lambda \frac{2}{\Theta_i}` }, at));
    expect(message).toBe(String.raw`exams/x/p.claims:7: anchor "\lambda \frac{2}{\Theta_i}" not found in Problem 4 of exam.md`);
    expect(errorOf(() => resolveAnchor(seed, { problem: 4, from: 'An intuitive', to: 'Problem 5' }, at))).toBe(
      'exams/x/p.claims:7: anchor "An intuitive" … "Problem 5" not found in Problem 4 of exam.md',
    );
  });

  test('text found twice in the problem is stale too (the anchor must name one place)', () => {
    expect(errorOf(() => resolveAnchor(seed, { problem: 1, from: String.raw`\operatorname{grad}` }, at))).toMatch(/^exams\/x\/p\.claims:7: anchor "\\operatorname\{grad\}" found \d+ times in Problem 1 of exam\.md: quote more of the text$/);
  });

  test('a problem the exam does not have', () => {
    expect(errorOf(() => resolveAnchor(seed, { problem: 9, from: 'x', to: 'y' }, at))).toBe('exams/x/p.claims:7: anchor "x" … "y": there is no Problem 9 in exams/midterm-practice/exam.md');
  });

  test("a TypeScript claim's stale anchor names registry.ts and the claim's line", () => {
    const edited = seedText.replace('An intuitive prior on numbers', 'A prior on numbers');
    const message = errorOf(() => registryOf([exam(edited)]));
    const line = readFileSync(new URL('./registry.ts', import.meta.url), 'utf8').split('\n').findIndex((l) => l.includes(`'P4.prior': {`)) + 1;
    expect(message).toMatch(new RegExp(`^properties/registry\\.ts:${line}: anchor ".*" not found in Problem 4 of exam\\.md$`));
  });

  test('parseAnchor reads the claim-file form; anything else is one line', () => {
    expect(parseAnchor('Problem 2 "Assume that" … "\\Theta^t$$"', at)).toEqual({ problem: 2, from: 'Assume that', to: '\\Theta^t$$' });
    expect(parseAnchor('Problem 4 "$$\\frac{a}{b}$$"', at)).toEqual({ problem: 4, from: '$$\\frac{a}{b}$$' });
    expect(errorOf(() => parseAnchor('Problem two "x"', at))).toBe('exams/x/p.claims:7: an anchor is Problem N "first words" … "last words" (got Problem two "x")');
  });
});
