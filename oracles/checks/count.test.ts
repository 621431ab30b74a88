/**
 * The count check: counts worked out by hand for a convolution and a softmax, the same counts
 * from a run of the program in a number system that counts its operations, and wrong answers
 * (a size left out, a square for a product, an add per term) refuted.
 */
import { describe, expect, it } from 'vitest';
import { compileProgram, NotationError, parseClaimFile, type ClaimFile } from '../notation/index.ts';
import type { Ring } from '../numbers/tower.ts';
import { countCheck } from './count.ts';

const CONV = `
size NB, X, Y, DX, DY, O, I in 1..3
index b in 1..NB
index x in 1..X
index y in 1..Y
index dx in 1..DX
index dy in 1..DY
index o in 1..O
index i in 1..I
index xx in 1..X + DX - 1
index yy in 1..Y + DY - 1
tensor K[o, dx, dy, i], Bias[o], L[b, xx, yy, i], Lout[b, x, y, o]

program conv
  for b, x, y, o, dx, dy, i: Lout[b, x, y, o] += K[o, dx, dy, i] * L[b, x + dx - 1, y + dy - 1, i]
  for b, x, y, o: Lout[b, x, y, o] -= Bias[o]

claim conv-multiplies: count multiplies of conv
  answer: NB*X*Y*DX*DY*O*I
`;

const SOFTMAX = `
size B, J in 1..4
index b in 1..B
index j in 1..J
tensor s[b, j], Z[b], p[b, j]

program softmax
  for b, j: Z[b] += exp(s[b, j])
  for b, j: p[b, j] = exp(s[b, j]) / Z[b]
  for b: Z[b] = sum(j, s[b, j]^2 * 3)

claim softmax-exps: count exps of softmax
  answer: 2*B*J
`;

const checkOf = (text: string, claim = 0) => {
  const file = parseClaimFile(text, 'count.claims');
  return { file, check: countCheck(file, file.claims[claim]) };
};
const withAnswer = (text: string, answer: string) => text.replace(/answer: .*/, `answer: ${answer}`);
const withClaim = (text: string, kind: string) => text.replace(/count \w+ of/, `count ${kind} of`);

/** Every size tuple of these ranges. */
function* grid(vars: readonly { name: string; lo: number; hi: number }[]): Generator<Record<string, number>> {
  if (vars.length === 0) return yield {};
  const [v, ...rest] = vars;
  for (let k = v.lo; k <= v.hi; k++) for (const r of grid(rest)) yield { ...r, [v.name]: k };
}

/** The integers, counting every operation the program runs (the compiled closures call them). */
function countingRing(counts: Record<string, number>): Ring<number> & { div(a: number, b: number): number; exp(a: number): number } {
  const tick = (op: string) => (counts[op] = (counts[op] ?? 0) + 1);
  return {
    zero: 0,
    one: 1,
    fromNumber: (x) => x,
    add: (a, b) => (tick('add'), a + b),
    sub: (a, b) => (tick('add'), a - b),
    mul: (a, b) => (tick('mul'), a * b),
    div: (a, b) => (tick('div'), a / b),
    exp: (a) => (tick('exp'), a),
    neg: (a) => -a,
    toNumber: (a) => a,
    sign: (a) => Math.sign(a) as -1 | 0 | 1,
  };
}

/** Runs the program in the counting ring at these sizes and gives what it counted. */
function counted(file: ClaimFile, name: string, sizes: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = {};
  const program = file.programs.get(name)!;
  const compiled = compileProgram(file, program, countingRing(counts));
  const tensors = new Map<string, { shape: number[]; data: number[] }>();
  for (const t of compiled.reads) {
    const decl = file.declarations.tensors.get(t)!;
    const shape = decl.axes.map((a) => Number(new Function(...Object.keys(sizes), `return ${file.declarations.indices.get(a)!.range.text}`)(...Object.values(sizes))));
    tensors.set(t, { shape, data: new Array(shape.reduce((p, k) => p * k, 1)).fill(1) });
  }
  compiled.run({ sizes, tensors });
  return counts;
}

