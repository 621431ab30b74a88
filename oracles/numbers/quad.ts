/**
 * Quad-double arithmetic (Hida, Li & Bailey, "Algorithms for quad-double precision floating point
 * arithmetic", ARITH-15, 2001, and their QD library): a value is the unevaluated sum x0 + x1 + x2
 * + x3 of four float64s, each at most half an ulp of the one before (renormalized), about 212
 * significant bits (ε = 2^-211 ≈ 3·10^-64, 63 decimal digits). Every step is an error-free
 * transformation of float64 operations (Knuth's two-sum, Dekker's split product) followed by one
 * rounding to four components, so an operation costs tens of float64 operations where decimal.js
 * at 50 digits walks arrays of base-10^7 digits: the oracle's number system where the math is not
 * rational and speed matters (the dual numbers of a `gradient` check, oracles/checks/gradient.ts).
 *
 * Where the bounds hold. Quad-double has float64's exponent range: near 2^-1022 its trailing
 * components underflow and it keeps fewer bits, near 2^1024 its products overflow. Every value
 * this instance makes is 0 or has magnitude in the band [2^-600, 2^600] (BAND_LO, BAND_HI); an
 * operation whose result would leave it, or be Infinity or NaN, throws LeftQuad instead of
 * returning a value (never a silently wrong one), and the caller decides that example in
 * decimal(50). Inside the band the partial products and remainders that carry a result's 212
 * bits are at least 2^-600·2^-318 = 2^-918, normal float64s, so the error-free transformations
 * on them are exact and the bounds below hold; a term below 2^-1022 (a trailing component far
 * below the others) carries at most 2^-1074 absolute, relatively ≤ 2^-470 of a result in the band.
 * A product or quotient of nonzero values that underflows to 0 throws LeftQuad too.
 *
 * Every bound below is relative to the exact result of the operation on its (exact) quad
 * arguments, and is what quad.test.ts asserts against decimal.js at 80 digits over drawn and edge
 * inputs. Add, multiply and divide are the paper's accurate (IEEE-style, not "sloppy")
 * algorithms; its error analysis of add and multiply gives a small multiple of ε, and the bounds
 * stated here leave a margin of a few bits over it and over what 1500 draws per operation show
 * (2^-211 for sub, 2^-204 for tanh, 2^-213 to 2^-215 for the rest, against decimal.js); the
 * functions' bounds are stated from their argument reductions and checked the same way. The
 * weakest, QUAD_OP_BOUND = 2^-190 ≈ 6·10^-58, bounds them all: what a caller's error argument may
 * use per operation.
 */
import type Fraction from 'fraction.js';
import { NotRepresentable, type Analytic } from './tower.ts';

/** A quad-double: the exact value x0 + x1 + x2 + x3, renormalized (|x_{i+1}| ≤ ulp(x_i)/2; QD's renorm can leave x1 a hair above it, within ulp(x0)). */
export class Quad {
  constructor(
    readonly x0: number,
    readonly x1: number,
    readonly x2: number,
    readonly x3: number,
  ) {}
}

/**
 * A result outside quad's band (module comment): magnitude below BAND_LO or above BAND_HI, or not
 * finite, or an argument where a function's reduction cannot keep its bound (sin and cos far out
 * or next to a zero). Not a property of the mathematics: the caller decides the example in a wider
 * system (decimal(50)). A NotRepresentable, so a caller that knows only that class falls back too.
 */
export class LeftQuad extends NotRepresentable {}

/** Entries each of quad()'s memos (exp, log) holds before it is emptied: bounded memory over any run. */
const MEMO_LIMIT = 4096;

/** The band every value of quad() lies in (or is 0): module comment. */
export const BAND_LO = 2 ** -600;
export const BAND_HI = 2 ** 600;
/** The weakest per-operation relative bound of quad() (its functions'), for callers' error arguments. */
export const QUAD_OP_BOUND = 2 ** -190;

// ---- error-free transformations. Each returns the rounded result and leaves its exact error in
// E[0] (a scratch cell, not an allocated pair: these run tens of times per operation; a typed
// array, not a module-level `let`, which V8 reads through a hole check each time).
const E = new Float64Array(7);

/** Knuth's two-sum: s = fl(a + b), E[0] = a + b − s exactly (any a, b without overflow). */
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  E[0] = a - (s - bb) + (b - bb);
  return s;
}

