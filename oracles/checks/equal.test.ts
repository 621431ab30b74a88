/** The equal check: programs that compute the same verified; one that differs refuted, at the entry, with a small witness. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradientCase } from '../../properties/arbitraries/gradient-case.ts';
import { PROFILES } from '../../properties/profile.ts';
import { parseClaimFile } from '../notation/index.ts';
import { equalCheck, type EqualCheck } from './equal.ts';
import type { GradientCase } from './gradient.ts';

const DECLARATIONS = `
size N, C in 1..3
index n in 1..N
index c in 1..C
tensor L[n, c], A[c], B[c], out[n, c], t[n, c]
program spec
  for n, c: out[n, c] += A[c] * (L[n, c] + B[c])
`;
const claimFile = (answer: string, kind = 'equal answer to spec') => `${DECLARATIONS}program answer\n${answer.split('\n').map((l) => `  ${l}\n`).join('')}claim Q: ${kind}\n  expected: verified\n`;
const checkOf = (answer: string, kind?: string): EqualCheck => {
  const file = parseClaimFile(claimFile(answer, kind), 'test.claims');
  return equalCheck(file, file.claims[0]);
};

/** fast-check's shrunk witness where the answer differs (examples where the spec has no value discarded), or null. */
function search(check: EqualCheck): { x: GradientCase; reason: string } | null {
  const run = fc.check(
    fc.property(gradientCase(check.signature, PROFILES.default), (x) => {
      const v = check.check(x);
      fc.pre(v.holds !== 'undefined');
      return v.holds;
    }),
  );
  if (!run.failed) return null;
  const x = run.counterexample![0];
  const v = check.check(x);
  if (v.holds !== false) throw run.errorInstance;
  return { x, reason: v.reason };
}

const x = (values: Record<string, number[]>, sizes = { N: 1, C: 2 }): GradientCase => ({ sizes, values, outGrad: {}, gradsBefore: {}, directionSeed: 0 });

