/**
 * The equal check's edges (issue 15's mutation run): the 50-digit allowance both ways on a case
 * worked by hand, the claim's errors (a SPEC the lint refuses, a tensor over a range that is not a
 * size), `not equal`, and what an answer or a SPEC failing at run time gives.
 */
import { describe, expect, it } from 'vitest';
import { IndexOutOfRange, parseClaimFile } from '../notation/index.ts';
import { equalCheck } from './equal.ts';
import type { GradientCase } from './gradient.ts';

const DECLARATIONS = `size N, C in 1..3
index n in 1..N
index c in 1..C
tensor L[n, c], A[c], B[c], out[n, c]
`;
/** A file with programs spec and answer (one statement each) and claim Q (line 9). */
const checkOf = (spec: string, answer: string, kind = 'equal answer to spec') => {
  const file = parseClaimFile(`${DECLARATIONS}program spec\n  ${spec}\nprogram answer\n  ${answer}\nclaim Q: ${kind}\n`, 'e.claims');
  return equalCheck(file, file.claims[0]);
};
const SPEC = 'for n, c: out[n, c] += A[c] * (L[n, c] + B[c])';
// N = 1, C = 2: out = A ⊙ (L + B) = (2·(1 + 0), 3·(−1 + 1)) = (2, 0); the largest magnitude anywhere is A[2] = 3
const x: GradientCase = { sizes: { N: 1, C: 2 }, values: { A: [2, 3], L: [1, -1], B: [0, 1] }, outGrad: {}, gradsBefore: {}, directionSeed: 0 };

describe('equal at 50 digits', () => {
  it('allows 1e-40 of the largest magnitude: a factor exp(1e-45) (error 2e-45 ≤ 3e-40) passes, exp(1e-30) (2e-30) does not', () => {
    const close = checkOf(SPEC, 'for n, c: out[n, c] = A[c] * (L[n, c] + B[c]) * exp(1e-45)');
    expect(close.numbers).toBe('decimal(50)');
    expect(close.check(x)).toEqual({ holds: true });
    // as doubles both print 2: the verdict is read at 50 digits, not off the printed values
    expect(checkOf(SPEC, 'for n, c: out[n, c] = A[c] * (L[n, c] + B[c]) * exp(1e-30)').check(x)).toEqual({ holds: false, reason: 'out[1, 1]: answer leaves 2, spec 2' });
    // below the truth as much as above: the error is an absolute value
    expect(checkOf(SPEC, 'for n, c: out[n, c] = A[c] * (L[n, c] + B[c]) * exp(-1e-30)').check(x)).toEqual({ holds: false, reason: 'out[1, 1]: answer leaves 2, spec 2' });
  });

  it('in rationals any difference refutes: 2 + 1/10^30 is not 2', () => {
    const exact = checkOf(SPEC, 'for n, c: out[n, c] = A[c] * (L[n, c] + B[c]) + ind(c == 1) * 1e-30');
    expect(exact.numbers).toBe('rational');
    expect(exact.check(x)).toEqual({ holds: false, reason: 'out[1, 1]: answer leaves 2, spec 2' });
  });
});

