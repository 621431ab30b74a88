/**
 * quad() against decimal.js at 80 digits, the independent oracle: every operation on drawn
 * arguments (full 212-bit quads from BigInt rationals, exact dyadics, magnitudes near the band's
 * edges, cancellations, the functions' hard places) within the relative bound its doc comment
 * states; known answers; the band's LeftQuad and the NotRepresentable contract.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { decimalOf } from './decimal.ts';
import { BAND_HI, BAND_LO, LeftQuad, PI, Quad, quad, quadToNumber, QUAD_OP_BOUND } from './quad.ts';
import { NotRepresentable } from './tower.ts';

const Q = quad();
/**
 * The oracle's precision, and a quad's exact value read at 400 digits: 2^-k has k digits after the
 * point, and a quad's last bit is about 2^-265 of its first (x0 ≈ 1: 265 digits).
 */
const D80 = Decimal.clone({ precision: 80 });
const Exact = Decimal.clone({ precision: 400 });
const D100 = Decimal.clone({ precision: 100 });
/** The exact value of a quad (the sum of its components' exact decimals). */
const exact = (q: Quad): Decimal => [q.x0, q.x1, q.x2, q.x3].reduce((s, x) => s.plus(decimalOf(Exact, x)), new Exact(0));
/** The unit in the last place of a double (2^-1074 at 0 and below the normal range). */
function ulp(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** -1022) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  // log2 rounds next to a power of two
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 52);
}
/**
 * Renormalized as QD's renorm leaves a result: each component at most an ulp of the one before
 * (the ideal is half an ulp; renorm's last rounding can leave |x1| a hair above it), so a 0 is
 * followed by 0s only. A quad whose components overlap has the same sum but not the form every
 * operation assumes of its arguments (quickTwoSum's |a| ≥ |b|).
 */
const normalized = (q: Quad): boolean => [q.x0, q.x1, q.x2].every((x, i) => Math.abs([q.x1, q.x2, q.x3][i]) <= ulp(x));
/** |got − want| / |want| (|got| where want = 0). */
const relative = (got: Quad, want: Decimal.Value): number => {
  const w = new Exact(want);
  // the quotient to a few digits is all a bound needs
  const e = new D80(exact(got).minus(w).abs());
  return (w.isZero() ? e : e.div(w.abs())).toNumber();
};
const RUNS = { numRuns: 60 };
/** The functions' oracles cost a millisecond or more a call at 80 digits. */
const FEW = { numRuns: 30 };

/**
 * log(1 + w) to 80 digits for w > −1: its series where |w| < 10^-3 (terms until one is below 10^-85
 * of w), else ln of 1 + w, which then loses at most 3 of 80 digits (1 + w at 80 digits would keep
 * too few of a small w's).
 */
function log1p(w: Decimal): Decimal {
  if (w.abs().gte(1e-3)) return D80.ln(w.plus(1));
  let sum = new Exact(0);
  let power = new Exact(w);
  const stop = w.abs().times(1e-85);
  for (let k = 1; power.abs().gt(stop); k++, power = power.times(w).neg()) sum = sum.plus(power.div(k));
  return sum;
}

/** The band's edges, each within 0.1 %: a result between the two bounds of an edge may go either way. */
const EDGE = { lo: [new D80(BAND_LO).times(0.999), new D80(BAND_LO).times(1.001)], hi: [new D80(BAND_HI).times(0.999), new D80(BAND_HI).times(1.001)] };

/**
 * f's result within `bound` of want, relative, where want is inside quad's band (with a margin of
 * the bound); LeftQuad where it is outside, never a value.
 */
function holds(f: () => Quad, want: Decimal.Value, bound: number): void {
  const w = new D80(want).abs();
  if (!w.isZero() && (w.lt(EDGE.lo[1]) || w.gt(EDGE.hi[0]))) {
    if (w.lt(EDGE.lo[0]) || w.gt(EDGE.hi[1])) expect(f).toThrow(LeftQuad);
    return;
  }
  const got = f();
  expect(relative(got, want)).toBeLessThanOrEqual(bound);
  expect(normalized(got)).toBe(true);
}

// the bounds the doc comments state (quad.ts)
const BOUND = {
  rational: 2 ** -211,
  add: 2 ** -208,
  mul: 2 ** -208,
  div: 2 ** -207,
  sqrt: 2 ** -205,
  exp: 2 ** -198,
  log: 2 ** -196,
  tanh: 2 ** -196,
  sin: 2 ** -196,
  softplus: 2 ** -196,
};