describe('equal ANSWER to SPEC', () => {
  it('reads the roles off SPEC: its inputs are drawn, nothing else', () => {
    const { sizes, inputs, outputs, checked } = checkOf('for n, c: out[n, c] = A[c]*(L[n, c] + B[c])').signature;
    expect(sizes).toEqual(expect.arrayContaining([{ name: 'N', lo: 1, hi: 3 }, { name: 'C', lo: 1, hi: 3 }]));
    expect([...inputs].sort((a, b) => a.name.localeCompare(b.name))).toEqual([{ name: 'A', axes: ['C'] }, { name: 'B', axes: ['C'] }, { name: 'L', axes: ['N', 'C'] }]);
    expect([sizes.length, outputs, checked]).toEqual([2, [], []]);
  });

  it('verifies the same values written another way: with =, through an intermediate, in another order', () => {
    for (const answer of ['for n, c: out[n, c] = A[c]*(L[n, c] + B[c])', 'for n, c: t[n, c] = L[n, c] + B[c]\nfor n, c: out[n, c] += t[n, c] * A[c]', 'for c, n: out[n, c] += A[c]*L[n, c] + A[c]*B[c]']) {
      expect(search(checkOf(answer)), answer).toBeNull();
    }
  });

  it('a known case, worked by hand: A = (2, 3), L = (1, -1), B = (0, 1) give out = (2, 0); the parentheses dropped give (2, 2)', () => {
    const values = { A: [2, 3], L: [1, -1], B: [0, 1] };
    expect(checkOf('for n, c: out[n, c] = A[c]*(L[n, c] + B[c])').check(x(values))).toEqual({ holds: true });
    expect(checkOf('for n, c: out[n, c] = A[c]*L[n, c] + B[c]').check(x(values))).toEqual({ holds: false, reason: 'out[1, 2]: answer leaves -2, spec 0' });
  });

  it('refutes each one-edit change with a witness of one entry, or two channels where only a second channel tells', () => {
    const cases: [string, number][] = [
      ['for n, c: out[n, c] = A[c]*L[n, c] + B[c]', 1],
      ['for n, c: out[n, c] = A[c]*(L[n, c] - B[c])', 1],
      ['for n, c: out[n, c] = 2*A[c]*(L[n, c] + B[c])', 1],
      ['for n, c: out[n, c] = A[c]*(L[n, c] + B[1])', 2],
      ['for n, c: out[n, c] -= A[c]*(L[n, c] + B[c])', 1],
    ];
    for (const [answer, entries] of cases) {
      const found = search(checkOf(answer));
      expect(found, answer).not.toBeNull();
      expect(found!.reason, answer).toMatch(/^out\[\d, \d\]: answer leaves /);
      expect(found!.x.sizes.N * found!.x.sizes.C, `${answer}: ${JSON.stringify(found!.x.sizes)}`).toBe(entries);
    }
  });

  it('an answer that divides by zero, writes another tensor, or is ill-formed is refuted with its reason', () => {
    expect(checkOf('for n, c: out[n, c] = (L[n, c] + B[c])/A[c]').check(x({ A: [0, 1], L: [1, 1], B: [1, 1] }))).toMatchObject({ holds: false, reason: expect.stringMatching(/^answer fails here: .*\/0/) });
    expect(checkOf('for n, c: t[n, c] = A[c]*(L[n, c] + B[c])').check(x({ A: [1, 1], L: [1, 1], B: [1, 1] }))).toEqual({ holds: false, reason: 'answer does not write out' });
    expect(checkOf('for n, c: out[n, c] = A[n]*(L[n, c] + B[c])').check(x({ A: [1, 1], L: [1, 1], B: [1, 1] }))).toEqual({ holds: false, reason: 'test.claims:9: axis 1 of A runs over c in 1..C, but is read with n in 1..N' });
  });

  it('where SPEC has no value the example says nothing; operations rationals lack run at 50 digits', () => {
    const file = parseClaimFile(claimFile('for n, c: out[n, c] = 1').replace('A[c] * (L[n, c] + B[c])', '1 / A[c]'), 'test.claims');
    expect(equalCheck(file, file.claims[0]).check(x({ A: [0, 1] }))).toMatchObject({ holds: 'undefined' });
    const exp = checkOf('for n, c: out[n, c] = A[c]*(L[n, c] + B[c]) * exp(0)');
    expect(exp.numbers).toBe('decimal(50)');
    expect(search(exp)).toBeNull();
  });

  it('a claim that is not "equal ANSWER to SPEC", or names a missing program, is one line', () => {
    expect(() => checkOf('for n, c: out[n, c] = 1', 'equal answer spec')).toThrowErrorWith(/^test\.claims:10: an equal claim reads "equal ANSWER to SPEC" \(two programs\)$/);
    expect(() => checkOf('for n, c: out[n, c] = 1', 'equal answer to nothing')).toThrowErrorWith(/^test\.claims:10: no program nothing$/);
  });

  it('reads T.grad as a tensor of T\'s shape: 02MLP-p3, the efficient softmax backward equals parts a–c run in turn', () => {
    const text = (efficientSign: string) => `
size B, J in 1..3
index b in 1..B
index j in 1..J
tensor s[b, j], Z[b], p[b, j], e[b]
program naive
  for b, j: Z[b] += exp(s[b, j])
  for b, j: p[b, j] += exp(s[b, j]) / Z[b]
  for b, j: s.grad[b, j] += p.grad[b, j] * exp(s[b, j]) / Z[b]
  for b, j: Z.grad[b] -= p.grad[b, j] * exp(s[b, j]) / Z[b]^2
  for b, j: s.grad[b, j] += Z.grad[b] * exp(s[b, j])
program efficient
  for b, j: Z[b] += exp(s[b, j])
  for b, j: p[b, j] += exp(s[b, j]) / Z[b]
  for b, j: e[b] ${efficientSign} p[b, j] * p.grad[b, j]
  for b, j: s.grad[b, j] += p[b, j] * (p.grad[b, j] + e[b])
claim P3: equal efficient to naive
`;
    const checkOn = (sign: string) => {
      const file = parseClaimFile(text(sign), 'test.claims');
      return equalCheck(file, file.claims[0]);
    };
    const right = checkOn('-=');
    expect(right.signature.inputs.map((t) => [t.name, t.axes])).toEqual([['s', ['B', 'J']], ['p.grad', ['B', 'J']]]);
    expect(search(right)).toBeNull();
    expect(search(checkOn('+='))?.reason).toMatch(/^s\.grad\[/);
  });
});