describe('the claim as written', () => {
  it('not equal is negated; the roles are the same', () => {
    const check = checkOf(SPEC, SPEC, 'not equal answer to spec');
    expect(check.negated).toBe(true);
    expect(checkOf(SPEC, SPEC).negated).toBe(false);
    expect(check.check(x)).toEqual({ holds: true });
  });

  it("a SPEC the lint refuses is the claim's error, at the SPEC's line", () => {
    expect(() => checkOf('for n: out[n, c] += A[c]', SPEC)).toThrow(/^e\.claims:6: the target's index "c" is not in the for list$/);
  });

  it('a tensor whose index ranges over something other than a size cannot be drawn: an error at its declaration', () => {
    const text = 'size N in 1..3\nindex n in 1..N\nindex m in 1..2*N\ntensor x[m], y[n]\nprogram spec\n  for n: y[n] += x[2*n]\nprogram answer\n  for n: y[n] = x[2*n]\nclaim Q: equal answer to spec\n';
    const file = parseClaimFile(text, 'm.claims');
    expect(() => equalCheck(file, file.claims[0])).toThrow(/^m\.claims:4: an equal claim needs index m of x to range over one declared size, from a constant \(1\.\.SIZE, 0\.\.SIZE - 1, 0\.\.SIZE\)$/);
  });
});

describe('failures at run time', () => {
  it("an answer reading past an axis is refuted with the index error; the SPEC's own is thrown (the claim is wrong, not the answer)", () => {
    expect(checkOf(SPEC, 'for n, c: out[n, c] = A[c + 1] * (L[n, c] + B[c])').check(x)).toEqual({ holds: false, reason: 'answer fails here: e.claims:8: index c + 1 = 3 is outside 1..2 (axis 1 of A)' });
    expect(() => checkOf('for n, c: out[n, c] += A[c + 1]', SPEC).check(x)).toThrow(IndexOutOfRange);
  });

  it('where SPEC has no value the reason says so: 1/0', () => {
    expect(checkOf('for n, c: out[n, c] += 1 / A[c]', SPEC).check({ ...x, values: { A: [0, 1] } })).toEqual({ holds: 'undefined', reason: 'spec has no value here: 1/0' });
  });
});

describe('roles and the claim line', () => {
  /** A file whose spec is several statements (lines 6, 7, …), then program answer and claim Q. */
  const twoStep = (spec: string[], answer: string) => {
    const text = `${DECLARATIONS}tensor t[n, c]\nprogram spec\n${spec.map((l) => `  ${l}\n`).join('')}program answer\n  ${answer}\nclaim Q: equal answer to spec\n`;
    const file = parseClaimFile(text, 't.claims');
    return equalCheck(file, file.claims[0]);
  };

  it('a tensor SPEC writes and reads later is neither drawn nor compared: t = L + B, out = A·t', () => {
    const check = twoStep(['for n, c: t[n, c] += L[n, c] + B[c]', 'for n, c: out[n, c] += A[c] * t[n, c]'], 'for n, c: out[n, c] = A[c] * (L[n, c] + B[c])');
    expect(check.signature.inputs.map((i) => i.name).sort()).toEqual(['A', 'B', 'L']);
    // the answer writes no t, and is right about out = (2, 0)
    expect(check.check(x)).toEqual({ holds: true });
    expect(twoStep(['for n, c: t[n, c] += L[n, c] + B[c]', 'for n, c: out[n, c] += A[c] * t[n, c]'], 'for n, c: out[n, c] = A[c] * L[n, c]').check(x)).toEqual({ holds: false, reason: 'out[1, 2]: answer leaves -3, spec 0' });
  });

  it('a tensor the last statement writing it also reads is an output: out = A·L, then out = out + A·B', () => {
    const spec = ['for n, c: out[n, c] += A[c] * L[n, c]', 'for n, c: out[n, c] = out[n, c] + A[c] * B[c]'];
    // out = (2·1 + 2·0, 3·(−1) + 3·1) = (2, 0); A·L alone leaves (2, −3)
    expect(twoStep(spec, 'for n, c: out[n, c] = A[c] * (L[n, c] + B[c])').check(x)).toEqual({ holds: true });
    expect(twoStep(spec, 'for n, c: out[n, c] = A[c] * L[n, c]').check(x)).toEqual({ holds: false, reason: 'out[1, 2]: answer leaves -3, spec 0' });
  });

  it('gradient tensors are tensors like any other: A.grad written by both', () => {
    const check = checkOf('for c: A.grad[c] += B[c] * 2', 'for c: A.grad[c] = B[c] + B[c]');
    expect(check.signature.inputs).toEqual([{ name: 'B', axes: ['C'] }]);
    expect(check.check(x)).toEqual({ holds: true });
  });

  it('an ill-formed answer is refuted on every example, in rationals', () => {
    const check = checkOf(SPEC, 'for n: out[n, c] = 1');
    expect(check.numbers).toBe('rational');
    expect(check.check(x)).toEqual({ holds: false, reason: 'e.claims:8: the target\'s index "c" is not in the for list' });
  });

  it.each(['same answer to spec', 'equal answer of spec', 'equal answer to', 'equal answer to spec and more'])('"claim Q: %s" is not an equal claim: one line at the claim', (kind) => {
    expect(() => checkOf(SPEC, SPEC, kind)).toThrow(/^e\.claims:9: an equal claim reads "equal ANSWER to SPEC" \(two programs\)$/);
  });
});