/** A full-precision quad: a 240-bit rational in [2^-40, 2^40] times 2^k, k in [lo, hi] (so its magnitude is within 2^(lo − 40) … 2^(hi + 40)), either sign. */
const quadIn = (lo: number, hi: number) =>
  fc.tuple(fc.bigInt({ min: 1n << 200n, max: 1n << 240n }), fc.bigInt({ min: 1n << 200n, max: 1n << 240n }), fc.integer({ min: lo, max: hi }), fc.boolean()).map(([n, d, k, negative]) => {
    const q = Q.mul(Q.fromRational(new Fraction(negative ? -n : n, d)), Q.fromNumber(2 ** k));
    return { q, x: exact(q) };
  });
/** An exact dyadic double in [−2^hi, 2^hi] (fc.double's own mix of small, large and simple values). */
const doubleIn = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).filter((v) => v === 0 || Math.abs(v) >= BAND_LO).map((v) => ({ q: Q.fromNumber(v), x: decimalOf(Exact, v) }));
const dyadicIn = (hi: number) => doubleIn(-(2 ** hi), 2 ** hi);
const argument = (lo: number, hi: number) => fc.oneof(quadIn(lo, hi), dyadicIn(hi));

describe('quad(): the field operations within their stated bounds', () => {
  it('fromRational within 2^-211, and fromNumber exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), fc.bigInt({ min: 1n, max: 1n << 300n }), (n, d) => {
        const want = new Exact(n.toString()).div(d.toString());
        expect(relative(Q.fromRational(new Fraction(n, d)), want)).toBeLessThanOrEqual(BOUND.rational);
      }),
      RUNS,
    );
    expect(exact(Q.fromNumber(0.1)).toFixed()).toBe('0.1000000000000000055511151231257827021181583404541015625');
  });

  it('add, sub, mul, div on full quads across the band, each within its bound', () => {
    fc.assert(
      fc.property(argument(-300, 300), argument(-300, 300), ({ q: a, x }, { q: b, x: y }) => {
        holds(() => Q.add(a, b), x.plus(y), BOUND.add);
        holds(() => Q.sub(a, b), x.minus(y), BOUND.add);
        holds(() => Q.mul(a, b), x.times(y), BOUND.mul);
        if (!y.isZero()) holds(() => Q.div(a, b), x.div(y), BOUND.div);
      }),
      RUNS,
    );
  });

  it('cancellation: a − (a + t) for t far below a is −t within the bound (the accurate add, not the sloppy one)', () => {
    fc.assert(
      fc.property(quadIn(-4, 4), quadIn(-150, -60), ({ q: a, x }, { q: t }) => {
        const sum = Q.add(a, t);
        // the sum itself is within its bound; its exact difference from a is then computed exactly
        const diff = Q.sub(sum, a);
        expect(relative(diff, exact(sum).minus(x))).toBeLessThanOrEqual(BOUND.add);
        expect([normalized(sum), normalized(diff)]).toEqual([true, true]);
      }),
      RUNS,
    );
  });

  it('near the band: products and quotients to 2^±599 hold their bounds', () => {
    const big = Q.fromRational(new Fraction(1n << 599n, 3n));
    expect(relative(Q.mul(big, Q.fromNumber(2.5)), new Exact(2).pow(599).div(3).times(2.5))).toBeLessThanOrEqual(BOUND.mul);
    const tiny = Q.fromRational(new Fraction(1n, 3n << 590n));
    expect(relative(Q.div(tiny, Q.fromNumber(7)), new Exact(1).div(new Exact(2).pow(590).times(21)))).toBeLessThanOrEqual(BOUND.div);
  });
});

