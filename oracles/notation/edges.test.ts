/** The engine's edges: errors it raises itself (without the lint first), environments, memos, constants. */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { float64 } from '../numbers/float64.ts';
import { rational } from '../numbers/rational.ts';
import type { Ring } from '../numbers/tower.ts';
import { compileExpression, compileProgram, IndexOutOfRange, lint, NotationError, parseClaimFile, type Tensor } from './index.ts';

const rat = rational as Ring<Fraction>;
const DECL = `size N, M in 1..4
index i in 1..N
index m in 1..M
tensor x[i], y[i], A[i, m], E[i]
real eta
`;
const program = (statements: string) => {
  const file = parseClaimFile(`${DECL}program p\n${statements}\n`, 'g.claims');
  return { file, p: file.programs.get('p')! };
};
const fr = (xs: number[]) => xs.map((v) => new Fraction(v));

describe('compileProgram refuses what the lint would have found, at compile time', () => {
  it.each<[string, string]>([
    ['  for i: y[i] = x[m]', 'g.claims:7: index "m" is not bound here (not a loop index, not a sum\'s)'],
    ['  for i: y[i] = A[i]', 'g.claims:7: A has 2 axes (A[i, m]) but is read as A[i]'],
    ['  for q: y[1] = 1', 'g.claims:7: "q" in the for list is not a declared index'],
    ['  for i: Q[i] = 1', 'g.claims:7: undeclared tensor "Q"'],
    ['  for i: y[i] = x[eta]', 'g.claims:7: "eta" is not an index, a size or an integer'],
    ['  for i: y[i] = x[i / 2]', 'g.claims:7: "i / 2" is not an index expression (letters, sizes, integers, + - *, gathers k[p])'],
    ['  for i: y[i] = x[1.5]', 'g.claims:7: 1.5 is not an integer index'],
  ])('%s', (statement, message) => {
    const { file, p } = program(statement);
    expect(() => compileProgram(file, p, rat)).toThrow(new NotationError(message));
  });
});

describe('runs', () => {
  it('reads reals from the environment, restores a loop letter a sum rebinds, allocates a written gradient with its tensor’s shape', () => {
    const { file, p } = program('  for i: y[i] = eta * x[i] + sum(i, 0 * i) + i\n  for i: x.grad[i] += -x[N + 1 - i] + x[1 * i] - x[+i]');
    const tensors = new Map<string, Tensor<Fraction>>([['x', { shape: [3], data: fr([1, 2, 4]) }]]);
    compileProgram(file, p, rat).run({ sizes: { N: 3 }, tensors, scalars: new Map([['eta', new Fraction(10)]]) });
    expect(tensors.get('y')!.data.map(Number)).toEqual([11, 22, 43]);
    expect(tensors.get('x.grad')!.shape).toEqual([3]);
    expect(tensors.get('x.grad')!.data.map(Number)).toEqual([-4, -2, -1]);
  });

  it.each<[number[], number, string]>([
    [[3, 1], 3, 'g.claims:4: A has shape [3, 1] (3 entries) where its declaration gives [3, 2]'],
    [[3], 3, 'g.claims:4: A has shape [3] (3 entries) where its declaration gives [3, 2]'],
    [[3, 2], 5, 'g.claims:4: A has shape [3, 2] (5 entries) where its declaration gives [3, 2]'],
  ])('a tensor of shape %j with %i entries is refused, naming its declaration', (shape, entries, message) => {
    const { file, p } = program('  for i, m: y[i] += A[i, m]');
    const tensors = new Map([['A', { shape, data: fr(Array.from({ length: entries }, () => 1)) }]]);
    expect(() => compileProgram(file, p, rat).run({ sizes: { N: 3, M: 2 }, tensors })).toThrow(new NotationError(message));
  });

  it('a tensor named E is a tensor, not an expectation', () => {
    const { file, p } = program('  for i: y[i] = E[i] * 2');
    const tensors = new Map([['E', { shape: [2], data: fr([1, 5]) }]]);
    compileProgram(file, p, rat).run({ sizes: { N: 2 }, tensors });
    expect(tensors.get('y')!.data.map(Number)).toEqual([2, 10]);
  });

  it('each comparison at the equal point, below and above', () => {
    const { file, p } = program('  for i: y[i] = ind(x[i] > 0) + 2 * ind(x[i] >= 0) + 4 * ind(x[i] < 0) + 8 * ind(x[i] <= 0) + 16 * ind(x[i] == 0) + 32 * ind(x[i] != 0)');
    const tensors = new Map([['x', { shape: [3], data: fr([-1, 0, 1]) }]]);
    compileProgram(file, p, rat).run({ sizes: { N: 3 }, tensors });
    expect(tensors.get('y')!.data.map(Number)).toEqual([4 + 8 + 32, 2 + 8 + 16, 1 + 2 + 32]);
  });
});

