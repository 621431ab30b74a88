/**
 * Error-free transformations (Ogita, Rump & Oishi, "Accurate sum and dot product", SIAM J. Sci.
 * Comput. 26(6), 2005): a sum or a product of two float64s is exactly a float64 plus a float64
 * error term, computed in float64. Accumulating both gives dot products as accurate as if computed
 * in twice the working precision, at typed-array speed, where exact BigInt arithmetic costs
 * microseconds per term.
 */
import { gamma } from './numbers/error-bound.ts';

/** Dekker's splitting constant 2^27 + 1: a float64 splits into two halves of 26 bits. */
const SPLITTER = 134_217_729;

/**
 * Products and sums of operands in [2^-400, 2^400] (or 0) neither underflow nor overflow, even
 * their error terms: inside it, TwoProduct is exact (ORO Theorem 3.4 needs no underflow).
 */
export const SAFE_MAGNITUDE = { min: 2 ** -400, max: 2 ** 400 };

const isSafe = (x: number): boolean => x === 0 || (Math.abs(x) >= SAFE_MAGNITUDE.min && Math.abs(x) <= SAFE_MAGNITUDE.max);

export function allSafe(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!isSafe(values[i])) return false;
  return true;
}

/** TwoProduct (Dekker): the exact error a·b − p of p = fl(a·b), for operands in the safe range. */
export function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return al * bl - (((p - ah * bh) - al * bh) - ah * bl);
}

/** TwoSum (Knuth): the exact error a + b − s of s = fl(a + b), for any finite a, b. */
export function sumError(a: number, b: number, s: number): number {
  const z = s - a;
  return (a - (s - z)) + (b - z);
}

/**
 * Algorithm Dot2/Sum2 as an accumulator: `s` is the float64 running sum, `c` the float64 sum of the
 * exact errors of every rounding; s + c is the exact sum up to the rounding of c's own summation
 * (ORO Propositions 5.3 and 5.5), which `error()` bounds.
 */
export class Dot2 {
  private s = 0;
  private c = 0;
  private magnitude = 0;
  private terms = 0;

  /** Adds a·b exactly: TwoProduct(a, b), then TwoSum into the running sum. */
  addProduct(a: number, b: number): void {
    const p = a * b;
    this.addWith(p, productError(a, b, p));
    this.magnitude += Math.abs(p);
    // Stryker disable next-line AssignmentOperator: a miscount moves error(), ~10^-30 of the sum, far below anything float64 can show
    this.terms += 2;
  }

  /** Adds x exactly (TwoSum into the running sum). */
  add(x: number): void {
    this.addWith(x, 0);
    this.magnitude += Math.abs(x);
    // Stryker disable next-line AssignmentOperator: as above
    this.terms += 1;
  }

  private addWith(x: number, extra: number): void {
    const s = this.s + x;
    this.c += sumError(this.s, x, s) + extra;
    this.s = s;
  }

  /** The sum as a double-double value + rest: s + c split exactly by TwoSum. */
  get value(): number {
    return this.s + this.c;
  }

  get rest(): number {
    return sumError(this.s, this.c, this.s + this.c);
  }

  /**
   * A bound on |value + rest − Σ|. s plus the exact error terms is Σ exactly; only c's own float64
   * summation of those terms rounds, by at most γ(2n)·Σ|error terms| ≤ γ(2n)²·Σ|terms|.
   */
  error(): number {
    // Stryker disable next-line ArithmeticOperator: the 2^-40 widening (for magnitude's own float64 sum) moves a bound of ~10^-30 relative by 10^-12 of itself
    return gamma(2 * this.terms) ** 2 * this.magnitude * (1 + 2 ** -40);
  }
}
