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
import { BAND_HI, BAND_LO, LeftQuad, PI, quad, quadToNumber, QUAD_OP_BOUND, type Quad } from './quad.ts';
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
  expect(relative(f(), want)).toBeLessThanOrEqual(bound);
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

  it('division by 0, log of a number ≤ 0 and √ of a negative throw NotRepresentable (not LeftQuad: no system has them)', () => {
    for (const f of [() => Q.div(Q.fromNumber(3), Q.zero), () => Q.log(Q.zero), () => Q.log(Q.fromNumber(-2)), () => Q.sqrt(Q.fromNumber(-4))]) {
      expect(f).toThrow(NotRepresentable);
      expect(f).not.toThrow(LeftQuad);
    }
    expect(() => Q.log(Q.fromNumber(-2))).toThrow('log -2');
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
  });
});
