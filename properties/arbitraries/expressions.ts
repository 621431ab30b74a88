import fc from 'fast-check';
import { float64 } from '../../oracles/numbers/float64.ts';
import type { Analytic } from '../../oracles/numbers/tower.ts';
import { scalar } from './scalars.ts';
import { lossOf, type Expr } from './loss.ts';
import { fill } from './tensors.ts';

export { exprOf, lossOf, type Expr } from './loss.ts';

/** ℓ as a person writes it. */
export function show(e: Expr): string {
  switch (e.op) {
    case 'const':
      return String(e.value);
    case 'theta':
      return `θ${e.index}`;
    case 'add':
      return `(${show(e.a)} + ${show(e.b)})`;
    case 'mul':
      return `${show(e.a)}·${show(e.b)}`;
    case 'div':
      return `${show(e.a)}/(1 + ${show(e.b)}²)`;
    case 'log':
      return `log(1 + ${show(e.a)}²)`;
    case 'pow':
      return `${show(e.a)}^${e.k}`;
    default:
      return `${e.op}(${show(e.a)})`;
  }
}

/** Largest magnitude any intermediate value may reach: float64 then never overflows in ℓ, ∇ℓ or H. */
export const RANGE = 2 ** 64;

/** Does float64 evaluation of ℓ at Θ keep every intermediate value within ±RANGE? */
export function inRange(e: Expr, theta: readonly number[]): boolean {
  const check = (x: number) => {
    if (!(Math.abs(x) <= RANGE)) throw new RangeError();
    return x;
  };
  const watched = Object.fromEntries(
    Object.entries(float64).map(([k, v]) => [k, typeof v === 'function' ? (...args: number[]) => check((v as (...a: number[]) => number)(...args)) : v]),
  ) as unknown as Analytic<number>;
  try {
    lossOf(e)(watched, theta);
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

const UNARY = ['exp', 'log', 'sin', 'cos', 'tanh', 'softplus'] as const;

const theta = (maxDim: number) => fc.integer({ min: 0, max: maxDim - 1 }).map((index): Expr => ({ op: 'theta', index }));

/**
 * Each of the six unary operations of a parameter, squared, summed (squared, so that the gradient
 * reads each operation's value as well as its derivative). Each term is there with probability
 * 15/16 (`fc.option`, which shrinks a term away), so an answer that gets one operation wrong (a
 * non-analytic log or softplus under complex-step) meets it on almost every such loss, where a
 * random tree holds a given operation in about one in 20; shrinking drops the other terms, and
 * with none left the loss is θ0, the smallest a random tree shrinks to as well.
 */
const everyOperation = (maxDim: number): fc.Arbitrary<Expr> =>
  fc.tuple(...UNARY.map((op) => fc.option(theta(maxDim), { freq: 16 }).map((a): Expr | null => (a === null ? null : { op: 'pow', a: { op, a }, k: 2 })))).map((terms): Expr => {
    const present = terms.filter((t): t is Expr => t !== null);
    return present.length === 0 ? { op: 'theta', index: 0 } : present.reduce((a, b) => ({ op: 'add', a, b }));
  });

/**
 * Expression trees up to depth `maxDepth` over θ0 … θ(maxDim−1) and small constants (integers
 * −3…3 and sixteenths). Shrinks toward a single leaf (θ0, then 0), a unary node toward its
 * argument's leaf, and constants toward 0, 1, −1.
 */
export const expression = (maxDim: number, maxDepth: number): fc.Arbitrary<Expr> =>
  fc.letrec<{ expr: Expr }>((tie) => {
    const sub = tie('expr');
    return {
      expr: fc.oneof(
        { maxDepth, depthSize: 'small', withCrossShrink: true },
        theta(maxDim),
        fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -48, max: 48 }).map((m) => m / 16)).map((value): Expr => ({ op: 'const', value })),
        fc.tuple(fc.constantFrom('add', 'mul', 'div') , sub, sub).map(([op, a, b]): Expr => ({ op, a, b })),
        fc.tuple(fc.constantFrom(...UNARY), sub).map(([op, a]): Expr => ({ op, a })),
        fc.tuple(fc.constantFrom(2 as const, 3 as const, 4 as const), sub).map(([k, a]): Expr => ({ op: 'pow', a, k })),
      ),
    };
  }).expr;

/**
 * Parameters where the losses are evaluated: integers −4…4 most often, then short dyadics, then
 * full 53-bit mantissas, all within |Θᵢ| < 8 (further out, exp and powers leave float64's range
 * for most losses). Shrinks toward 0, 1, −1, 2, ...
 */
export const parameter: fc.Arbitrary<number> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.integer({ min: -4, max: 4 }), weight: 4 },
  { arbitrary: fc.integer({ min: -255, max: 255 }).map((m) => m / 32), weight: 3 },
  { arbitrary: fc.integer({ min: -(2 ** 53 - 1), max: 2 ** 53 - 1 }).map((m) => m * 2 ** -50), weight: 2 },
);

/** One Problem 5 case, as plain JSON: a loss, a point Θ and a direction ΔΘ of the same dimension. */
export interface HvpCase {
  loss: Expr;
  theta: number[];
  dtheta: number[];
}

/** Index i of the tree read as θ(i mod n), so the tree and the dimension shrink independently. */
function reindex(e: Expr, n: number): Expr {
  if (e.op === 'theta') return { op: 'theta', index: e.index % n };
  if (e.op === 'const') return e;
  if ('b' in e) return { ...e, a: reindex(e.a, n), b: reindex(e.b, n) };
  return { ...e, a: reindex(e.a, n) };
}

/**
 * Directions: a short list of scalars (shrinking toward small integers) scaled by 2^k, k ∈ 0…100
 * (shrinking toward 0). The exam's ε = 2^-50 takes the step 2^-50·‖ΔΘ‖∞, too large once it passes
 * 2^-27 (‖ΔΘ‖∞ above about 2^23: see properties/p5.ts), so k is uniform rather than small-biased:
 * about three in four directions are past that point, and a refutation of the exam's ε shrinks to the
 * smallest k where its step is too large. Every other answer takes its own ε, scaled to ΔΘ, and is
 * judged the same at every k.
 */
const direction = (maxDim: number): fc.Arbitrary<number[]> =>
  fc.tuple(fc.array(scalar, { minLength: 1, maxLength: maxDim }), fc.integer({ min: 0, max: 100 })).map(([d, k]) => d.map((x) => x * 2 ** k));

/**
 * Losses, points and directions: dimension 1…maxDim (shrinks toward 1), a sum of every operation
 * or a random tree, in the ratio `weights` (see `everyOperation`), Θ from
 * `parameter`, ΔΘ from `direction`. Only cases float64 can evaluate (every intermediate value
 * within ±RANGE) are kept.
 */
export const hvpCase = (maxDim: number, maxDepth: number, weights: { everyOperation: number; tree: number }): fc.Arbitrary<HvpCase> =>
  fc
    .record({
      n: fc.integer({ min: 1, max: maxDim }),
      loss: fc.oneof(
        { arbitrary: everyOperation(maxDim), weight: weights.everyOperation },
        { arbitrary: expression(maxDim, maxDepth), weight: weights.tree },
      ),
      theta: fc.array(parameter, { minLength: 1, maxLength: maxDim }),
      dtheta: direction(maxDim),
    })
    .map(({ n, loss, theta, dtheta }) => ({ loss: reindex(loss, n), theta: fill(theta, n), dtheta: fill(dtheta, n) }))
    .filter((x) => inRange(x.loss, x.theta));
