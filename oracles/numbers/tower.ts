/**
 * The number tower (DESIGN.md §3): one interface, ring ⊂ field ⊂ analytic field, that every piece
 * of code in impl/ and oracles/ is written against, so the same program runs in float64 as a
 * student's code would, exactly in dyadic or rational arithmetic, at 50+ digits in decimal.js,
 * as Higham's error bound, in complex arithmetic (complex step) and in dual numbers or jets
 * (forward-mode derivatives).
 *
 * An instance implements what its numbers can do exactly: rationals have no exp, Higham's bound
 * has no division. Code that needs an operation asks for the level that has it (`Field<T>`,
 * `Analytic<T>`); the notation engine checks at compile time, once per program and number system,
 * that every operation a program uses is there (`has`), never per element.
 *
 * An operation whose result the system cannot hold at this argument (√2 in rationals with square
 * roots, 1/0 exactly) throws `NotRepresentable`; callers that can fall back to a wider system
 * (rationals → decimal) catch exactly that class and nothing else.
 */
import type Fraction from 'fraction.js';

/** + − × and the integers: enough for sums of products (the exam's `+=` programs without division). */
export interface Ring<T> {
  readonly zero: T;
  readonly one: T;
  /** The double x in this system: exactly where the system can hold every double (all but decimal's rounding past its digits). */
  fromNumber(x: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  neg(a: T): T;
  /** The nearest double (for reports and for comparing against float64 answers). */
  toNumber(a: T): number;
  /**
   * The sign of a's real part: −1, 0 or 1. Relu, max, |·| and indicators branch on it; a dual
   * number or jet branches on its value, a complex number on its real part (each branch stays
   * analytic). Throws NotRepresentable where a system has no order (Higham's bound).
   */
  sign(a: T): -1 | 0 | 1;
}

/** A ring with division and exact rational constants. */
export interface Field<T> extends Ring<T> {
  /** a / b; division by an exact zero throws NotRepresentable. */
  div(a: T, b: T): T;
  /** The rational q in this system (exactly where the system holds it). */
  fromRational(q: Fraction): T;
}

/** A field with the analytic functions of the course's programs and losses. */
export interface Analytic<T> extends Field<T> {
  exp(a: T): T;
  /** Natural logarithm (ln). */
  log(a: T): T;
  sqrt(a: T): T;
  tanh(a: T): T;
  sin(a: T): T;
  cos(a: T): T;
  /** log(1 + e^a), accurate for a ≪ 0 where log(1 + e^a) would round to 0. */
  softplus(a: T): T;
}

/** An operation this system cannot carry out exactly at this argument (√2 in rationals, 1/0). */
export class NotRepresentable extends Error {}

export type Operation = Exclude<keyof Analytic<unknown>, 'zero' | 'one'>;

/** Whether N has operation `op`: the compile-time capability check (a Ring has no `div`). */
export const has = <T>(N: Ring<T>, op: Operation): boolean => typeof (N as unknown as Record<string, unknown>)[op] === 'function';