describe('quad(): the functions within their stated bounds, at their hard places', () => {
  it('exp across its range, up to the band’s edge (|a| ≤ 415)', () => {
    fc.assert(
      fc.property(fc.oneof(argument(-300, 3), doubleIn(-415, 415)), ({ q, x }) => {
        holds(() => Q.exp(q), D80.exp(x), BOUND.exp);
      }),
      FEW,
    );
    expect(relative(Q.exp(Q.fromNumber(415.5)), D80.exp(415.5))).toBeLessThanOrEqual(BOUND.exp);
  });

  it('log across the band and next to 1 (1 ± 2^-k), where it keeps relative accuracy', () => {
    fc.assert(
      fc.property(fc.oneof(argument(-550, 550), quadIn(-200, -42).map(({ q }) => ({ q: Q.add(Q.one, q), x: exact(Q.add(Q.one, q)) }))), ({ q, x }) => {
        if (x.lte(0)) return;
        // next to 1 as log1p of w = x − 1, exactly: ln of x at 80 digits would keep too few of w's digits
        expect(relative(Q.log(q), log1p(x.minus(1)))).toBeLessThanOrEqual(BOUND.log);
      }),
      FEW,
    );
    expect(exact(Q.log(Q.one)).isZero()).toBe(true);
  });

  it('√ across the band', () => {
    fc.assert(
      fc.property(argument(-550, 550), ({ q, x }) => {
        if (x.lte(0)) return;
        expect(relative(Q.sqrt(q), D80.sqrt(x))).toBeLessThanOrEqual(BOUND.sqrt);
      }),
      RUNS,
    );
  });

  it('tanh next to 0 (relative accuracy) and far out (±1 within its bound)', () => {
    // x − x³/3 + 2x⁵/15 − 17x⁷/315 below 10^-10 (to 10^-80); (1 − e)/(1 + e), e = e^−2|x|, above (it cancels at most 10 of 80 digits)
    const tanh = (x: Decimal) => {
      if (x.abs().lt(1e-10)) return x.minus(x.pow(3).div(3)).plus(x.pow(5).times(2).div(15)).minus(x.pow(7).times(17).div(315));
      const e = D80.exp(x.abs().times(-2));
      const t = new D80(1).minus(e).div(e.plus(1));
      return x.isNegative() ? t.neg() : t;
    };
    fc.assert(
      fc.property(fc.oneof(argument(-300, 2), argument(2, 9)), ({ q, x }) => {
        if (x.isZero()) return;
        expect(relative(Q.tanh(q), tanh(x))).toBeLessThanOrEqual(BOUND.tanh);
      }),
      FEW,
    );
  });

  it('sin and cos up to 2^20, including next to multiples of π/2 (k·π/2 + 2^-e)', () => {
    const halfPi = Q.mul(PI, Q.fromNumber(0.5));
    const nearMultiple = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 8, max: 25 }), fc.boolean()).map(([k, e, below]) => {
      const q = Q.add(Q.mul(Q.fromNumber(k), halfPi), Q.fromNumber(below ? -(2 ** -e) : 2 ** -e));
      return { q, x: exact(q) };
    });
    fc.assert(
      fc.property(fc.oneof(argument(-300, 20), nearMultiple), ({ q, x }) => {
        if (Math.abs(q.x0) > 2 ** 20) {
          expect(() => Q.sin(q)).toThrow(LeftQuad);
          return;
        }
        // x to 100 digits (decimal.js reduces every digit it is given): within 10^-94 absolute, and |sin x| ≥ 2^-25 or x is 0
        const x100 = new D100(x);
        if (!x.isZero()) expect(relative(Q.sin(q), D80.sin(x100))).toBeLessThanOrEqual(BOUND.sin);
        expect(relative(Q.cos(q), D80.cos(x100))).toBeLessThanOrEqual(BOUND.sin);
      }),
      { numRuns: 15 },
    );
  });

  it('sin and cos at the reduction’s edge, t = k·2^-39 next to k·π/2: a value within the bound (LeftQuad only below it)', () => {
    const halfPi = Q.mul(PI, Q.fromNumber(0.5));
    // the reduced t is k·2^-39 + (k·π/2 as a quad − k·π/2), which rounds to x0 = k·2^-39 exactly
    for (const k of [1, 2, -2, 3, 1000]) {
      const q = Q.add(Q.mul(Q.fromNumber(k), halfPi), Q.fromNumber(Math.abs(k) * 2 ** -39));
      const x100 = new D100(exact(q));
      // sin next to a zero where k is even, cos where k is odd
      expect(relative(k % 2 === 0 ? Q.sin(q) : Q.cos(q), k % 2 === 0 ? D80.sin(x100) : D80.cos(x100))).toBeLessThanOrEqual(BOUND.sin);
    }
  });

  it('softplus on both sides: log(1 + e^a) with e^a far below 1 and far above', () => {
    fc.assert(
      fc.property(fc.oneof(argument(-300, 8), doubleIn(-400, 400)), ({ q, x }) => {
        const sp = log1p(D80.exp(x.abs().neg()));
        const want = x.gt(0) ? x.plus(sp) : sp;
        holds(() => Q.softplus(q), want, BOUND.softplus);
      }),
      FEW,
    );
  });

  it('every stated bound is within QUAD_OP_BOUND, the one callers use', () => {
    expect(Math.max(...Object.values(BOUND))).toBeLessThanOrEqual(QUAD_OP_BOUND);
  });
});

