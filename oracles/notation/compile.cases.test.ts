/**
 * The compiler's edges (issue 15's mutation run on the engine): index arithmetic with unary signs
 * and range arithmetic, powers in a ring without division, the run-time errors a claim file or a
 * caller can meet, each one line naming the file, the line and the name. Expected values are worked
 * out by hand from the notation's definitions (exams/README.md), not read off a run.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { dyadic, dyadicToNumber, type Dyadic } from '../numbers/dyadic.ts';
import { float64 } from '../numbers/float64.ts';
import { rational } from '../numbers/rational.ts';
import { NotRepresentable, type Ring } from '../numbers/tower.ts';
import { compileExpression, compileProgram, IndexOutOfRange, indexRange, NotationError, parseClaimFile, tensorShape, type Tensor } from './index.ts';

const rat = rational as Ring<Fraction>;
const q = (x: number) => new Fraction(x);

const DECL = `size N, M in 1..6
index i in 1..N
index m in 1..M
tensor x[i], y[i], A[i, m]
`;
/** Program p of DECL plus `statement` (on line 6), run in the rationals; returns tensor `out`. */
function run(statement: string, sizes: Record<string, number>, given: Record<string, number[]>, out: string): number[] {
  const file = parseClaimFile(`${DECL}program p\n  ${statement}\n`, 't.claims');
  const tensors = new Map<string, Tensor<Fraction>>(Object.entries(given).map(([t, data]) => [t, { shape: tensorShape(file, t, sizes), data: data.map(q) }]));
  compileProgram(file, file.programs.get('p')!, rat).run({ sizes, tensors });
  return tensors.get(out)!.data.map((v) => v.valueOf());
}
/** Compiling program p of DECL plus `statement` (line 6). */
const compiling = (statement: string) => () => {
  const file = parseClaimFile(`${DECL}program p\n  ${statement}\n`, 't.claims');
  return compileProgram(file, file.programs.get('p')!, rat);
};

describe('index expressions', () => {
  it('unary minus and plus in an index: x[-1 + 3] is x[2], x[+1] is x[1], x[-(-i)] is x[i]', () => {
    expect(run('for i: y[i] = x[-1 + 3] + 100 * x[+1] + 1000 * x[-(-i)]', { N: 3 }, { x: [1, 2, 3] }, 'y')).toEqual([1102, 2102, 3102]);
  });

  it('a range computed from sizes: 1..2*N - 1, 1..N + M, 1..-(-N)', () => {
    const file = parseClaimFile('size N, M in 1..6\nindex j in 1..2*N - 1\nindex k in 1..N + M\nindex h in 1..-(-N)\n', 'r.claims');
    // 2·3 − 1 = 5, 3 + 4 = 7, −(−3) = 3
    expect(['j', 'k', 'h'].map((l) => indexRange(file, l, { N: 3, M: 4 }))).toEqual([5, 7, 3]);
  });

  it('a range read off a definition is computed in the integers: K = N*N - N + -1 is 5 at N = 3', () => {
    const file = parseClaimFile('size N in 1..6\nlet K = N * N - N + -1\nindex k in 1..K\n', 'r.claims');
    // 9 − 3 − 1; each of ×, −, +, unary − replaced by another operation gives another number
    expect(indexRange(file, 'k', { N: 3 })).toBe(5);
  });

  it('an index that is not an integer, not an index expression, or unbound is an error naming it', () => {
    expect(compiling('for i: y[i] = x[1.5]')).toThrow(new NotationError('t.claims:6: 1.5 is not an integer index'));
    expect(compiling('for i: y[i] = x[i / 2]')).toThrow(new NotationError('t.claims:6: "i / 2" is not an index expression (letters, sizes, integers, + - *, gathers k[p])'));
    const file = parseClaimFile('real r\ninteger d in [1, 3]\nsize N in 1..4\nindex i in 1..N\ntensor x[i]\n', 'e.claims');
    expect(() => compileExpression(file, 'x[r]', rat)).toThrow(new NotationError('e.claims: "r" is not an index, a size or an integer'));
    const xs = new Map([['x', { shape: [2], data: [q(5), q(7)] }]]);
    // an expression (not a program) may name a letter; it has a value only where a sum binds it
    expect(() => compileExpression(file, 'x[i]', rat)({ scalars: new Map(), sizes: { N: 2 }, tensors: xs })).toThrow(new NotationError('e.claims: index "i" is not bound here'));
    expect(compileExpression(file, 'sum(i, x[i])', rat)({ scalars: new Map(), sizes: { N: 2 }, tensors: xs }).valueOf()).toBe(12);
    expect(() => compileExpression(file, 'x[N]', rat)({ scalars: new Map(), tensors: xs })).toThrow(new NotationError('e.claims: no value for the size N'));
    expect(compileExpression(file, 'x[N]', rat)({ scalars: new Map(), sizes: { N: 2 }, tensors: xs }).valueOf()).toBe(7);
    expect(() => compileExpression(file, 'x[d]', rat)({ scalars: new Map([['d', q(1.5)]]), tensors: xs })).toThrow(new NotationError('e.claims: d = 1.5 is not an integer'));
    expect(() => compileExpression(file, 'x[1]', rat)({ scalars: new Map() })).toThrow(new NotationError('e.claims: no tensor x to read'));
  });

  it('a gather whose value is not an integer is an error naming the gather', () => {
    const text = 'size N, T in 1..4\nindex i in 1..N\nindex t in 1..T\ntensor x[i], k[t], z[t]\nprogram p\n  for t: z[t] = x[k[t]]\n';
    const file = parseClaimFile(text, 'g.claims');
    const tensors = new Map([['x', { shape: [2], data: [q(1), q(2)] }], ['k', { shape: [1], data: [new Fraction(1, 2)] }]]);
    expect(() => compileProgram(file, file.programs.get('p')!, rat).run({ sizes: { N: 2, T: 1 }, tensors })).toThrow(new NotationError('g.claims:6: k[t] = 0.5 is not an integer'));
  });
});

