/**
 * The gradient check on claim files written here: right backwards verified, every one-edit change
 * of them refuted with a witness of at most 2 entries per axis.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradientCase } from '../../properties/arbitraries/gradient-case.ts';
import { PROFILES, type Profile } from '../../properties/profile.ts';
import { parseClaimFile } from '../notation/index.ts';
import { NotationError } from '../notation/index.ts';
import { directionOf, ENTRYWISE_LIMIT, entryName, gradientCheck, type GradientCase, type GradientCheck } from './gradient.ts';
import { LeftQuad, quad } from '../numbers/quad.ts';
import { scalarGradientClaim } from './gradient-claims.testing.ts';

const checkOf = (text: string, options?: Parameters<typeof gradientCheck>[2]): GradientCheck => {
  const file = parseClaimFile(text, 'test.claims');
  return gradientCheck(file, file.claims[0], options);
};

/** fast-check's search under the run's seed: the shrunk counterexample and its reason, or null when every example holds. */
function search(check: GradientCheck, profile: Profile = PROFILES.default): { x: GradientCase; reason: string } | null {
  const run = fc.check(
    fc.property(gradientCase(check.signature, profile), (x) => {
      const v = check.check(x);
      fc.pre(v.holds !== 'undefined');
      return v.holds;
    }),
  );
  if (!run.failed) return null;
  const x = run.counterexample?.[0];
  const v = x && check.check(x);
  if (!x || v?.holds !== false) throw run.errorInstance;
  return { x, reason: v.reason };
}

const SOFTMAX_DECLARATIONS = `
size B, J in 1..4
index b in 1..B
index j in 1..J
tensor s[b, j], Z[b], p[b, j], e[b]
`;
/** The same with b and j over one size, so an index swapped for the other passes the lint and only the gradient can tell. */
const SQUARE_DECLARATIONS = `
size N in 1..4
index b in 1..N
index j in 1..N
tensor s[b, j], Z[b], p[b, j], e[b]
`;
const SOFTMAX_FORWARD = `
program forward
  for b, j: Z[b] += exp(s[b, j])
  for b, j: p[b, j] += exp(s[b, j]) / Z[b]
`;
const SOFTMAX_BACKWARD = ['for b, j: e[b] -= p[b, j] * p.grad[b, j]', 'for b, j: s.grad[b, j] += p[b, j] * (p.grad[b, j] + e[b])'];
const CLAIM = `
claim softmax: gradient backward of forward
  expected: verified
`;
const softmax = (declarations: string, backward: readonly string[]) =>
  `${declarations}${SOFTMAX_FORWARD}\nprogram backward\n${backward.map((l) => `  ${l}\n`).join('')}${CLAIM}`;