describe('quad(): known answers to 60 digits (more than float64 or decimal(50) could give)', () => {
  /** |got − want| ≤ 10^-60·|want|. */
  const to60 = (got: Quad, want: string) => relative(got, want) <= 1e-60;
  it.each([
    ['exp(1)', () => Q.exp(Q.one), '2.71828182845904523536028747135266249775724709369995957496696762772407663'],
    ['log(2)', () => Q.log(Q.fromNumber(2)), '0.693147180559945309417232121458176568075500134360255254120680009493393622'],
    ['√2', () => Q.sqrt(Q.fromNumber(2)), '1.41421356237309504880168872420969807856967187537694807317667973799073248'],
    ['π', () => PI, '3.14159265358979323846264338327950288419716939937510582097494459230781640628'],
    ['sin(π/6)', () => Q.sin(Q.div(PI, Q.fromNumber(6))), '0.5'],
    ['cos(π/3)', () => Q.cos(Q.div(PI, Q.fromNumber(3))), '0.5'],
    ['cos(π)', () => Q.cos(PI), '-1'],
    ['sin(3π/4)·√2', () => Q.mul(Q.sin(Q.mul(PI, Q.fromNumber(0.75))), Q.sqrt(Q.fromNumber(2))), '1'],
    ['sin(1)', () => Q.sin(Q.one), '0.841470984807896506652502321630298999622563060798371065672751709991910405'],
    ['cos(1)', () => Q.cos(Q.one), '0.540302305868139717400936607442976603732310420617922227670097255381100395'],
    ['tanh(1/2)', () => Q.tanh(Q.fromNumber(0.5)), '0.462117157260009758502318483643672548730289280330113038552731815838080906'],
    // log(1 + e^-200) = e^-200 − e^-400/2 + …
    ['softplus(−200)', () => Q.softplus(Q.fromNumber(-200)), Exact.exp(-200).minus(Exact.exp(-400).div(2)).plus(Exact.exp(-600).div(3)).toString()],
  ])('%s', (_, got, want) => {
    expect(to60(got(), want)).toBe(true);
  });
});

describe('quad(): more than 50 digits, from error-free transformations (a plain float64 op in their place would lose them)', () => {
  it('(1 + 2^-100) − 1 = 2^-100 and (1 + 2^-180) − 1 = 2^-180 exactly; 1/3 · 3 − 1 below 10^-62', () => {
    expect(exact(Q.sub(Q.add(Q.one, Q.fromNumber(2 ** -100)), Q.one)).eq(decimalOf(Exact, 2 ** -100))).toBe(true);
    expect(exact(Q.sub(Q.add(Q.one, Q.fromNumber(2 ** -180)), Q.one)).eq(decimalOf(Exact, 2 ** -180))).toBe(true);
    const third = Q.fromRational(new Fraction(1, 3));
    expect(exact(Q.sub(Q.mul(third, Q.fromNumber(3)), Q.one)).abs().lt('1e-62')).toBe(true);
    expect(exact(Q.sub(Q.mul(Q.div(Q.one, Q.fromNumber(3)), Q.fromNumber(3)), Q.one)).abs().lt('1e-62')).toBe(true);
    // (2^53 + 1)² = 2^106 + 2^54 + 1: the product's low part only an exact two-prod keeps
    const m = Q.add(Q.fromNumber(2 ** 53), Q.one);
    expect(exact(Q.mul(m, m)).eq(new Exact(2).pow(106).plus(new Exact(2).pow(54)).plus(1))).toBe(true);
  });
});