describe('expressions: environments, memos, powers, constants', () => {
  const file = parseClaimFile(`${DECL.replace(', E[i]', '')}integer d in [1, 3]\nindex k in 1..d\nrandom w[k]\nfunction g\nlet gx = g(eta)\nlet twice = 2 * w[1]\n`, 'x.claims');
  const scalars = new Map([['eta', new Fraction(3)], ['d', new Fraction(2)]]);

  it('reads tensors and sizes from the environment', () => {
    const f = compileExpression(file, 'sum(i, x[i]) + N', rat);
    expect(Number(f({ scalars, sizes: { N: 2 }, tensors: new Map([['x', { shape: [2], data: fr([5, 7]) }]]) }))).toBe(14);
    expect(() => f({ scalars, sizes: { N: 2 } })).toThrow(new NotationError('x.claims: no tensor x to read'));
  });

  it('a definition is computed once per point outside E, at every outcome inside', () => {
    let calls = 0;
    const call = () => (calls++, new Fraction(7));
    expect(Number(compileExpression(file, 'gx + gx * gx', rat)({ scalars, call }))).toBe(56);
    expect(calls).toBe(1);
    let reads = 0;
    const expect2 = (body: (r: (n: string) => Fraction) => Fraction) => [1, 3].map((v) => body(() => (reads++, new Fraction(v)))).reduce((a, b) => a.add(b)).div(2);
    // E[2w + 2w] over w ∈ {1, 3}: 8; w read twice per outcome (no memo inside E)
    expect(Number(compileExpression(file, 'E[twice + twice]', rat)({ scalars, expect: expect2 }))).toBe(8);
    expect(reads).toBe(4);
  });

  it('an expectation is computed once per point, even inside another (E[(w − E[w])²])', () => {
    let expectations = 0;
    const env = { scalars, expect: (body: (r: (n: string) => Fraction) => Fraction) => (expectations++, [1, 3].map((v) => body(() => new Fraction(v))).reduce((a, b) => a.add(b)).div(2)) };
    expect(Number(compileExpression(file, 'E[(w[1] - E[w[1]])^2]', rat)(env))).toBe(1);
    expect(expectations).toBe(2);
  });

  it('random variables: only inside E, only within their range; functions and E need the environment', () => {
    expect(() => compileExpression(file, 'w[1]', rat)({ scalars })).toThrow(new NotationError('x.claims: w[1] is random: put it inside E[...]'));
    const expect1 = (body: (r: (n: string) => Fraction) => Fraction) => body(() => new Fraction(1));
    expect(() => compileExpression(file, 'E[w[d + 1]]', rat)({ scalars, expect: expect1 })).toThrow(new IndexOutOfRange('x.claims: index d + 1 = 3 is outside 1..2 (w)'));
    expect(() => compileExpression(file, 'E[w[0]]', rat)({ scalars, expect: expect1 })).toThrow(new IndexOutOfRange('x.claims: index 0 = 0 is outside 1..2 (w)'));
    expect(Number(compileExpression(file, 'E[w[d]]', rat)({ scalars, expect: expect1 }))).toBe(1);
    expect(() => compileExpression(file, 'g(1)', rat)({ scalars })).toThrow(new NotationError('x.claims: function "g" has no values here'));
    expect(() => compileExpression(file, 'E[1]', rat)({ scalars })).toThrow(new NotationError('x.claims: E[...] needs laws: this expression has none'));
    expect(() => compileExpression(file, 'eta', rat)({ scalars: new Map() })).toThrow(new NotationError('x.claims: no value for eta'));
  });

  it('whole constant powers use no exp or log, and need no division from x^0 up; others use exp and log', () => {
    expect([...compileExpression(file, 'eta^3 + eta^0', float64).operations]).toEqual([]);
    expect([...compileExpression(file, 'eta^d', float64).operations]).toEqual(['exp', 'log']);
    const ring = { ...rat, div: undefined, fromRational: undefined } as unknown as Ring<Fraction>;
    expect(Number(compileExpression(file, 'eta^3 + eta^0', ring)({ scalars }))).toBe(28);
    expect(() => compileExpression(file, 'eta^-1', ring)).toThrow(new NotationError('x.claims: a negative power needs div, which this number system does not have'));
    expect(() => compileExpression(file, '0.5', ring)).toThrow(new NotationError('x.claims: the constant 0.5 needs fromRational, which this number system does not have'));
    expect(() => compileExpression(file, 'log2(eta)', rat)).toThrow(new NotationError('x.claims: log2(...) needs log, which this number system does not have'));
    expect(() => compileExpression(file, 'sigma(eta)', rat)).toThrow(new NotationError('x.claims: sigma(...) needs exp, which this number system does not have'));
  });

  it('constants are the decimals written, with exponents either way', () => {
    const value = compileExpression(file, '1.5e-7 + 1e21 + 0.25', rat)({ scalars });
    expect(value.equals(new Fraction(10n ** 29n + 25n * 10n ** 6n + 15n, 10n ** 8n))).toBe(true);
  });
});

describe('the lint: indices that are not letters are left to the run', () => {
  it('a size or a constant as an index, in the target and on the right, is no finding', () => {
    const { file, p } = program('  for i: y[N] += A[i, M] + x[2]');
    expect(lint(file, p)).toEqual([]);
  });
});