describe('tensors a program names', () => {
  it('a target or a read of an undeclared tensor, or of the wrong arity, fails at compile time naming it (the parser leaves these to lint)', () => {
    expect(compiling('for i: Q[i] = x[i]')).toThrow(new NotationError('t.claims:6: undeclared tensor "Q"'));
    // the gradient tensor of an undeclared tensor names the tensor, not Q.grad
    expect(compiling('for i: Q.grad[i] = x[i]')).toThrow(new NotationError('t.claims:6: undeclared tensor "Q"'));
    expect(compiling('for i: y[i] = A[i]')).toThrow(new NotationError('t.claims:6: A has 2 axes (A[i, m]) but is read as A[i]'));
    expect(compiling('for i, m: y[i] = x[i, m]')).toThrow(new NotationError('t.claims:6: x has 1 axis (x[i]) but is read as x[i, m]'));
    expect(compiling('for q: y[1] = 1')).toThrow(new NotationError('t.claims:6: "q" in the for list is not a declared index'));
  });

  it('tensorShape of an undeclared tensor is an error naming the file and the tensor', () => {
    const file = parseClaimFile(DECL, 't.claims');
    expect(tensorShape(file, 'A', { N: 2, M: 5 })).toEqual([2, 5]);
    expect(() => tensorShape(file, 'Q', { N: 2, M: 5 })).toThrow(new NotationError('t.claims: no tensor "Q" is declared'));
  });
});