describe('quad(): exact where the exact result is a quad, in renormalized form', () => {
  /** a quad's exact value times 2^480, an integer for every component here (none below 2^-400). */
  const scaled = (c: readonly number[]): bigint => c.reduce((s, x) => s + BigInt(x * 2 ** 480), 0n);
  const quadOf = (c: readonly number[]): Quad => new Quad(c[0], c[1] ?? 0, c[2] ?? 0, c[3] ?? 0);
  const h = 2 ** -53;
  /**
   * Sparse quads (mantissas of a few bits, 2^-53 to 2^-60 apart) whose exact sum, difference,
   * product or quotient fits four components: the error-free transformations leave nothing to
   * round there, so the result is exact, where a full quad's differs from it by its last bit only.
   * Each row reaches a branch of renorm, of add's merge or of mul's low-order terms (found by
   * enumerating such quads against the mutants of `npm run mutate`) that drawn full quads show
   * only below their bounds.
   */
  const ROWS: [string, number[], number[]][] = [
    ['mul', [-0.5, 5.551115123125783e-17, 6.162975822039155e-33, -3.421138828918011e-49], [2, -2.220446049250313e-16]],
    ['mul', [-1, 2.775557602921922e-17, -7.703719777548945e-34], [-2, 1.6653345369377348e-16]],
    ['mul', [-0.9999999999999999], [-1, -2.775557602921922e-17, -1.5407439555097885e-33]],
    ['mul', [1, -5.551115123125784e-17, -3.081487911019578e-33, 3.42113882891801e-49], [1.9999999999999998]],
    ['mul', [-1.25, -3.469446951953614e-17, 1.925929944387236e-34], [0.5000000074505806, 1.734723475976807e-17, 9.62964972193618e-35]],
    ['mul', [-1.0000000000000002], [1.25, -6.938893903907228e-17, 3.081487911019578e-33, -2.1382117680737565e-49]],
    // powers of two 2^-53 apart: every partial product exact, the ε⁴ ones (x1·y3, x2·y2) included
    ['mul', [1, h], [-1, h, h * h, h * h * h]],
    ['mul', [1, h], [1, -h, h * h, h * h * h]],
    ['mul', [1, h], [1, h, h * h, h * h * h]],
    ['mul', [1, h], [-1, -h, h * h, h * h * h]],
    ['mul', [1, h, h * h], [1, h, h * h]],
    ['div', [1.875, 1.7347234759768062e-17, -3.851859888774461e-34, -2.3738919364399497e-65], [-1.25, 3.469446951953614e-17]],
    ['div', [-1.2499999999999998, -8.326672684688675e-17, 7.703720351520798e-34, -2.1382117680737565e-50], [-0.625]],
    ['div', [0.9375000000000001, -4.1633363423443376e-17, 3.851860175760398e-34, 2.1382117680737565e-50], [-0.75, -5.551115123125782e-17, -1.5407439784686627e-33, -8.552847072295026e-50]],
    ['sub', [1.25], [-2, -1.1102230411687688e-16, -6.162975822039156e-33, 6.84227765783602e-49]],
    ['add', [0.625, 2.7755575615628914e-17, -1.5407439555097887e-33], [-3, 1.1102230246251568e-16, -1.2325951644078308e-32, 3.421138828918011e-49]],
    ['add', [-1.5, 2.7755575615628914e-17, 7.703719777548943e-34, 2.1382117680737565e-50], [-0.5, -2.0816681711721685e-17, 7.7037197775489426e-34]],
    ['sub', [-0.7314570132620666, -5.361638518869706e-17, 1.0239948688655142e-33, 3.3434251007097687e-50], [-0.7314303671063455, 1.340262357255273e-17, 5.816049801494799e-34, -7.923080082618886e-51]],
    ['add', [1.696226772823349, 3.42448790441437e-17, 1.2968802579624552e-33, 7.564264807617036e-50], [1.696226772823349, 1.4469006934728006e-18, -5.1997073296779e-35, 4.7465563761963323e-51]],
  ];
  it.each(ROWS)('%s %j %j', (op, a, b) => {
    const [x, y] = [quadOf(a), quadOf(b)];
    expect([normalized(x), normalized(y)]).toEqual([true, true]);
    const got = op === 'add' ? Q.add(x, y) : op === 'sub' ? Q.sub(x, y) : op === 'mul' ? Q.mul(x, y) : Q.div(x, y);
    const [A, B, G] = [scaled(a), scaled(b), scaled([got.x0, got.x1, got.x2, got.x3])];
    // a quotient is exact where got·b = a (all three are quads: a was made as a product)
    if (op === 'div') expect(G * B).toBe(A * 2n ** 480n);
    else expect(G).toBe(op === 'add' ? A + B : op === 'sub' ? A - B : (A * B) / 2n ** 480n);
    if (op === 'mul') expect((A * B) % 2n ** 480n).toBe(0n);
    expect(normalized(got)).toBe(true);
  });
});