describe('count claims', () => {
  it('the convolution performs NB·X·Y·DX·DY·O·I multiplies at every size in 1..2 and at 3s (by hand: one per innermost iteration; the bias costs none)', () => {
    const { check } = checkOf(CONV);
    const sizes = [...grid(check.variables.map((v) => ({ ...v, hi: 2 })))];
    expect(sizes).toHaveLength(2 ** 7);
    for (const at of [...sizes, { NB: 3, X: 2, Y: 3, DX: 1, DY: 3, O: 3, I: 2 }]) expect(check.check(at)).toEqual({ holds: true });
    // its adds: one per += and one per -= (the index arithmetic x + dx - 1 is free)
    const adds = checkOf(withAnswer(withClaim(CONV, 'adds'), 'NB*X*Y*DX*DY*O*I + NB*X*Y*O')).check;
    expect(adds.check({ NB: 2, X: 3, Y: 1, DX: 2, DY: 3, O: 2, I: 3 })).toEqual({ holds: true });
  });

  it('the softmax with a sum: 2·B·J exps; multiplies 2·B·J (s² and ·3 per term); adds B·J (+=) + B·(J − 1) (the sum)', () => {
    const cases: [string, string][] = [
      ['exps', '2*B*J'],
      ['multiplies', '2*B*J'],
      ['divides', 'B*J'],
      ['adds', 'B*J + B*(J - 1)'],
      ['flops', '2*B*J + B*J + B*J + B*(J - 1)'],
    ];
    for (const [kind, answer] of cases) {
      const { check } = checkOf(withAnswer(withClaim(SOFTMAX, kind), answer));
      for (const sizes of grid(check.variables)) expect(check.check(sizes), `${kind} at ${JSON.stringify(sizes)}`).toEqual({ holds: true });
    }
  });

  it('the syntactic count is the count of a run in a number system that counts its operations (programs without powers)', () => {
    const conv = checkOf(CONV);
    const sizes = { NB: 2, X: 2, Y: 3, DX: 2, DY: 1, O: 3, I: 2 };
    const run = counted(conv.file, 'conv', sizes);
    expect(conv.check.count(sizes)!.total).toBe(BigInt(run.mul));
    expect(checkOf(withClaim(CONV, 'adds')).check.count(sizes)!.total).toBe(BigInt(run.add));
    const noPower = SOFTMAX.replace('s[b, j]^2 * 3', 's[b, j] * 3');
    const soft = (kind: string) => checkOf(withClaim(noPower, kind)).check.count({ B: 3, J: 4 })!.total;
    const r = counted(parseClaimFile(noPower, 's.claims'), 'softmax', { B: 3, J: 4 });
    // the compiled sum starts from 0 and adds every term: one add per sum more than a sum's n − 1
    expect([soft('exps'), soft('multiplies'), soft('divides'), soft('adds') + 3n]).toEqual([r.exp, r.mul, r.div, r.add].map(BigInt));
  });

  it('wrong counts are refuted, naming the sizes, the count per line and the answer', () => {
    const { check } = checkOf(withAnswer(CONV, 'X*Y*DX*DY*O*I'));
    expect(check.check({ NB: 2, X: 1, Y: 1, DX: 1, DY: 1, O: 1, I: 1 })).toEqual({
      holds: false,
      reason: 'at NB = 2, X = 1, Y = 1, DX = 1, DY = 1, O = 1, I = 1, conv performs 2 multiplies (line 15: 2, line 16: 0); the answer X*Y*DX*DY*O*I gives 1',
    });
    // a square for a product of two different sizes is right only where they are equal
    const square = checkOf(withAnswer(CONV, 'NB*X*Y*DX^2*O*I')).check;
    expect(square.check({ NB: 1, X: 1, Y: 1, DX: 2, DY: 2, O: 1, I: 1 }).holds).toBe(true);
    expect(square.check({ NB: 1, X: 1, Y: 1, DX: 2, DY: 1, O: 1, I: 1 }).holds).toBe(false);
    // an add per term of the sum (n, not n − 1) is off by B
    const adds = checkOf(withAnswer(withClaim(SOFTMAX, 'adds'), '2*B*J')).check;
    expect(adds.check({ B: 1, J: 1 }).holds).toBe(false);
  });

  it('sizes where a range is empty say nothing; an unknown operation, a missing answer: line or program are errors of the file', () => {
    const valid = CONV.replace('index x in 1..X', 'index x in 1..X - DX + 1').replace('answer: NB*X*Y*DX*DY*O*I', 'answer: NB*(X - DX + 1)*Y*DX*DY*O*I');
    const { check } = checkOf(valid);
    expect(check.check({ NB: 1, X: 3, Y: 1, DX: 2, DY: 1, O: 1, I: 1 })).toEqual({ holds: true });
    expect(check.check({ NB: 1, X: 1, Y: 1, DX: 3, DY: 1, O: 1, I: 1 }).holds).toBe('undefined');
    expect(() => checkOf(withClaim(CONV, 'sines'))).toThrow(new NotationError('count.claims:18: count sines: the operations counted are multiplies, divides, adds, exps, flops'));
    expect(() => checkOf(CONV.replace(/ {2}answer: .*/, ''))).toThrowErrorWith(/count\.claims:18: a count claim needs an answer: line/);
    expect(() => checkOf(CONV.replace('of conv', 'of conv2'))).toThrowErrorWith(/count\.claims:18: no program "conv2"/);
    expect(() => checkOf(CONV.replace('-= Bias[o]', '-= Bias[q]'))).toThrow(NotationError);
  });
});