/** Dekker's fast two-sum: as twoSum where |a| ≥ |b| (or a = 0). */
function quickTwoSum(a: number, b: number): number {
  const s = a + b;
  E[0] = b - (s - a);
  return s;
}

/** 2^27 + 1: Dekker's splitter for 53-bit significands. */
const SPLITTER = 134217729;

/** Dekker's product: p = fl(a·b), E[0] = a·b − p exactly (|a|, |b| < 2^996, no underflow). */
function twoProd(a: number, b: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  E[0] = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

// renormalization (QD's renorm): four or five overlapping components to four nonoverlapping
// ones, the fifth rounded off. Results in E[1…4].

/**
 * QD's second pass, one component c at a time: c is added into the last component made, E[k]; a
 * nonzero error starts the next one (so no 0 is left between two nonzero components). QD writes
 * the pass as a tree of branches on which errors are 0; this is the same sequence of sums (at
 * k = 4 the error, QD's dropped fifth component, goes to E[5], which nothing reads).
 */
function absorb(k: number, c: number): number {
  E[k] = quickTwoSum(E[k], c);
  if (E[0] !== 0) E[++k] = E[0];
  return k;
}

function renorm(c0: number, c1: number, c2: number, c3: number, c4: number): void {
  // first pass, bottom up: each partial sum and the error it leaves
  let s = quickTwoSum(c3, c4);
  c4 = E[0];
  s = quickTwoSum(c2, s);
  c3 = E[0];
  s = quickTwoSum(c1, s);
  c2 = E[0];
  E[1] = quickTwoSum(c0, s);
  c1 = E[0];
  E[2] = E[3] = E[4] = 0;
  // c1 is E[1]'s exact error, so absorbing it gives back (E[1], c1): QD's start s0 = c0, s1 = c1
  absorb(absorb(absorb(absorb(1, c1), c2), c3), c4);
}

const ZERO = new Quad(0, 0, 0, 0);
const ONE = new Quad(1, 0, 0, 0);
// renorm leaves E[1] = 0 only with E[2…4] = 0: every zero it makes is ZERO (no −0 component)
// Stryker disable next-line ConditionalExpression: a zero E[1] comes with zero E[2…4], so new Quad(E[1], …) is ZERO's value; ±0 are one number
const made = (): Quad => (E[1] === 0 ? ZERO : new Quad(E[1], E[2], E[3], E[4]));

// ---- the accurate (IEEE-style) addition: QD's ieee_add. The two arguments' components are
// merged by magnitude into a double-length accumulator (u, v), a component leaving it once it is
// settled (quick_three_accum), the rest added into the last, then renormalized.
const A = new Float64Array(4);
const B = new Float64Array(4);

const X = new Float64Array(4);

function addInto(a: Quad, b: Quad): void {
  A[0] = a.x0;
  A[1] = a.x1;
  A[2] = a.x2;
  A[3] = a.x3;
  B[0] = b.x0;
  B[1] = b.x1;
  B[2] = b.x2;
  B[3] = b.x3;
  X.fill(0);
  let i = 0;
  let j = 0;
  let k = 0;
  // Stryker disable next-line EqualityOperator: |A0| = |B0| gives u + v = A0 + B0 either way, each exact (0 or 2·A0) with no error, and i = j = 1
  let u = Math.abs(A[0]) > Math.abs(B[0]) ? A[i++] : B[j++];
  let v = Math.abs(A[i]) > Math.abs(B[j]) ? A[i++] : B[j++];
  u = quickTwoSum(u, v);
  v = E[0];
  while (k < 4) {
    if (i >= 4 && j >= 4) {
      X[k] = u;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: at k = 3, X[4] is past the Float64Array's end, where a write is dropped
      if (k < 3) X[++k] = v;
      break;
    }
    // the larger of the next two (A[4] is past the array's end: undefined, which compares false)
    const t = j >= 4 || Math.abs(A[i]) > Math.abs(B[j]) ? A[i++] : B[j++];
    // quick_three_accum: t into (u, v); a settled component s leaves it
    let s = twoSum(v, t);
    v = E[0];
    s = twoSum(u, s);
    u = E[0];
    if (u !== 0 && v !== 0) X[k++] = s;
    else if (v === 0) {
      v = u;
      u = s;
    } else u = s;
  }
  for (; i < 4; i++) X[3] += A[i];
  for (; j < 4; j++) X[3] += B[j];
  renorm(X[0], X[1], X[2], X[3], 0);
}

/** a + b, unchecked (internal: callers check the band of what they return). */
function add(a: Quad, b: Quad): Quad {
  // Stryker disable next-line ConditionalExpression: a shortcut; the general path adds 0 exactly and returns b's components
  if (a.x0 === 0) return b;
  // Stryker disable next-line ConditionalExpression: a shortcut, as the line before
  if (b.x0 === 0) return a;
  addInto(a, b);
  return made();
}

const neg = (a: Quad): Quad => (a.x0 === 0 ? ZERO : new Quad(-a.x0, -a.x1, -a.x2, -a.x3));
const sub = (a: Quad, b: Quad): Quad => add(a, neg(b));

/** a + d for a double d (as add, through a quad of d). */
const addD = (a: Quad, d: number): Quad => add(a, new Quad(d, 0, 0, 0));

/** a·b: QD's accurate_mul (the O(ε^3) products by two-prod, the O(ε^4) ones in float64). */
function mul(a: Quad, b: Quad): Quad {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut (the dual numbers' zero tangents); the general path's products are all 0, and made() returns ZERO
  if (a.x0 === 0 || b.x0 === 0) return ZERO;
  let p0 = twoProd(a.x0, b.x0);
  let q0 = E[0];
  let p1 = twoProd(a.x0, b.x1);
  let q1 = E[0];
  let p2 = twoProd(a.x1, b.x0);
  let q2 = E[0];
  let p3 = twoProd(a.x0, b.x2);
  let q3 = E[0];
  let p4 = twoProd(a.x1, b.x1);
  let q4 = E[0];
  let p5 = twoProd(a.x2, b.x0);
  let q5 = E[0];
  // three_sum(p1, p2, q0)
  let t1 = twoSum(p1, p2);
  let t2 = E[0];
  p1 = twoSum(q0, t1);
  let t3 = E[0];
  p2 = twoSum(t2, t3);
  q0 = E[0];
  // three_sum(p2, q1, q2)
  t1 = twoSum(p2, q1);
  t2 = E[0];
  p2 = twoSum(q2, t1);
  t3 = E[0];
  q1 = twoSum(t2, t3);
  q2 = E[0];
  // three_sum(p3, p4, p5)
  t1 = twoSum(p3, p4);
  t2 = E[0];
  p3 = twoSum(p5, t1);
  t3 = E[0];
  p4 = twoSum(t2, t3);
  p5 = E[0];
  // (s0, s1, s2) = (p2, q1, q2) + (p3, p4, p5)
  const s0 = twoSum(p2, p3);
  let u0 = E[0];
  let s1 = twoSum(q1, p4);
  const u1 = E[0];
  let s2 = q2 + p5;
  s1 = twoSum(s1, u0);
  u0 = E[0];
  s2 += u0 + u1;
  // O(ε^3) products
  let p6 = twoProd(a.x0, b.x3);
  const q6 = E[0];
  let p7 = twoProd(a.x1, b.x2);
  const q7 = E[0];
  let p8 = twoProd(a.x2, b.x1);
  const q8 = E[0];
  let p9 = twoProd(a.x3, b.x0);
  const q9 = E[0];
  // nine-two sum of q0, s1, q3, q4, q5, p6, p7, p8, p9
  q0 = twoSum(q0, q3);
  q3 = E[0];
  q4 = twoSum(q4, q5);
  q5 = E[0];
  p6 = twoSum(p6, p7);
  p7 = E[0];
  p8 = twoSum(p8, p9);
  p9 = E[0];
  let v0 = twoSum(q0, q4);
  let v1 = E[0] + (q3 + q5);
  const w0 = twoSum(p6, p8);
  const w1 = E[0] + (p7 + p9);
  q3 = twoSum(v0, w0);
  q4 = E[0] + (v1 + w1);
  v0 = twoSum(q3, s1);
  v1 = E[0] + q4;
  // O(ε^4) terms
  v1 += a.x1 * b.x3 + a.x2 * b.x2 + a.x3 * b.x1 + q6 + q7 + q8 + q9 + s2;
  renorm(p0, p1, s0, v0, v1);
  return made();
}

/** a·d for a double d: QD's quad × double. */
function mulD(a: Quad, d: number): Quad {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut, as in mul
  if (a.x0 === 0 || d === 0) return ZERO;
  const p0 = twoProd(a.x0, d);
  const q0 = E[0];
  const p1 = twoProd(a.x1, d);
  let q1 = E[0];
  let p2 = twoProd(a.x2, d);
  let q2 = E[0];
  let p3 = a.x3 * d;
  const s1 = twoSum(q0, p1);
  let s2 = E[0];
  // three_sum(s2, q1, p2)
  let t1 = twoSum(s2, q1);
  let t2 = E[0];
  s2 = twoSum(p2, t1);
  let t3 = E[0];
  q1 = twoSum(t2, t3);
  p2 = E[0];
  // three_sum2(q1, q2, p3)
  t1 = twoSum(q1, q2);
  t2 = E[0];
  q1 = twoSum(p3, t1);
  t3 = E[0];
  q2 = t2 + t3;
  p3 = q1;
  renorm(p0, s1, s2, p3, q2 + p2);
  return made();
}

/** a·p for p = 2^k, exactly (every component scaled; k such that the result stays in the band). */
const scale = (a: Quad, p: number): Quad => new Quad(a.x0 * p, a.x1 * p, a.x2 * p, a.x3 * p);

/** a/b: QD's accurate_div, long division: five quotient digits, each from the remainder left by the ones before. */
function div(a: Quad, b: Quad): Quad {
  const q0 = a.x0 / b.x0;
  let r = sub(a, mulD(b, q0));
  const q1 = r.x0 / b.x0;
  r = sub(r, mulD(b, q1));
  const q2 = r.x0 / b.x0;
  r = sub(r, mulD(b, q2));
  const q3 = r.x0 / b.x0;
  r = sub(r, mulD(b, q3));
  const q4 = r.x0 / b.x0;
  renorm(q0, q1, q2, q3, q4);
  return made();
}

// ---- exact conversions

/** n·2^-shift as a quad: each component the nearest double to what the ones before leave (relative error ≤ 2^-212 for |n| ≥ 2^230; ZERO for n = 0). */
function ofScaledBigInt(n: bigint, shift: number): Quad {
  let rest = n;
  const c = Array.from({ length: 4 }, () => {
    const x = Number(rest);
    rest -= BigInt(x);
    return x;
  });
  // 2^-shift in two steps: one power of two could underflow where the product does not
  const h = Math.trunc(shift / 2);
  const [p, q] = [2 ** -h, 2 ** -(shift - h)];
  renorm(c[0] * p * q, c[1] * p * q, c[2] * p * q, c[3] * p * q, 0);
  return made();
}

/** The number of bits of n ≥ 0. */
const bitLength = (n: bigint): number => n.toString(2).length;

/** n/d (n ≥ 0, d > 0) to quad: the quotient cut to 240 bits (relative error < 2^-239), then to four components (< 2^-212). */
function ofRatio(n: bigint, d: bigint): Quad {
  const shift = 240 - (bitLength(n) - bitLength(d));
  return ofScaledBigInt((n << BigInt(Math.max(shift, 0))) / (d << BigInt(Math.max(-shift, 0))), shift);
}

// ---- constants, computed once with BigInt fixed point at PREC bits (independent of decimal.js)
const PREC = 640;
const FIX = 1n << BigInt(PREC);

/** arctan(1/x)·2^PREC for an integer x > 1, by its Taylor series (error < one unit per term). */
function arctanInv(x: bigint): bigint {
  let sum = 0n;
  let power = FIX / x;
  const x2 = x * x;
  for (let k = 1n; power !== 0n; k += 2n) {
    sum += (k % 4n === 1n ? 1n : -1n) * (power / k);
    power /= x2;
  }
  return sum;
}
// Machin: π/4 = 4·arctan(1/5) − arctan(1/239)
const PI_FIX = 4n * (4n * arctanInv(5n) - arctanInv(239n));
// ln 2 = Σ_{k≥1} 1/(k·2^k)
const LN2_FIX = (() => {
  let sum = 0n;
  for (let k = 1n; ; k++) {
    const term = FIX / (k << k);
    if (term === 0n) return sum;
    sum += term;
  }
})();

/** A fixed-point constant as pieces of at most `bits` significant bits each (Cody–Waite): k·piece is exact for |k| < 2^(53 − bits). */
function pieces(fixed: bigint, bits: number, count: number): number[] {
  const out: number[] = [];
  let rest = fixed;
  for (let k = 0; k < count; k++) {
    const cut = Math.max(0, bitLength(rest) - bits);
    const top = (rest >> BigInt(cut)) << BigInt(cut);
    out.push(Number(top) * 2 ** -PREC);
    rest -= top;
  }
  return out;
}
/** ln 2 as 7 pieces of 36 bits (252 bits, truncation < 2^-250): m·piece exact for |m| < 2^17. */
const LN2_PIECES = pieces(LN2_FIX, 36, 7);
/** π/2 as 8 pieces of 32 bits (truncation < 2^-255): k·piece exact for |k| < 2^21. */
const HALF_PI_PIECES = pieces(PI_FIX / 2n, 32, 8);
/** π as a quad, within 2^-211 (tests and callers' known answers). */
export const PI = ofScaledBigInt(PI_FIX >> BigInt(PREC - 240), 240);

/** 1/n! for n = 0 … 29, each within 2^-212. */
const INV_FACT = Array.from({ length: 30 }, (_, n) => {
  let f = 1n;
  for (let k = 2n; k <= BigInt(n); k++) f *= k;
  return ofRatio(1n, f);
});

/**
 * A polynomial's coefficients, highest power first, as Horner evaluates them. Fixed lengths, each
 * what its series needs at the edge of its domain (a term count written as a table, not a stop
 * test: a stop test's `<` or `≤` only adds a term far below the last bit).
 */
const polynomial = (n: number, coefficient: (k: number) => Quad): Quad[] => Array.from({ length: n }, (_, i) => coefficient(n - 1 - i));
/** (e^r − 1)/r = Σ_{k<17} r^k/(k + 1)!: for |r| ≤ 2^-10.5 the first term left out, r^17/18!, is below 2^-231. */
const EXPM1_SERIES = polynomial(17, (k) => INV_FACT[k + 1]);
/** cos x = Σ_{k≤14} (−x²)^k/(2k)! and sin x/x = Σ_{k≤14} (−x²)^k/(2k + 1)!: for |x| ≤ π/64 the first terms left out are below 2^-238. */
const COS_SERIES = polynomial(15, (k) => (k % 2 === 0 ? INV_FACT[2 * k] : neg(INV_FACT[2 * k])));
const SIN_SERIES = polynomial(15, (k) => (k % 2 === 0 ? INV_FACT[2 * k + 1] : neg(INV_FACT[2 * k + 1])));

/** Σ c_k·x^k by Horner's rule, coefficients highest power first. For |x| far below 1, each step adds a small correction to a coefficient: no cancellation. */
function horner(coefficients: readonly Quad[], x: Quad): Quad {
  let s = ZERO;
  for (const c of coefficients) s = add(mul(s, x), c);
  return s;
}

// ---- functions (unchecked internals; the instance checks the band of what it returns)

/**
 * e^r − 1 for |r| ≤ 0.7 with relative accuracy: Taylor at r/2^10 (EXPM1_SERIES), then ten
 * doublings (e^{2x} − 1 = (e^x − 1)(e^x − 1 + 2)), each keeping the relative error of a sum of
 * positive terms (r ≥ 0) or of a product of factors near their values (r < 0, e^x − 1 + 2 in
 * (1, 2)): ≤ 2^-200 measured. The reduced arguments of exp and expm1 (|r| ≤ ln 2/2 + tiny) and
 * log1p's Newton (|x| ≤ ln 2 + tiny) stay within it.
 */
function expm1Reduced(r: Quad): Quad {
  const x = scale(r, 2 ** -10);
  let s = mul(horner(EXPM1_SERIES, x), x);
  for (let k = 0; k < 10; k++) s = mul(s, addD(s, 2));
  return s;
}

/**
 * a = m·ln 2 + r with m = round(a/ln 2), |r| ≤ ln 2/2 + tiny, r formed against ln 2 in Cody–Waite
 * pieces (each m·piece exact; absolute error of r ≤ 2^-207). The caller keeps |a| below 2^12
 * (|m| < 2^17 for exact pieces). m = 0 leaves r = a exactly.
 */
function reduceLn2(a: Quad): { m: number; r: Quad } {
  const m = Math.round(a.x0 / Math.LN2);
  let r = a;
  for (const piece of LN2_PIECES) r = addD(r, -m * piece);
  return { m, r };
}

/** e^a = 2^m·(1 + expm1(r)) (reduceLn2). Relative error ≤ 2^-198. */
function expRaw(a: Quad): Quad {
  const { m, r } = reduceLn2(a);
  const e = addD(expm1Reduced(r), 1);
  // 2^m in two steps: 2^m alone may overflow where e·2^m does not
  const h = Math.trunc(m / 2);
  return scale(scale(e, 2 ** h), 2 ** (m - h));
}

/**
 * e^a − 1 for −416 ≤ a ≤ 0 with relative accuracy: 2^m·expm1(r) + (2^m − 1) (reduceLn2; 2^m − 1
 * exact as a quad). m = 0 is expm1(a) itself; m ≤ −1 has |e^a − 1| ≥ 0.29 and terms of magnitude
 * at most 1 and 0.21 (cancellation at most a factor 4). Relative error ≤ 2^-198.
 */
function expm1Raw(a: Quad): Quad {
  const { m, r } = reduceLn2(a);
  return add(scale(expm1Reduced(r), 2 ** m), addD(new Quad(2 ** m, 0, 0, 0), -1));
}

/**
 * log(1 + w) for w ≥ −1/2 (1 + w ≥ 1/2), relative error ≤ 2^-198: Newton on e^x = 1 + w from
 * float64's log1p, x ← x + (w − (e^x − 1))/e^x, three steps (53 → 106 → 212 bits, then rounding);
 * w − expm1(x) keeps relative accuracy where 1 + w would drop w's last bits.
 */
function log1pRaw(w: Quad): Quad {
  return log1pStep(w, log1pStep(w, log1pStep(w, new Quad(Math.log1p(w.x0), 0, 0, 0))));
}
function log1pStep(w: Quad, x: Quad): Quad {
  const g = expm1Reduced(x);
  return add(x, div(sub(w, g), addD(g, 1)));
}

/** LN2_PIECES smallest first: m·ln 2 added onto log f from the bottom up, where each sum but the last few is exact (m·piece exact, the pieces 36 bits apart). */
const LN2_PIECES_UP = [...LN2_PIECES].reverse();

/**
 * log a for a > 0: a = 2^m·f with m = round(log2 a), f in [1/√2, √2] up to rounding, log a =
 * log1p(f − 1) + m·ln 2 (f − 1 exact or within 2^-212 of itself; m·ln 2 in exact pieces,
 * LN2_PIECES_UP; the sum cancels at most half of m·ln 2, as |log f| ≤ ln 2/2). One method over the
 * whole band: next to 1 (m = 0) it is log1p(a − 1) itself, relative error ≤ 2^-198 there, ≤ 2^-197
 * elsewhere.
 */
function logRaw(a: Quad): Quad {
  const m = Math.round(Math.log2(a.x0));
  let x = log1pRaw(addD(scale(a, 2 ** -m), -1));
  for (const piece of LN2_PIECES_UP) x = addD(x, m * piece);
  return x;
}

/** One Newton step on 1/√a (h = a/2): r ← r + r·(1/2 − h·r²), QD's. */
const rsqrtStep = (h: Quad, r: Quad): Quad => add(r, mul(r, addD(neg(mul(h, mul(r, r))), 0.5)));

/** √a for a > 0: Newton on 1/√a from float64's, three steps (53 → 106 → 212 bits, then rounding), then a·(1/√a). */
function sqrtRaw(a: Quad): Quad {
  const h = scale(a, 0.5);
  return mul(a, rsqrtStep(h, rsqrtStep(h, rsqrtStep(h, new Quad(1 / Math.sqrt(a.x0), 0, 0, 0)))));
}

/** sin and cos of |t| ≤ π/4 (relative error ≤ 2^-200): their series at x = t/16 (COS_SERIES, SIN_SERIES in x²), four doublings (sin 2x = 2 sin x cos x, cos 2x = 1 − 2 sin²x, no cancellation below π/4). */
function sinCosReduced(t: Quad): [Quad, Quad] {
  const x = scale(t, 1 / 16);
  const y = mul(x, x);
  let s = mul(x, horner(SIN_SERIES, y));
  let c = horner(COS_SERIES, y);
  for (let k = 0; k < 4; k++) {
    const s2 = mul(s, s);
    s = scale(mul(s, c), 2);
    c = addD(scale(neg(s2), 2), 1);
  }
  return [s, c];
}

/**
 * sin a (cos: cosine) for |a.x0| ≤ 2^20: a = k·π/2 + t, |t| ≤ π/4, t formed against π/2 in 32-bit
 * pieces (each k·piece exact), each step's rounding at most 2^-209 of what it sums; the sum's
 * absolute error is then ≤ 2^-209·(|t| + 2|k|·2^-31), so t is within 2^-200 of itself relative
 * where |t| ≥ |k|·2^-39 (the callers throw LeftQuad elsewhere: near a multiple of π/2, decimal
 * decides). Then sin/cos of t, by k mod 4.
 */
function sinCos(a: Quad, cosine: boolean): Quad {
  if (Math.abs(a.x0) > 2 ** 20) throw new LeftQuad(`sin/cos at ${a.x0}: argument beyond quad's reduction (2^20)`);
  const k = Math.round(a.x0 / (Math.PI / 2));
  let t = a;
  for (const piece of HALF_PI_PIECES) t = addD(t, -k * piece);
  const q = ((((k % 4) + 4) % 4) + (cosine ? 1 : 0)) % 4;
  // ±sin t is as small as t: relatively as exact as t only where t is (±cos t is near ±1: any t serves)
  if (q % 2 === 0 && Math.abs(t.x0) < Math.abs(k) * 2 ** -39) throw new LeftQuad(`sin/cos at ${a.x0}: next to a zero, beyond quad's reduction`);
  const [s, c] = sinCosReduced(t);
  return q === 0 ? s : q === 1 ? c : q === 2 ? neg(s) : neg(c);
}

/** tanh a = −m/(m + 2) with m = e^-2|a| − 1 (expm1Raw: relatively accurate, so no cancellation for any a; m + 2 in (1, 2]), sign of a; ±1 where e^-2|a| < 2^-600 (then tanh is within 2^-599 of ±1). */
function tanhRaw(a: Quad): Quad {
  // Stryker disable next-line EqualityOperator: at 0, neg(0) is 0
  const t = a.x0 < 0 ? neg(a) : a;
  let y = ONE;
  if (t.x0 <= 208) {
    const m = expm1Raw(scale(neg(t), 2));
    y = div(neg(m), addD(m, 2));
  }
  // Stryker disable next-line EqualityOperator: at 0, y is 0 and neg(0) is 0
  return a.x0 < 0 ? neg(y) : y;
}

/** log(1 + e^a): a + log1p(e^-a) for a > 0 (= a within 2^-599 where e^-a < 2^-600), log1p(e^a) for a ≤ 0. */
function softplusRaw(a: Quad): Quad {
  // Stryker disable next-line EqualityOperator: at 0, add(0, log1p(e^-0)) is log1p(e^0)
  if (a.x0 > 0) return a.x0 > 416 ? a : add(a, log1pRaw(expRaw(neg(a))));
  return log1pRaw(expRaw(a));
}

// ---- the instance

/**
 * a, or LeftQuad where it is outside the band (module comment) or not finite, or 0 where the exact
 * result is not (`nonzero`: a product or quotient of nonzero values that underflowed).
 */
function inBand(a: Quad, what: string, nonzero = false): Quad {
  const m = Math.abs(a.x0);
  if ((m === 0 && !nonzero) || (m >= BAND_LO && m <= BAND_HI)) return a;
  throw new LeftQuad(`${what}: ${a.x0} is outside quad-double's band [2^-600, 2^600]`);
}

/** The nearest double to a (the exact sum of its components, rounded once). */
export function quadToNumber(a: Quad): number {
  const r = a.x0 + a.x1;
  const e = a.x1 - (r - a.x0);
  // a tie in r = fl(x0 + x1) (|e| half the gap to the neighbour on e's side) is broken by the
  // tail's sign, which is x2's (renormalized: |x3| ≤ ulp(x2), and x3 = 0 where x2 = 0); no tail
  // (sign 0) or no error (e = 0, other = r) keeps r
  const other = r + 2 * e;
  return other - r === 2 * e && Math.sign(a.x2) === Math.sign(e) ? other : r;
}

/**
 * The quad-double field with the analytic functions (module comment). Relative error bounds,
 * within the band, of each operation's result against the exact result on its quad arguments:
 * - fromNumber: exact (LeftQuad outside the band); fromRational: ≤ 2^-211 (the quotient cut to
 *   240 bits by BigInt division, then rounded to four components);
 * - add, sub: ≤ 2^-208 (QD's ieee_add: the paper's IEEE-style bound, a small multiple of ε);
 *   exact where the result fits four components, so (1 + 2^-100) − 1 is 2^-100 exactly;
 * - mul: ≤ 2^-208 (QD's accurate_mul: the products of order ε^4 and below are dropped or rounded);
 * - div: ≤ 2^-207 (QD's accurate_div: five quotient digits, one past the paper's sloppy four);
 * - sqrt: ≤ 2^-205 (Newton on 1/√a, then one product);
 * - exp: ≤ 2^-198 (absolute 2^-207 in the reduced argument, then ten doublings);
 * - log, softplus: ≤ 2^-196 (Newton; log1p near 1 keeps relative accuracy);
 * - tanh: ≤ 2^-196; sin, cos: ≤ 2^-196 for |a| ≤ 2^20 away from multiples of π/2 (LeftQuad else);
 * all ≤ QUAD_OP_BOUND. Division by 0, log of a number ≤ 0 and √ of a negative throw
 * NotRepresentable (not LeftQuad: no system has those values). `toNumber` is correctly rounded.
 * A field operation whose result is 0 returns `zero` itself (no −0 component).
 */
export function quad(): Analytic<Quad> {
  /**
   * exp and log remembered by their argument, as decimal(…) remembers exp (and derivation.ts its
   * ln): a check's examples draw their values from a few hundred small dyadics, and e^a or log a
   * costs a hundred quad operations or more. Keyed by the leading component, the entry's argument
   * compared whole; each memo emptied past MEMO_LIMIT entries. `f` throws for an argument it has
   * no value at (and is not remembered there).
   */
  const remembered = (f: (a: Quad) => Quad): ((a: Quad) => Quad) => {
    const held = new Map<number, { a: Quad; v: Quad }>();
    return (a) => {
      const hit = held.get(a.x0);
      // Stryker disable next-line ConditionalExpression: a miss computes the value remembered
      if (hit && hit.a.x1 === a.x1 && hit.a.x2 === a.x2 && hit.a.x3 === a.x3) return hit.v;
      const v = f(a);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the limit bounds memory; an emptied memo computes the same values again
      if (held.size >= MEMO_LIMIT) held.clear();
      held.set(a.x0, { a, v });
      return v;
    };
  };
  const exp = remembered((a) => {
    if (Math.abs(a.x0) > 416) throw new LeftQuad(`exp ${a.x0}: outside quad-double's band`);
    return inBand(expRaw(a), 'exp');
  });
  const log = remembered((a) => {
    if (a.x0 <= 0) throw new NotRepresentable(`log ${quadToNumber(a)}`);
    return inBand(logRaw(a), 'log');
  });
  return {
    zero: ZERO,
    one: ONE,
    fromNumber(x) {
      if (x === 0) return ZERO;
      return inBand(new Quad(x, 0, 0, 0), `the number ${x}`);
    },
    fromRational(q: Fraction) {
      const magnitude = ofRatio(BigInt(q.n), BigInt(q.d));
      // nonzero: a rational below 2^-1075 has components that underflow to 0 (not a value of 0)
      return inBand(BigInt(q.s) === -1n ? neg(magnitude) : magnitude, 'a rational', BigInt(q.n) !== 0n);
    },
    add: (a, b) => inBand(add(a, b), 'a sum'),
    sub: (a, b) => inBand(sub(a, b), 'a difference'),
    mul: (a, b) => inBand(mul(a, b), 'a product', a.x0 !== 0 && b.x0 !== 0),
    div(a, b) {
      if (b.x0 === 0) throw new NotRepresentable(`${quadToNumber(a)}/0`);
      return inBand(div(a, b), 'a quotient', a.x0 !== 0);
    },
    neg,
    toNumber: quadToNumber,
    // x0 is never −0 (made() and neg() return ZERO for a zero)
    sign: (a) => Math.sign(a.x0) as -1 | 0 | 1,
    exp,
    log,
    sqrt(a) {
      if (a.x0 < 0) throw new NotRepresentable(`√${quadToNumber(a)}`);
      // Stryker disable next-line StringLiteral,ConditionalExpression: the root of a value in the band is in it, so the label is never shown; 0 is a shortcut (sqrtRaw's last step is mul(0, ·) = ZERO)
      return a.x0 === 0 ? ZERO : inBand(sqrtRaw(a), '√');
    },
    // Stryker disable next-line StringLiteral: not reached: |tanh a| lies between |a|·(1 − a²/3) and 1
    tanh: (a) => inBand(tanhRaw(a), 'tanh'),
    // Stryker disable next-line StringLiteral: not reached: |sin| and |cos| are at most 1, and where sinCos returns at least about |a| (k = 0) or |t| ≥ 2^-39 (its LeftQuad next to a zero)
    sin: (a) => inBand(sinCos(a, false), 'sin'),
    // Stryker disable next-line StringLiteral: not reached, as sin
    cos: (a) => inBand(sinCos(a, true), 'cos'),
    softplus(a) {
      if (a.x0 < -416) throw new LeftQuad(`softplus ${a.x0}: outside quad-double's band`);
      return inBand(softplusRaw(a), 'softplus');
    },
  };
}