/** Every one-edit change of a statement: an index letter for another bound one, += ↔ -=, + ↔ −, an operand ×2 or ×½, T.grad ↔ T. */
function edits(statement: string, letters: readonly string[]): string[] {
  const [head, body] = statement.split(/:(.*)/s);
  const out = new Set<string>();
  const at = (k: number, len: number, by: string) => `${head}:${body.slice(0, k)}${by}${body.slice(k + len)}`;
  // index letters inside brackets
  for (const m of body.matchAll(/\[([^\]]*)\]/g)) {
    for (const l of m[1].matchAll(/\b[a-z]\b/g)) {
      const k = m.index! + 1 + l.index!;
      for (const other of letters) if (other !== l[0]) out.add(at(k, 1, other));
    }
  }
  for (const m of body.matchAll(/[+-]=/g)) out.add(at(m.index!, 2, m[0] === '+=' ? '-=' : '+='));
  for (const m of body.matchAll(/ ([+-]) /g)) out.add(at(m.index! + 1, 1, m[1] === '+' ? '-' : '+'));
  // operands: tensor reads right of the operator
  const rhsStart = body.search(/[+-]?=/) + 2;
  for (const m of body.matchAll(/[A-Za-z']+(\.grad)?\[[^\]]*\]/g)) {
    if (m.index! < rhsStart) continue;
    out.add(at(m.index!, m[0].length, `(2 * ${m[0]})`));
    out.add(at(m.index!, m[0].length, `(${m[0]} / 2)`));
    const name = m[0].slice(0, m[0].indexOf('['));
    const swapped = name.endsWith('.grad') ? name.slice(0, -5) : `${name}.grad`;
    out.add(at(m.index!, name.length, swapped));
  }
  out.delete(statement);
  return [...out];
}

/** Whether every size of the case is at most 2. */
const small = (x: GradientCase) => Object.values(x.sizes).every((n) => n <= 2);

describe('softmax', () => {
  it('the right backward is verified (quad-double: it has exp)', () => {
    const check = checkOf(softmax(SOFTMAX_DECLARATIONS, SOFTMAX_BACKWARD));
    expect(check.numbers).toBe('quad-double');
    expect(check.signature.inputs.map((t) => t.name)).toEqual(['s']);
    // Z is read by the statement after it: an intermediate, not an output
    expect(check.signature.outputs.map((t) => t.name)).toEqual(['p']);
    expect(check.signature.checked.map((t) => t.name)).toEqual(['s']);
    expect(search(check)).toBeNull();
    expect(search(checkOf(softmax(SQUARE_DECLARATIONS, SOFTMAX_BACKWARD)))).toBeNull();
  });

  it.each([
    ['b over B, j over J', SOFTMAX_DECLARATIONS],
    ['b and j over one size N', SQUARE_DECLARATIONS],
  ])('every one-edit change of the backward is refuted (%s): by the lint, or by a witness with at most 2 entries per axis', (_, declarations) => {
    const variants = SOFTMAX_BACKWARD.flatMap((st, k) => edits(st, ['b', 'j']).map((e) => SOFTMAX_BACKWARD.map((s, i) => (i === k ? e : s))));
    expect(variants.length).toBeGreaterThan(20);
    for (const backward of variants) {
      const check = checkOf(softmax(declarations, backward));
      const found = search(check);
      expect(found, backward.join('; ')).not.toBeNull();
      // over one size every edit passes the lint: the gradient alone refutes it
      if (declarations === SQUARE_DECLARATIONS) expect(found!.reason, backward.join('; ')).toMatch(/^s\.grad\[/);
      if (!/runs over|not in the for list/.test(found!.reason)) expect(small(found!.x), `${backward.join('; ')}: ${JSON.stringify(found!.x.sizes)}`).toBe(true);
    }
  });

  it('a backward that adds into no input\'s .grad (only e, or only the intermediate Z) is refuted, not verified with nothing checked', () => {
    for (const backward of [[SOFTMAX_BACKWARD[0]], ['for b, j: Z.grad[b] += p.grad[b, j]']]) {
      const check = checkOf(softmax(SOFTMAX_DECLARATIONS, backward));
      expect(check.signature.checked).toEqual([]);
      expect(search(check)?.reason).toMatch(/^test\.claims:\d+: backward adds into the \.grad of no input of forward \(s\): nothing would be checked$/);
    }
  });

  it('an output written in place (p normalized by p = p / Z) is still the output: verified', () => {
    const inPlace = softmax(SOFTMAX_DECLARATIONS, SOFTMAX_BACKWARD).replace(
      SOFTMAX_FORWARD,
      `
program forward
  for b, j: p[b, j] += exp(s[b, j])
  for b, j: Z[b] += p[b, j]
  for b, j: p[b, j] = p[b, j] / Z[b]
`,
    );
    const check = checkOf(inPlace);
    expect(check.signature.outputs.map((t) => t.name)).toEqual(['p']);
    expect(search(check)).toBeNull();
  });

  it('a forward that fails its lint is an error of the file, even where it would run', () => {
    const bad = softmax(SOFTMAX_DECLARATIONS, SOFTMAX_BACKWARD).replace('p[b, j] += exp(s[b, j]) / Z[b]', 'p[b, j] += exp(s[b, b]) / Z[b]');
    expect(() => checkOf(bad)).toThrowErrorWith(/^test\.claims:\d+: axis 2 of s runs over j/);
  });

  it('names the entry: s.grad[1, 1] of a backward that forgets e (wrong already at J = 1, where p = 1 whatever s)', () => {
    const check = checkOf(softmax(SOFTMAX_DECLARATIONS, [SOFTMAX_BACKWARD[0], 'for b, j: s.grad[b, j] += p[b, j] * p.grad[b, j]']));
    const found = search(check)!;
    expect(found.x.sizes).toEqual({ B: 1, J: 1 });
    expect(found.reason).toMatch(/^s\.grad\[1, 1\]: the answer added -?[\d.e-]+, the gradient is -?[\d.e-]+ \(error .*, 50-digit rounding allows .*\)$/);
  });

  it('an example quad-double cannot hold (e^-500, below its band) is decided over decimal(50): the right answer holds, a wrong one is refuted', () => {
    expect(() => quad().exp(quad().fromNumber(-500))).toThrow(LeftQuad);
    const x: GradientCase = { sizes: { B: 1, J: 2 }, values: { s: [-500, 0] }, outGrad: { p: [1, 2] }, gradsBefore: { s: [1, 1] }, directionSeed: 0 };
    expect(checkOf(softmax(SOFTMAX_DECLARATIONS, SOFTMAX_BACKWARD)).check(x)).toEqual({ holds: true });
    // p = (e^-500, 1 − e^-500): s.grad[1, 2] is p₂(2 − p₁ − 2p₂) = −e^-500 + …, the answer without e adds 2p₂ ≈ 2
    const noE = checkOf(softmax(SOFTMAX_DECLARATIONS, [SOFTMAX_BACKWARD[0], 'for b, j: s.grad[b, j] += p[b, j] * p.grad[b, j]'])).check(x);
    expect(noE).toEqual({ holds: false, reason: 's.grad[1, 2]: the answer added 2, the gradient is -7.124576406741286e-218 (error 2.00, 50-digit rounding allows 5.00e-38)' });
  });

  it('a factor 1 + 1e-12 is refuted at 50 digits, along a direction as well as entry by entry', () => {
    const backward = [SOFTMAX_BACKWARD[0], 'for b, j: s.grad[b, j] += p[b, j] * (p.grad[b, j] + e[b]) * (1 + 1e-12)'];
    expect(search(checkOf(softmax(SOFTMAX_DECLARATIONS, backward)))).not.toBeNull();
    const alongD = checkOf(softmax(SOFTMAX_DECLARATIONS, backward), { entrywiseLimit: 0 });
    expect(search(alongD)!.reason).toMatch(/^along a random direction D, the answer's gradient gives .*, the derivative of the loss is .* \(error .*\)$/);
    expect(search(checkOf(softmax(SOFTMAX_DECLARATIONS, SOFTMAX_BACKWARD), { entrywiseLimit: 0 }))).toBeNull();
  });
});

const LINEAR = `
size B, D in 1..4
index b in 1..B
index i in 1..D
index j in 1..D
tensor W[j, i], h[b, i], R[b, j]

program forward
  for b, j, i: R[b, j] += W[j, i] * h[b, i]
`;
const linear = (backward: string, conventions = '') => `${LINEAR}\nprogram backward\n  ${backward}\n\nclaim linear: gradient backward of forward\n${conventions}`;

describe('a linear layer', () => {
  it('h.grad[b, i] += W[j, i] * R.grad[b, j] is verified, exactly (rationals: no exp)', () => {
    const check = checkOf(linear('for b, j, i: h.grad[b, i] += W[j, i] * R.grad[b, j]'));
    expect(check.numbers).toBe('rational');
    // W.grad is not written: W is held fixed
    expect(check.signature.checked.map((t) => t.name)).toEqual(['h']);
    expect(search(check)).toBeNull();
  });
  it('h.grad[b, j] += W[j, i] * R.grad[b, j] is well-formed (i and j both run over 1..D) and refuted, with an exact entry named', () => {
    const found = search(checkOf(linear('for b, j, i: h.grad[b, j] += W[j, i] * R.grad[b, j]')));
    expect(found).not.toBeNull();
    expect(small(found!.x)).toBe(true);
    expect(found!.reason).toMatch(/^h\.grad\[\d, \d\]: the answer added -?[\d/]+, the gradient is -?[\d/]+$/);
  });
  it('average W over b: W.grad divided by B is verified, the sum over the batch refuted', () => {
    const averaged = '  convention: average W over b\n';
    expect(search(checkOf(linear('for b, j, i: W.grad[j, i] += R.grad[b, j] * h[b, i] / B', averaged)))).toBeNull();
    expect(search(checkOf(linear('for b, j, i: W.grad[j, i] += R.grad[b, j] * h[b, i]', averaged)))).not.toBeNull();
    expect(search(checkOf(linear('for b, j, i: W.grad[j, i] += R.grad[b, j] * h[b, i] / B')))).not.toBeNull();
  });
});

describe('analytic functions at 50 digits', () => {
  const program = (derivative: string) => `
size I in 1..4
index i in 1..I
tensor x[i], y[i]
program forward
  for i: y[i] += sigma(x[i]) + tanh(x[i]) * sqrt(x[i]^2 + 1) + ln(x[i]^2 + 1)
program backward
  for i: x.grad[i] += y.grad[i] * (${derivative})
claim f: gradient backward of forward
`;
  const right = 'dsigma(x[i]) + (1 - tanh(x[i])^2) * sqrt(x[i]^2 + 1) + tanh(x[i]) * x[i] / sqrt(x[i]^2 + 1) + 2 * x[i] / (x[i]^2 + 1)';
  it('σ, tanh, √ and ln: the right derivative is verified, one with the inner factor x[i] of a chain rule left out is refuted', () => {
    const check = checkOf(program(right));
    expect(check.numbers).toBe('quad-double');
    expect(search(check)).toBeNull();
    expect(search(checkOf(program(right.replace('tanh(x[i]) * x[i] /', 'tanh(x[i]) /'))))).not.toBeNull();
    expect(search(checkOf(program(right.replace('2 * x[i] / (x[i]^2 + 1)', 'x[i] / (x[i]^2 + 1)'))))).not.toBeNull();
  });
});

describe('a backward in stages', () => {
  const TWO_LAYERS = (second: string) => `
size I in 1..4
index i in 1..I
tensor x[i], h[i], y[i], c[]
program forward
  for i: h[i] += c[] * x[i]
  for i: y[i] += h[i] * h[i]
program backward
  for i: h.grad[i] += 2 * h[i] * y.grad[i]
  ${second}
  for i: c.grad[] += h.grad[i] * x[i]
claim stages: gradient backward of forward
`;
  it('reuses the .grad of an intermediate (h.grad starts at 0) and a scalar tensor c[]: verified; a stage that reads y.grad for h.grad is refuted', () => {
    const check = checkOf(TWO_LAYERS('for i: x.grad[i] += c[] * h.grad[i]'));
    expect(check.signature.checked.map((t) => t.name).sort()).toEqual(['c', 'x']);
    expect(check.signature.outputs.map((t) => t.name)).toEqual(['y']);
    expect(search(check)).toBeNull();
    expect(search(checkOf(TWO_LAYERS('for i: x.grad[i] += c[] * y.grad[i]')))).not.toBeNull();
  });
});

describe('conventions, negation, undefined cases, claim-file errors', () => {
  const STEP = `
size I in 1..4
index i in 1..I
tensor z[i], q[i], y[i]

program forward
  for i: q[i] = ind(z[i] > 0)
  for i: y[i] = 3 * q[i]

program backward
  for i: q.grad[i] += 3 * y.grad[i]
  for i: z.grad[i] += q.grad[i]
`;
  it('straight-through q = z: the gradient passes through the step; without the convention it is 0', () => {
    expect(search(checkOf(`${STEP}\nclaim st: gradient backward of forward\n  convention: straight-through q = z\n`))).toBeNull();
    expect(search(checkOf(`${STEP}\nclaim st: gradient backward of forward\n  convention: straight-through q=z\n`))).toBeNull();
    const named = STEP.replace(/\bz\b/g, 'zz').replace(/\bq\b/g, 'qq');
    expect(search(checkOf(`${named}\nclaim st: gradient backward of forward\n  convention: straight-through  qq  =  zz\n`))).toBeNull();
    expect(() => checkOf(`${STEP}\nclaim st: gradient backward of forward\n  convention: relu'(0) = 0\n  convention: straight-through z = q\n`)).toThrowErrorWith(/^test\.claims:16: straight-through z = q: FORWARD does not write z$/);
    const scalar = STEP.replace('tensor z[i], q[i], y[i]', 'tensor z[i], q[i], y[i], c[]').replace('for i: y[i] = 3 * q[i]', 'for i: y[i] = 3 * q[i]\n  for i: c[] += z[i]');
    expect(() => checkOf(`${scalar}\nclaim st: gradient backward of forward\n  convention: straight-through q = c\n`)).toThrowErrorWith(/^test\.claims:\d+: straight-through q = c: q and c must have one shape$/);
    expect(search(checkOf(`${STEP}\nclaim st: gradient backward of forward\n`))!.reason).toMatch(/^z\.grad\[1\]: the answer added .*, the gradient is 0$/);
  });
  it('average T over b reads names and spaces as written; anything else is an unknown convention', () => {
    const program = (convention: string) => `
size NB, I in 1..3
index b in 1..NB
index i in 1..I
index k in 1..2
tensor Wt[i], x[b, i], y[b]
program forward
  for b, i: y[b] += Wt[i] * x[b, i]
program backward
  for b, i: Wt.grad[i] += y.grad[b] * x[b, i] / NB
claim c: gradient backward of forward
  convention: ${convention}
`;
    expect(search(checkOf(program('average  Wt  over  b')))).toBeNull();
    expect(search(checkOf(program('average Wt over bt').replace(/\bb\b/g, 'bt')))).toBeNull();
    expect(search(checkOf(program("relu'(0)=0")))).not.toBeNull();
    for (const junk of ['average Wt over b now', 'on average Wt over b', 'averageWt over b', "relu'(0) = 0 mostly", "not relu'(0) = 0", 'straight-through q', 'xstraight-through q = z', 'straight-through q = z w']) {
      expect(() => checkOf(program(junk)), junk).toThrowErrorWith(/^test\.claims:12: unknown convention/);
    }
    expect(() => checkOf(program('average Wt over m'))).toThrowErrorWith(/^test\.claims:12: average Wt over m: m is not a declared index$/);
    expect(() => checkOf(program('average Wt over k'))).toThrowErrorWith(/^test\.claims:12: a gradient claim needs index k to range over a declared size \(1\.\.SIZE\), not 1\.\.2$/);
    expect(() => checkOf(program('average Wt over b').replace('index i in 1..I', 'index i in 1..3'))).toThrowErrorWith(/^test\.claims:6: a gradient claim needs index i to range over a declared size/);
  });
  it('relu′(0) = 0: relu(x)·c backward with ind(x > 0) is verified also where x = 0, ind(x >= 0) is refuted at x = 0', () => {
    const relu = (cond: string) => `
size I in 1..4
index i in 1..I
tensor x[i], y[i]
program forward
  for i: y[i] += 2 * relu(x[i])
program backward
  for i: x.grad[i] += 2 * ind(${cond}) * y.grad[i]
claim r: gradient backward of forward
  convention: relu'(0) = 0
`;
    expect(search(checkOf(relu('x[i] > 0')))).toBeNull();
    const at = (cond: string, x: number) => checkOf(relu(cond)).check({ sizes: { I: 1 }, values: { x: [x] }, outGrad: { y: [1] }, gradsBefore: { x: [1] }, directionSeed: 0 });
    expect(at('x[i] >= 0', 1)).toEqual({ holds: true });
    expect(at('x[i] >= 0', 0)).toEqual({ holds: false, reason: 'x.grad[1]: the answer added 2, the gradient is 0' });
  });
  it('not gradient: the check gives the witness the negation is verified by', () => {
    const check = checkOf(linear('for b, j, i: h.grad[b, j] += W[j, i] * R.grad[b, j]').replace('gradient backward', 'not gradient backward'));
    expect(check.negated).toBe(true);
    expect(search(check)).not.toBeNull();
  });
  it('a forward with no value at an example (1/x at x = 0) makes it undefined, not a verdict', () => {
    const check = checkOf(scalarGradientClaim('y[i] += 1 / x[i]', 'x.grad[i] -= y.grad[i] / (x[i] * x[i])'));
    const at = (x: number) => check.check({ sizes: { I: 1 }, values: { x: [x] }, outGrad: { y: [1] }, gradsBefore: { x: [1] }, directionSeed: 0 });
    expect(at(0)).toEqual({ holds: 'undefined', reason: expect.stringMatching(/^FORWARD has no value here: /) });
    expect(at(2)).toEqual({ holds: true });
    expect(search(check)).toBeNull();
  });
  it('a backward with no value where the forward has one (x·x/x at 0) is refuted; a forward that reads past an axis is an error of the file', () => {
    const file = scalarGradientClaim;
    const at = (check: GradientCheck, x: number) => check.check({ sizes: { I: 1 }, values: { x: [x] }, outGrad: { y: [1] }, gradsBefore: { x: [1] }, directionSeed: 0 });
    const check = checkOf(file('y[i] += x[i] * x[i]', 'x.grad[i] += y.grad[i] * 2 * x[i] * x[i] / x[i]'));
    expect(at(check, 1)).toEqual({ holds: true });
    expect(at(check, 0)).toEqual({ holds: false, reason: expect.stringMatching(/^BACKWARD fails here: /) });
    expect(() => at(checkOf(file('y[i] += x[i + 1]', 'x.grad[i] += 0')), 1)).toThrow(NotationError);
  });
  it('an ill-formed backward is refuted by the lint finding; an ill-formed forward or a missing program is a file error', () => {
    const check = checkOf(linear('for b, j, k: h.grad[b, i] += W[j, i] * R.grad[b, j]'));
    const v = check.check({ sizes: { B: 1, D: 1 }, values: { W: [1], h: [1] }, outGrad: { R: [1] }, gradsBefore: {}, directionSeed: 0 });
    expect(v.holds).toBe(false);
    expect(v.holds === false && v.reason).toMatch(/^test\.claims:\d+: /);
    expect(check.numbers).toBe('none');
    expect(() => checkOf(linear('for b, j, i: h.grad[b, i] += 1').replace('R[b, j] += W[j, i] * h[b, i]', 'R[b, j] += W[k, i] * h[b, i]'))).toThrowErrorWith(/^test\.claims:\d+: /);
    expect(() => checkOf(linear('for b, j, i: h.grad[b, i] += 1').replace('backward of forward', 'backward of nothing'))).toThrowErrorWith(/test\.claims:\d+: no program "?nothing/);
    expect(() => checkOf(linear('for b, j, i: h.grad[b, i] += 1', '  convention: average everything\n'))).toThrowErrorWith(/unknown convention/);
  });
});

describe('Problem 1(b): SimpleNorm', () => {
  const SIMPLENORM = `
size NB, H, W, C in 1..4
index b in 1..NB
index x in 1..H
index y in 1..W
index c in 1..C
tensor L[b, x, y, c], A[c], B[c], L'[b, x, y, c]

program forward
  for b, x, y, c: L'[b, x, y, c] += A[c] * (L[b, x, y, c] + B[c])

program backward
  for b, x, y, c: L.grad[b, x, y, c] += L'.grad[b, x, y, c] * A[c]
  for b, x, y, c: A.grad[c] += L'.grad[b, x, y, c] * (L[b, x, y, c] + B[c])
  for b, x, y, c: B.grad[c] += L'.grad[b, x, y, c] * A[c]

claim P1.backward: gradient backward of forward
`;
  it('the exam\'s part b is verified exactly, also along a direction on shapes past the entry-by-entry limit', () => {
    const check = checkOf(SIMPLENORM);
    expect(check.numbers).toBe('rational');
    expect(check.signature.checked.map((t) => t.name).sort()).toEqual(['A', 'B', 'L']);
    expect(search(check)).toBeNull();
  });
  const wrong: [string, string, string][] = [
    ['sign', 'B.grad[c] +=', 'B.grad[c] -='],
    ['missing B', "A.grad[c] += L'.grad[b, x, y, c] * (L[b, x, y, c] + B[c])", "A.grad[c] += L'.grad[b, x, y, c] * L[b, x, y, c]"],
    ['= for +=', 'L.grad[b, x, y, c] +=', 'L.grad[b, x, y, c] ='],
    ['1 + 1e-12', "B.grad[c] += L'.grad[b, x, y, c] * A[c]", "B.grad[c] += L'.grad[b, x, y, c] * A[c] * (1 + 1e-12)"],
  ];
  it('names the first wrong entry where the case is small, the direction where it is large (past ENTRYWISE_LIMIT, or entrywiseLimit)', () => {
    const check = (limit?: number) => checkOf(SIMPLENORM.replace('B.grad[c] +=', 'B.grad[c] -='), limit === undefined ? undefined : { entrywiseLimit: limit });
    const at = (n: number) => ({
      sizes: { NB: n, H: n, W: n, C: n },
      values: { L: Array.from({ length: n ** 4 }, (_, i) => i % 3), A: Array(n).fill(2), B: Array(n).fill(1) },
      outGrad: { "L'": Array(n ** 4).fill(1) },
      gradsBefore: { L: Array(n ** 4).fill(1), A: Array(n).fill(1), B: Array(n).fill(1) },
      directionSeed: 3,
    });
    // L.grad and A.grad are right: the first wrong entry is B's
    expect(check().check(at(1))).toEqual({ holds: false, reason: 'B.grad[1]: the answer added -2, the gradient is 2' });
    expect(check(3).check(at(1))).toEqual({ holds: false, reason: 'B.grad[1]: the answer added -2, the gradient is 2' });
    expect(check(2).check(at(1))).toMatchObject({ holds: false, reason: expect.stringMatching(/^along a random direction D, the answer's gradient gives -?\d+, the derivative of the loss is -?\d+$/) });
    expect(check().check(at(4))).toMatchObject({ holds: false, reason: expect.stringMatching(/^along a random direction D/) });
    expect(checkOf(SIMPLENORM).check(at(4))).toEqual({ holds: true });
  });
  for (const [id, from, to] of wrong) {
    it(`its wrong answer "${id}" is refuted with a witness of at most 2 entries per axis`, () => {
      expect(SIMPLENORM.split(from).length).toBe(2);
      const found = search(checkOf(SIMPLENORM.replace(from, to)));
      expect(found).not.toBeNull();
      expect(small(found!.x)).toBe(true);
    });
  }
});

describe('directionOf', () => {
  it('draws integers in 1..2^21 from the seed, the same for the same seed, hardly ever twice the same', () => {
    const d = directionOf(5, 1000);
    expect(d.every((v) => Number.isInteger(v) && v >= 1 && v <= 2 ** 21)).toBe(true);
    expect(new Set(d).size).toBeGreaterThan(990);
    expect(Math.max(...d)).toBeGreaterThan(2 ** 20);
    expect(directionOf(5, 3)).toEqual(d.slice(0, 3));
    expect(directionOf(6, 3)).not.toEqual(d.slice(0, 3));
  });
});

describe('entryName', () => {
  it('names an entry by its 1-based indices, row-major', () => {
    expect(entryName('s.grad', [2, 3], 4)).toBe('s.grad[2, 2]');
    expect(entryName('L', [], 0)).toBe('L[]');
    expect(ENTRYWISE_LIMIT).toBe(64);
  });
});