describe('count claims: each operation of the syntax, by hand', () => {
  const MIXED = `
size B, K in 1..3
integer n in [1, 2]
real a
index b in 1..B
index k in 1..K
tensor x[b], y[b]

program p
  for b: y[b] = (x[b] + 2) * (x[b] - 1) + tanh(x[b]) * prod(k, x[b] - 3) + x[b]^(-2) + x[b]^0 + exp(x[b])

claim c: count multiplies of p
  answer: B*(K + 2)
`;
  // per b: (x + 2)·(x − 1) one multiply and two adds; tanh nothing; prod over K values K adds and
  // K − 1 multiplies, times tanh one multiply; x^(-2) one multiply and a divide; x^0 nothing;
  // exp one exp; four adds between the five terms; `=` no add
  it.each([
    ['multiplies', 'B*(K + 2)'],
    ['adds', 'B*(K + 6)'],
    ['divides', 'B'],
    ['exps', 'B'],
    // an answer may name the file's integers (n, which the program does not use), not its reals
    ['flops', 'B*(2*K + 9) + 0*n'],
  ])('%s: %s at every size of the sizes and integers', (kind, answer) => {
    const { check } = checkOf(withAnswer(withClaim(MIXED, kind), answer));
    expect(check.variables).toEqual([
      { name: 'B', lo: 1, hi: 3 },
      { name: 'K', lo: 1, hi: 3 },
      { name: 'n', lo: 1, hi: 2 },
    ]);
    for (const sizes of grid(check.variables)) expect(check.check(sizes), `${kind} at ${JSON.stringify(sizes)}`).toEqual({ holds: true });
  });

  it('a one-statement program is refuted without a count per line; an empty range says which program', () => {
    const { check } = checkOf(withAnswer(MIXED, 'B*K'));
    expect(check.check({ B: 2, K: 3, n: 1 })).toEqual({ holds: false, reason: 'at B = 2, K = 3, n = 1, p performs 10 multiplies; the answer B*K gives 6' });
    const empty = checkOf(MIXED.replace('index k in 1..K', 'index k in 1..K - 1')).check;
    expect(empty.check({ B: 2, K: 1, n: 1 })).toEqual({ holds: 'undefined', reason: 'at B = 2, K = 1, n = 1 an index range of p is empty' });
  });

  it.each([
    ['count multiplies in p', 'count.claims:12: a count claim is: claim c: count OPERATION of PROGRAM'],
    ['count multiplies of', 'count.claims:12: a count claim is: claim c: count OPERATION of PROGRAM'],
    ['count multiplies of p twice', 'count.claims:12: a count claim is: claim c: count OPERATION of PROGRAM'],
  ])('the claim line %j is refused', (line, message) => {
    expect(() => checkOf(MIXED.replace('count multiplies of p', line))).toThrow(new NotationError(message));
  });

  it('a count claim with a chain before its answer is refused at the chain', () => {
    expect(() => checkOf(MIXED.replace('  answer:', '  B*n\n  answer:'))).toThrow(new NotationError('count.claims:13: a count claim has one formula, its answer: line'));
  });
});
