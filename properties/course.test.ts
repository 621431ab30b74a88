/**
 * The course's problem sets (exams/course-*, issue 17): per item, the verdict examcheck reaches on
 * the answer as the course published it, written here independently of the claim files' own
 * `expected:` lines, with the line that fails and the shrunk witness for each refuted one. Every
 * claim of those folders runs once, on the answer as written, at a small run count
 * (properties/claims.test.ts leaves them to this file; their wrong answers are refuted by
 * `npx examcheck check`, seeds 1-20 in exams/course-02MLP/README.md), and the refuted answers'
 * witnesses must be the smallest that show the error (values among 0, ±1, ±2).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { ClaimResult } from '../reports/schema.ts';
import { PROFILES, resolveRun, type RunSettings } from './profile.ts';
import { REGISTRY } from './registry.ts';
import { runClaim } from './run.ts';

/** Is this a claim of the course's problem sets? (claims.test.ts leaves these out by the same test.) */
const isCourseClaim = (c: { readonly exam: string }): boolean => c.exam.startsWith('course-');

/** The line of `file` (relative to the repository's root) that holds `text`, wrong answers and findings aside: what a failure must name. */
function lineOf(file: string, text: string): string {
  const lines = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes(text) && !/^\s+(wrong|erratum|finding)\b/.test(l));
  if (at < 0) throw new Error(`${file} has no line with ${text}`);
  return `${file}:${at + 1}`;
}

interface Refuted {
  /** What the failure must say (and, where the answer is ill-formed, the place it names). */
  readonly failure: RegExp | string;
  /** The shrunk witness's sizes, or the chain's point, as the check reports them. */
  readonly witness?: Readonly<Record<string, number>>;
}

/** Every claim of exams/course-*: verified, or refuted with what its failure says. */
const VERDICTS: Readonly<Record<string, 'verified' | Refuted>> = {
  '02MLP-p2a': 'verified',
  '02MLP-p2b': 'verified',
  '02MLP-p2c': 'verified',
  '02MLP-p3': 'verified',
  '02MLP-p3.chain1-2': 'verified',
  '02MLP-p3.chain1-3': 'verified',
  '02MLP-p3.chain2-2': 'verified',
  '02MLP-p3.chain2-3': 'verified',
  // line 2 reads W^{X,R}[k,i] under `for b,j,k`: i is bound nowhere
  '02MLP-p4a': { failure: `${lineOf('exams/course-02MLP/p4.claims', 'Rt[b, j] += W_XR[k, i]')}: index "i" is not bound here` },
  // line 2 adds into h.grad[b,j] for h.grad[b,i]: an index swap, seen at H = 2 and no more
  '02MLP-p4b': { failure: /^h\.grad\[1, [12]\]: the answer added -?\d+, the gradient is -?\d+; must be equal exactly in rationals/, witness: { B: 1, H: 2, K: 1 } },
  '2019-02MLP-p1a': 'verified',
  '2019-02MLP-p1b': 'verified',
  '2019-02MLP-p1c': 'verified',
  '2019-02MLP-p2': 'verified',
  '2019-02MLP-p2.chain1-2': 'verified',
  '2019-02MLP-p2.chain1-3': 'verified',
  '2019-02MLP-p2.chain2-2': 'verified',
  '2019-02MLP-p2.chain2-3': 'verified',
  '2019-02MLP-p4a': { failure: `${lineOf('exams/course-2019-02MLP/p4.claims', 'Rt[b, j] += W_XR[k, i]')}: index "i" is not bound here` },
  '2019-02MLP-p4b': { failure: /^h\.grad\[1, [12]\]: the answer added -?\d+, the gradient is -?\d+; must be equal exactly in rationals/, witness: { B: 1, H: 2, K: 1 } },
  // the left side is L_{l+1,d}[b,x,y,n], the right side reads n_out
  '03CNNs-p5': { failure: `${lineOf('exams/course-03CNNs/p5.claims', 'for b, x, y, n: Lnext[b, x, y, n]')}: index "n_out" is not bound here` },
  '07reg-p9.gradient': 'verified',
  '07reg-p9': 'verified',
  '2019-07reg-p1.gradient': 'verified',
  // Phi = N_train sigma^2 g: the gradient's zero is -N_train sigma^2 g
  '2019-07reg-p1': { failure: `line 1 → line 2 fails (${lineOf('exams/course-2019-07reg/p1.claims', 'answer: N_train')}): line 1 = -1, line 2 = 1, at g_i = 1, Phi_0 = 0, N_train = 1, sigma = 1` },
  'exam1-p1a': 'verified',
  'quiz4-p2a': 'verified',
  'quiz4-p2b': 'verified',
  '11AE-p6a': 'verified',
  '11AE-p6bc': 'verified',
  // count claims
  '03CNNs-p2': 'verified',
  '2019-03CNNs-p1': 'verified',
};

const COURSE = REGISTRY.filter(isCourseClaim);

/** Each claim once, on this run's seed, at 5 examples. */
const run: RunSettings = { ...resolveRun(), profile: { ...PROFILES.quick, numRuns: 5 } };

/** Every number of a JSON value (a counterexample's sizes and entries). */
const numbersOf = (x: unknown): number[] => (typeof x === 'number' ? [x] : x !== null && typeof x === 'object' ? Object.values(x).flatMap(numbersOf) : []);

describe('the course problem sets (exams/course-*)', () => {
  test('every claim of the course folders has its verdict written here, and every verdict its claim', () => {
    const loaded = COURSE.map((c) => c.id);
    expect(loaded.filter((id) => !(id in VERDICTS))).toEqual([]);
    expect(Object.keys(VERDICTS).filter((id) => !loaded.includes(id))).toEqual([]);
  });

  for (const claim of COURSE) {
    test(`${claim.id}: ${typeof VERDICTS[claim.id] === 'string' ? 'verified' : 'refuted, at the line and with the witness written here'}`, () => {
      const want = VERDICTS[claim.id];
      // the answer as written only: its wrong answers are `examcheck check`'s (each shrinks a witness, 50-digit exp at every step for the softmax claims)
      const asWritten = claim.status === 'built' && claim.property ? { ...claim, property: { ...claim.property, wrongAnswers: [] } } : claim;
      const result: ClaimResult = runClaim(asWritten, run, { corpusDir: null });
      const why = `${result.failure}\ncounterexample: ${JSON.stringify(result.counterexample)}\nreplay: ${result.replay}`;
      expect(result.verdict, why).toBe(typeof want === 'string' ? 'verified' : 'refuted');
      if (typeof want === 'string') return;
      if (typeof want.failure === 'string') expect(result.failure).toContain(want.failure);
      else expect(result.failure).toMatch(want.failure);
      if (want.witness) expect((result.counterexample as { sizes: unknown }).sizes).toEqual(want.witness);
      // values shrink to small integers: every entry of the witness among 0, ±1, ±2 (sizes and seeds aside)
      const { sizes: _, directionSeed: __, seed: ___, ...values } = (result.counterexample ?? {}) as Record<string, unknown>;
      expect(numbersOf(values).filter((v) => ![0, 1, -1, 2, -2].includes(v))).toEqual([]);
    });
  }
});