describe('quad(): its band and its NotRepresentable contract', () => {
  it('a result outside [2^-600, 2^600] throws LeftQuad, never a value: products, quotients, exp, constants', () => {
    const big = Q.fromNumber(2 ** 400);
    expect(() => Q.mul(big, big)).toThrow(LeftQuad);
    // a product of nonzero values that underflows to 0 is not 0
    expect(() => Q.mul(Q.fromNumber(-(2 ** -600)), Q.fromNumber(2 ** -600))).toThrow(LeftQuad);
    expect(() => Q.div(Q.fromNumber(2 ** -400), big)).toThrow(LeftQuad);
    expect(() => Q.exp(Q.fromNumber(420))).toThrow(LeftQuad);
    expect(() => Q.exp(Q.fromNumber(-420))).toThrow(LeftQuad);
    expect(() => Q.fromNumber(1e-300)).toThrow(LeftQuad);
    expect(() => Q.fromNumber(Infinity)).toThrow(LeftQuad);
    expect(() => Q.fromRational(new Fraction(1n, 1n << 700n))).toThrow(LeftQuad);
    // a rational below float64's range is not 0 either (its components underflow to 0 on the way)
    expect(() => Q.fromRational(new Fraction(1n, 1n << 1100n))).toThrow(LeftQuad);
    expect(() => Q.fromRational(new Fraction(-3n, 10n ** 400n))).toThrow(LeftQuad);
    // a cancellation below the band: 2^-590·(1 + 2^-20) − 2^-590 = 2^-610
    const a = Q.mul(Q.fromNumber(2 ** -295), Q.fromNumber(2 ** -295 * (1 + 2 ** -20)));
    expect(() => Q.sub(a, Q.fromNumber(2 ** -590))).toThrow(LeftQuad);
    expect(() => Q.softplus(Q.fromNumber(-500))).toThrow(LeftQuad);
    expect(() => Q.sin(Q.fromNumber(2 ** 21))).toThrow(LeftQuad);
    // sin(π as a quad) is π − PI ≈ 10^-64: next to a multiple of π/2, beyond the reduction's bound
    expect(() => Q.sin(PI)).toThrow(LeftQuad);
    // the band's own edges are inside
    expect(Q.toNumber(Q.mul(Q.fromNumber(2 ** 300), Q.fromNumber(2 ** 300)))).toBe(BAND_HI);
    expect(Q.toNumber(Q.fromNumber(BAND_LO))).toBe(BAND_LO);
    // softplus far above is the argument; tanh far out is ±1
    expect(Q.toNumber(Q.softplus(Q.fromNumber(500)))).toBe(500);
    expect([Q.toNumber(Q.tanh(Q.fromNumber(1e6))), Q.toNumber(Q.tanh(Q.fromNumber(-300)))]).toEqual([1, -1]);
  });

  it('each LeftQuad names the operation and the value or argument that left the band', () => {
    const band = "is outside quad-double's band [2^-600, 2^600]";
    expect(() => Q.fromNumber(1e-300)).toThrowErrorWith(`the number 1e-300: 1e-300 ${band}`);
    expect(() => Q.fromRational(new Fraction(1n, 1n << 700n))).toThrowErrorWith(`a rational: ${2 ** -700} ${band}`);
    expect(() => Q.add(Q.fromNumber(2 ** 600), Q.fromNumber(2 ** 600))).toThrowErrorWith(`a sum: ${2 ** 601} ${band}`);
    const a = Q.mul(Q.fromNumber(2 ** -295), Q.fromNumber(2 ** -295 * (1 + 2 ** -20)));
    expect(() => Q.sub(a, Q.fromNumber(2 ** -590))).toThrowErrorWith(`a difference: ${2 ** -610} ${band}`);
    expect(() => Q.mul(Q.fromNumber(2 ** 400), Q.fromNumber(2 ** 400))).toThrowErrorWith(`a product: ${2 ** 800} ${band}`);
    expect(() => Q.div(Q.fromNumber(2 ** -400), Q.fromNumber(2 ** 400))).toThrowErrorWith(`a quotient: ${2 ** -800} ${band}`);
    // a quotient of nonzero values below float64's range (2^-1200) is not 0 either
    expect(() => Q.div(Q.fromNumber(2 ** -600), Q.fromNumber(2 ** 600))).toThrowErrorWith(`a quotient: 0 ${band}`);
    // exp and softplus: arguments beyond ±416 before any work; up to 416, the value's own check
    expect(() => Q.exp(Q.fromNumber(420))).toThrowErrorWith("exp 420: outside quad-double's band");
    expect(() => Q.exp(Q.fromNumber(-420))).toThrowErrorWith("exp -420: outside quad-double's band");
    expect(() => Q.exp(Q.fromNumber(416))).toThrowErrorWith(/^exp: 4\.\d+e\+180 is outside quad-double's band/);
    expect(() => Q.exp(Q.fromNumber(-416))).toThrowErrorWith(/^exp: 2\.\d+e-181 is outside quad-double's band/);
    expect(() => Q.softplus(Q.fromNumber(-500))).toThrowErrorWith("softplus -500: outside quad-double's band");
    // log 1 + 2^-700 = 2^-700 + …: 1 + 2^-700 is in the band (made as (1 + 2^-600) − (2^-600 − 2^-700)), its log is not
    const nextToOne = Q.sub(Q.add(Q.one, Q.fromNumber(2 ** -600)), Q.fromRational(new Fraction((1n << 100n) - 1n, 1n << 700n)));
    expect(nextToOne.x1).toBe(2 ** -700);
    expect(() => Q.log(nextToOne)).toThrowErrorWith(`log: ${2 ** -700} ${band}`);
    expect(() => Q.softplus(Q.fromNumber(-416))).toThrowErrorWith(/^softplus: 2\.\d+e-181 is outside quad-double's band/);
    // sin and cos: beyond 2^20, and next to a multiple of π/2 (sin(π as a quad) is about 10^-64)
    expect(() => Q.cos(Q.fromNumber(-(2 ** 21)))).toThrowErrorWith("sin/cos at -2097152: argument beyond quad's reduction (2^20)");
    expect(() => Q.sin(PI)).toThrowErrorWith("sin/cos at 3.141592653589793: next to a zero, beyond quad's reduction");
    expect(relative(Q.sin(Q.fromNumber(2 ** 20)), D80.sin(2 ** 20))).toBeLessThanOrEqual(BOUND.sin);
  });

  it('the cut-offs: tanh is ±1 exactly beyond 208 and softplus(a) is a beyond 416, each formula up to its cut-off included', () => {
    /** q is the double v, exactly (its trailing components 0; neg leaves them −0). */
    const just = (q: Quad, v: number) => q.x0 === v && q.x1 === 0 && q.x2 === 0 && q.x3 === 0;
    expect([just(Q.tanh(Q.fromNumber(208.5)), 1), just(Q.tanh(Q.fromNumber(-208.5)), -1)]).toEqual([true, true]);
    // tanh 208 = 1 − 2e^-416 + …: the formula's x1 carries the 2e^-416 ≈ 2^-599
    expect(relative(Q.tanh(Q.fromNumber(208)), new D80(1).minus(D80.exp(-416).times(2)))).toBeLessThanOrEqual(BOUND.tanh);
    expect(Q.tanh(Q.fromNumber(208)).x1).toBeLessThan(0);
    expect([just(Q.softplus(Q.fromNumber(416.5)), 416.5), just(Q.softplus(Q.fromNumber(800)), 800)]).toEqual([true, true]);
    expect(Q.softplus(Q.fromNumber(416)).x1).toBeGreaterThan(0);
  });

  it('zero is one quad: every field operation that gives 0 gives Q.zero', () => {
    const x = Q.fromRational(new Fraction(2, 3));
    for (const z of [Q.fromNumber(0), Q.fromNumber(-0), Q.fromRational(new Fraction(0)), Q.neg(Q.zero), Q.sub(x, x), Q.mul(Q.zero, x), Q.mul(x, Q.zero), Q.div(Q.zero, x)]) expect(z).toBe(Q.zero);
    expect(Q.add(Q.zero, x)).toBe(x);
  });

  it('exp and log remember a value by its whole argument: quads equal in x0 but not after are told apart', () => {
    const R = quad();
    const h = 2 ** -60;
    for (const f of [R.exp, R.log]) {
      const want = f === R.exp ? (x: Decimal) => D80.exp(x) : (x: Decimal) => log1p(x.minus(1));
      // 1, 1 + 2^-60, 1 + 2^-60 + 2^-120, 1 + 2^-60 + 2^-120 + 2^-180: x0 = 1 in each, one component more each time
      let q = R.fromNumber(1.5);
      for (const t of [0, h, h * h, h * h * h]) {
        q = R.add(q, R.fromNumber(t));
        expect(relative(f(q), want(exact(q)))).toBeLessThanOrEqual(BOUND.log);
        expect(relative(f(q), want(exact(q)))).toBeLessThanOrEqual(BOUND.log);
      }
    }
    expect([R.sign(R.fromNumber(-3)), R.sign(R.zero), R.sign(R.fromNumber(2 ** -600))]).toEqual([-1, 0, 1]);
  });

  it('division by 0, log of a number ≤ 0 and √ of a negative throw NotRepresentable (not LeftQuad: no system has them)', () => {
    for (const f of [() => Q.div(Q.fromNumber(3), Q.zero), () => Q.log(Q.zero), () => Q.log(Q.fromNumber(-2)), () => Q.sqrt(Q.fromNumber(-4))]) {
      expect(f).toThrow(NotRepresentable);
      expect(f).not.toThrow(LeftQuad);
    }
    expect(() => Q.log(Q.fromNumber(-2))).toThrowErrorWith('log -2');
    expect(() => Q.log(Q.zero)).toThrowErrorWith('log 0');
    expect(() => Q.div(Q.fromNumber(3), Q.zero)).toThrowErrorWith('3/0');
    expect(() => Q.sqrt(Q.fromNumber(-4))).toThrowErrorWith('√-4');
    expect(exact(Q.sqrt(Q.zero)).isZero()).toBe(true);
    expect([Q.sign(Q.fromNumber(-2)), Q.sign(Q.zero), Q.sign(Q.fromNumber(2 ** -500))]).toEqual([-1, 0, 1]);
  });

  it('toNumber is the nearest double, ties broken by the trailing components', () => {
    expect(Q.toNumber(Q.fromRational(new Fraction(1, 10)))).toBe(0.1);
    expect(Q.toNumber(Q.fromRational(new Fraction(-2, 3)))).toBe(-2 / 3);
    // 1 + 2^-53 is a tie between 1 and 1 + 2^-52: a positive tail above it rounds up, a negative one down
    const tie = Q.add(Q.one, Q.fromNumber(2 ** -53));
    expect(Q.toNumber(Q.add(tie, Q.fromNumber(2 ** -120)))).toBe(1 + 2 ** -52);
    expect(Q.toNumber(Q.sub(tie, Q.fromNumber(2 ** -120)))).toBe(1);
    expect(quadToNumber(tie)).toBe(1);
    // an exact tie (no tail) rounds to even, below as above: 1 − 2^-54 is between 1 − 2^-53 and 1
    expect(Q.toNumber(Q.sub(Q.one, Q.fromNumber(2 ** -54)))).toBe(1);
    // x0 odd: (1 + 2^-52) + 2^-53 is a tie fl(x0 + x1) breaks to 1 + 2^-51; a negative tail keeps x0
    const odd = Q.add(Q.fromNumber(1 + 2 ** -52), Q.fromNumber(2 ** -53));
    expect(Q.toNumber(Q.sub(odd, Q.fromNumber(2 ** -120)))).toBe(1 + 2 ** -52);
    expect(Q.toNumber(Q.add(odd, Q.fromNumber(2 ** -120)))).toBe(1 + 2 ** -51);
    expect(Q.toNumber(odd)).toBe(1 + 2 ** -51);
    // x0 + x1 itself a tie rounded away from x0 (x0 odd, x1 half its ulp: renormalized too)
    expect(quadToNumber(new Quad(1 + 2 ** -52, 2 ** -53, -(2 ** -120), 0))).toBe(1 + 2 ** -52);
    expect(quadToNumber(new Quad(1 + 2 ** -52, 2 ** -53, 2 ** -120, 0))).toBe(1 + 2 ** -51);
    expect(quadToNumber(new Quad(1 + 2 ** -52, 2 ** -53, 0, 0))).toBe(1 + 2 ** -51);
  });
});
