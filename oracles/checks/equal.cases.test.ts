/**
 * The equal check's edges (issue 15's mutation run): the 50-digit allowance both ways on a case
 * worked by hand, the claim's errors (a SPEC the lint refuses, a tensor over a range that is not a
 * size), `not equal`, and what an answer or a SPEC failing at run time gives.
 */
import { describe, expect, it } from 'vitest';
import { IndexOutOfRange, NotationError, parseClaimFile } from '../notation/index.ts';
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
    expect(() => checkOf('for n: out[n, c] += A[c]', SPEC)).toThrowErrorWith(/^e\.claims:6: the target's index "c" is not in the for list$/);
  });

  it('a tensor whose index ranges over something other than a size cannot be drawn: an error at its declaration', () => {
    const text = 'size N in 1..3\nindex n in 1..N\nindex m in 1..2*N\ntensor x[m], y[n]\nprogram spec\n  for n: y[n] += x[2*n]\nprogram answer\n  for n: y[n] = x[2*n]\nclaim Q: equal answer to spec\n';
    const file = parseClaimFile(text, 'm.claims');
    expect(() => equalCheck(file, file.claims[0])).toThrowErrorWith(/^m\.claims:4: an equal claim needs index m of x to range over one declared size, from a constant \(1\.\.SIZE, 0\.\.SIZE - 1, 0\.\.SIZE\)$/);
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
    expect(() => checkOf(SPEC, SPEC, kind)).toThrowErrorWith(/^e\.claims:9: an equal claim reads "equal ANSWER to SPEC" \(two programs\)$/);
  });
});

describe("a tensor's axes: each over one declared size, from a constant", () => {
  /** A file whose y (declared at line 4) is SPEC's output, over index m declared as RANGE. */
  const over = (range: string, head = 'size N, C in 1..3') => {
    const file = parseClaimFile(`${head}\nindex m in ${range}\nindex n in 1..N\ntensor y[m]\nprogram spec\n  for m: y[m] += 1\nprogram answer\n  for m: y[m] = 1\nclaim Q: equal answer to spec\n`, 'r.claims');
    return () => equalCheck(file, file.claims[0]);
  };
  /** What the check throws, for its class to be asked too (toThrowErrorWith asks for any Error): a NotationError, the file's error. */
  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    return null;
  };
  const why = (line: number) => new RegExp(`^r\\.claims:${line}: an equal claim needs index m of y to range over one declared size, from a constant \\(1\\.\\.SIZE, 0\\.\\.SIZE - 1, 0\\.\\.SIZE\\)$`);

  it.each([
    ['1..N*C', 'size N, C in 1..3'], // two sizes: an example draws N and C, the extent is neither
    ['1..3', 'size N, C in 1..3'], // no size
    ['1..M', 'size N, C in 1..3\nlet M = N + 1'], // a definition, not a size
    ['1..d', 'size N, C in 1..3\ninteger d in [1, 3]'], // an integer variable, not a size
    ['N..2*N', 'size N, C in 1..3'], // N + 1 entries from N: the low end is no constant
    ['1..N - 1', 'size N, C in 1..3'], // N - 1 entries: fewer than the size
  ])('index m in %s is refused at the tensor', (range, head) => {
    // y is declared on the fourth line after the head's
    const e = thrown(over(range, head));
    expect(e).toBeInstanceOf(NotationError);
    expect((e as Error).message).toMatch(why(head.split('\n').length + 3));
  });

  it('1..N, 0..N - 1 and 0..N are accepted for an output; the names of its entries start at its low end', () => {
    for (const range of ['1..N', '0..N - 1', '0..N']) expect(over(range)().signature.sizes, range).toEqual([{ name: 'N', lo: 1, hi: 3 }]);
  });

  it('an input over 0..T (one more than T) is refused: its values are drawn for exactly a size', () => {
    const file = parseClaimFile('size T in 1..3\nindex t in 0..T - 1\nindex s in 0..T\ntensor x[s], y[t]\nprogram spec\n  for t: y[t] += x[t + 1] - x[t]\nprogram answer\n  for t: y[t] = x[t + 1] - x[t]\nclaim Q: equal answer to spec\n', 'i.claims');
    expect(() => equalCheck(file, file.claims[0])).toThrowErrorWith(/^i\.claims:4: x is an input of an equal claim: index s must range over exactly a declared size \(1\.\.SIZE or 0\.\.SIZE - 1\)$/);
  });
});