describe('powers and capabilities', () => {
  const file = parseClaimFile('real x\ninteger d in [0, 3]\nfunction g\nrandom w\nsize N in 1..3\nindex i in 1..N\nrandom v[i]\n', 'e.claims');
  const dy = (x: number): Dyadic => dyadic.fromNumber(x);

  it('in a ring without division (dyadics): x^(d - 1) is a product for d ≥ 1, x^0 = 1 at d = 1; d = 0 asks for division', () => {
    const f = compileExpression(file, 'x^(d - 1)', dyadic);
    const at = (x: number, d: number) => dyadicToNumber(f({ scalars: new Map([['x', dy(x)], ['d', dy(d)]]) }));
    expect([at(3, 3), at(3, 2), at(3, 1)]).toEqual([9, 3, 1]);
    expect(() => at(3, 0)).toThrow(new NotRepresentable('e.claims: the power (d - 1) = -1 is not a whole number of a system with division'));
  });

  it('a negative constant power, or a constant that is not whole, needs a capability the ring lacks: a compile-time error', () => {
    expect(() => compileExpression(file, 'x^-2', dyadic)).toThrow(new NotationError('e.claims: a negative power needs div, which this number system does not have'));
    expect(() => compileExpression(file, 'x * 0.5', dyadic)).toThrow(new NotationError('e.claims: the constant 0.5 needs fromRational, which this number system does not have'));
    expect(() => compileExpression(file, 'sigma(x)', rat)).toThrow(new NotationError('e.claims: sigma(...) needs exp, which this number system does not have'));
  });

  it('a system with exp but no log takes the whole-number path for a power (a hypothetical instance)', () => {
    const noLog = { ...float64, log: undefined } as unknown as Ring<number>;
    const f = compileExpression(file, 'x^(d - 1)', noLog);
    // 2^(3 − 1) = 4, a product: no log asked for
    expect(f({ scalars: new Map([['x', 2], ['d', 3]]) })).toBe(4);
    expect([...f.operations]).toEqual([]);
  });

  it('a declared function without values, E[...] without laws, a real without a value: one line each', () => {
    const none = { scalars: new Map<string, Fraction>() };
    expect(() => compileExpression(file, 'g(1)', rat)(none)).toThrow(new NotationError('e.claims: function "g" has no values here'));
    expect(() => compileExpression(file, 'E[w]', rat)(none)).toThrow(new NotationError('e.claims: E[...] needs laws: this expression has none'));
    expect(() => compileExpression(file, 'x + 1', rat)(none)).toThrow(new NotationError('e.claims: no value for x'));
    expect(() => compileExpression(file, 'N + 1', rat)(none)).toThrow(new NotationError('e.claims: no value for the size N'));
    expect(compileExpression(file, 'N + 1', rat)({ ...none, sizes: { N: 2 } }).valueOf()).toBe(3);
  });

  it("a random family's member outside its index range is an IndexOutOfRange naming the family", () => {
    // each member v[k] has the value k under this "law": E[v[N]] is N
    const expect_ = (body: (random: (name: string) => Fraction) => Fraction) => body((name) => q(Number(name.slice(2, -1))));
    expect(compileExpression(file, 'E[v[N]]', rat)({ scalars: new Map(), sizes: { N: 3 }, expect: expect_ }).valueOf()).toBe(3);
    expect(() => compileExpression(file, 'E[v[N + 1]]', rat)({ scalars: new Map(), sizes: { N: 3 }, expect: expect_ })).toThrow(new IndexOutOfRange('e.claims: index N + 1 = 4 is outside 1..3 (v)'));
    expect(() => compileExpression(file, 'E[v[N - 3]]', rat)({ scalars: new Map(), sizes: { N: 3 }, expect: expect_ })).toThrow(new IndexOutOfRange('e.claims: index N - 3 = 0 is outside 1..3 (v)'));
  });

  it('a program has no function values and no laws: g(...) and E[...] in a program are one-line errors when it runs', () => {
    const text = 'size N in 1..3\nindex i in 1..N\ntensor x[i], y[i]\nfunction g\nrandom w\nprogram p\n  for i: y[i] = g(x[i])\nprogram q\n  for i: y[i] = E[w] * x[i]\n';
    const file = parseClaimFile(text, 'p.claims');
    const env = () => ({ sizes: { N: 1 }, tensors: new Map([['x', { shape: [1], data: [q(2)] }]]) });
    expect(() => compileProgram(file, file.programs.get('p')!, rat).run(env())).toThrow(new NotationError('p.claims:7: function "g" has no values here'));
    expect(() => compileProgram(file, file.programs.get('q')!, rat).run(env())).toThrow(new NotationError('p.claims:9: E[...] needs laws: this expression has none'));
  });

  it('a tensor or a random family named E is read as itself, not as an expectation', () => {
    const text = 'size N in 1..3\nindex i in 1..N\ntensor E[i], y[i]\nprogram p\n  for i: y[i] = 10 * E[i]\n';
    const file = parseClaimFile(text, 'p.claims');
    const tensors = new Map([['E', { shape: [2], data: [q(1), q(2)] }]]);
    compileProgram(file, file.programs.get('p')!, rat).run({ sizes: { N: 2 }, tensors });
    expect(tensors.get('y')!.data.map((v) => v.valueOf())).toEqual([10, 20]);
    const family = parseClaimFile('size N in 1..3\nindex i in 1..N\nrandom E[i]\n', 'r.claims');
    // E[1] is the family's first member, random, so it has a value only inside an expectation
    expect(() => compileExpression(family, 'E[1]', rat)({ scalars: new Map(), sizes: { N: 2 } })).toThrow(new NotationError('r.claims: E[1] is random: put it inside E[...]'));
  });

  it("a given tensor's shape is checked axis by axis, not only by its number of entries (and a gradient's against its tensor's line)", () => {
    const text = 'size N, M in 1..6\nindex i in 1..N\nindex m in 1..M\ntensor A[i, m], y[i]\nprogram p\n  for i, m: y[i] += A[i, m]\nprogram g\n  for i, m: y[i] += A.grad[i, m]\n';
    const file = parseClaimFile(text, 's.claims');
    const six = [1, 2, 3, 4, 5, 6].map(q);
    const given = (name: string, shape: number[], data: Fraction[]) => ({ sizes: { N: 2, M: 3 }, tensors: new Map([[name, { shape, data }]]) });
    // A is [2, 3]: [3, 2] has its 6 entries, [2] with M = 1 its 2, but neither is its shape
    expect(() => compileProgram(file, file.programs.get('p')!, rat).run(given('A', [3, 2], six))).toThrow(new NotationError('s.claims:4: A has shape [3, 2] (6 entries) where its declaration gives [2, 3]'));
    expect(() => compileProgram(file, file.programs.get('p')!, rat).run({ sizes: { N: 2, M: 1 }, tensors: new Map([['A', { shape: [2], data: six.slice(0, 2) }]]) })).toThrow(new NotationError('s.claims:4: A has shape [2] (2 entries) where its declaration gives [2, 1]'));
    expect(() => compileProgram(file, file.programs.get('g')!, rat).run(given('A.grad', [6], six))).toThrow(new NotationError('s.claims:4: A.grad has shape [6] (6 entries) where its declaration gives [2, 3]'));
    const right = given('A', [2, 3], six);
    compileProgram(file, file.programs.get('p')!, rat).run(right);
    // y = row sums: 1 + 2 + 3, 4 + 5 + 6
    expect(right.tensors.get('y')!.data.map((v) => v.valueOf())).toEqual([6, 15]);
  });

  it('a constant with several digits before the point is read as written: 12.5 is 25/2', () => {
    const file = parseClaimFile('real x\n', 'c.claims');
    expect(compileExpression(file, 'x * 12.5', rat)({ scalars: new Map([['x', q(2)]]) }).valueOf()).toBe(25);
    expect(compileExpression(file, '12.5', rat)({ scalars: new Map() }).toFraction()).toBe('25/2');
  });

  it('ind reads its comparison through parentheses: ind((x > 1)) is 1 at x = 2, 0 at x = 1', () => {
    const file = parseClaimFile('real x\n', 'c.claims');
    const f = compileExpression(file, 'ind((x > 1)) + 10 * ind(((x <= 1)))', rat);
    expect([2, 1].map((v) => f({ scalars: new Map([['x', q(v)]]) }).valueOf())).toEqual([1, 10]);
  });

  it('a constant beyond float64 (1e400 reads as Infinity) is a NotationError before mathjs reads it, not a crash', () => {
    const file = parseClaimFile('real x\n', 'c.claims');
    expect(() => compileExpression(file, 'x * 1e400', rat)).toThrow(new NotationError('c.claims: "1e400" at column 5 of "x * 1e400": outside 1e-300 ≤ |c| ≤ 1e300'));
  });
});