describe('the reals and functions an example draws', () => {
  const HEAD = "real mu in [0, 1)\nreal eta in (0, 4]\nreal unused in [1, 2]\nlet eta' = eta / (1 - mu)\nfunction f\ntensor a[], b[], y[]\n";
  const checkOf = (spec: string, answer: string) => {
    const file = parseClaimFile(`${HEAD}program spec\n  ${spec}\nprogram answer\n  ${answer}\nclaim Q: equal answer to spec\n`, 'f.claims');
    return equalCheck(file, file.claims[0]);
  };
  const at = (values: Record<string, number[]>, calls?: number[], reals?: Record<string, number>): GradientCase => ({ sizes: {}, values, outGrad: {}, gradsBefore: {}, directionSeed: 0, ...(calls && { calls: [...calls, ...Array(32 - calls.length).fill(0)] }), ...(reals && { reals }) });

  it("only the reals the programs read, through a definition too: eta' reads eta and mu; unused is not drawn", () => {
    const check = checkOf("y[] = eta' * a[]", "y[] = 2 * eta' * a[] - eta' * a[]");
    expect(check.signature.reals?.map((r) => r.name)).toEqual(['mu', 'eta']);
    // mu = 1/2, eta = 1, a = 3: y = 6 both ways
    expect(check.check(at({ a: [3] }, undefined, { mu: 0.5, eta: 1 }))).toEqual({ holds: true });
    expect(checkOf("y[] = eta' * a[]", 'y[] = eta * a[]').check(at({ a: [3] }, undefined, { mu: 0.5, eta: 1 }))).toEqual({ holds: false, reason: 'y[]: answer leaves 3, spec 6' });
    expect(checkOf('y[] = a[]', 'y[] = 2 * a[] - a[]').signature).not.toHaveProperty('reals');
  });

  it('no function values where neither program calls a declared function (exp is no declared function)', () => {
    expect(checkOf('y[] = exp(a[])', 'y[] = exp(a[])').signature).not.toHaveProperty('functions');
  });

  it('function values where only the answer calls one: y = a + f(a) against y = a is refuted where f(a) = 5', () => {
    const check = checkOf('y[] = a[]', 'y[] = a[] + f(a[])');
    expect(check.signature.functions).toBe(true);
    expect(check.check(at({ a: [1] }, [5]))).toEqual({ holds: false, reason: 'y[]: answer leaves 6, spec 1' });
  });

  it('arguments swapped: f(a, b) against f(b, a) at a = 1, b = 11 are two arguments (1, 11) and (11, 1), f = 1 and 2 there', () => {
    const check = checkOf('y[] = f(a[], b[])', 'y[] = f(b[], a[])');
    expect(check.check(at({ a: [1], b: [11] }, [1, 2]))).toEqual({ holds: false, reason: 'y[]: answer leaves 2, spec 1' });
    // at a = b the two calls are one argument: one value
    expect(check.check(at({ a: [3], b: [3] }, [1, 2]))).toEqual({ holds: true });
  });

  it('arguments told apart exactly: a/10000019 and a/10000019 + 1/10^20 (whose 15-decimal prints agree) are two', () => {
    const check = checkOf('y[] = f(a[] / 10000019)', 'y[] = f(a[] / 10000019 + 1/10^20)');
    expect(check.numbers).toBe('rational');
    expect(check.check(at({ a: [1] }, [1, 2]))).toEqual({ holds: false, reason: 'y[]: answer leaves 2, spec 1' });
  });

  it("an example whose function value is not a number is the example's fault: thrown, not charged to the answer", () => {
    const check = checkOf('y[] = a[]', 'y[] = a[] + f(a[])');
    expect(() => check.check(at({ a: [1] }, [Number.NaN]))).toThrowErrorWith(/not a finite number/);
  });
});

describe('the allowance at its edges', () => {
  it('in rationals even 1/10^45 refutes (at 50 digits it is within 1e-40 · 3)', () => {
    expect(checkOf(SPEC, 'for n, c: out[n, c] = A[c] * (L[n, c] + B[c]) + ind(c == 1) / 10^45').check(x)).toEqual({ holds: false, reason: 'out[1, 1]: answer leaves 2, spec 2' });
  });

  it('at 50 digits exactly 1e-40 · M passes (M = 3, A[2]): out[1, 1] = 2 + 3/10^40 does, 2 + 3.0001/10^40 does not', () => {
    const close = (excess: string) => checkOf(SPEC, `for n, c: out[n, c] = A[c] * (L[n, c] + B[c]) * exp(0) + ind(c == 1) * ${excess} / 10^40`);
    expect(close('3').numbers).toBe('decimal(50)');
    expect(close('3').check(x)).toEqual({ holds: true });
    expect(close('3.0001').check(x)).toEqual({ holds: false, reason: 'out[1, 1]: answer leaves 2, spec 2' });
  });
});
