/**
 * A claim file example's inputs in one line, as a grader recomputes the witness by hand: the
 * sizes, each tensor, the reals the programs read, and the declared functions' drawn values
 * (oracles/checks/gradient.ts's GradientCase, also as read back from results.json). The one
 * rendering of a witness's inputs for the terminal, summary.md, the errata sheet and Gradescope.
 */
import Fraction from 'fraction.js';

/** The parts of a GradientCase a witness shows (results.json holds the case as plain data). */
interface CaseInputs {
  readonly sizes: Readonly<Record<string, number>>;
  readonly values: Readonly<Record<string, readonly number[]>>;
  readonly outGrad?: Readonly<Record<string, readonly number[]>>;
  readonly gradsBefore?: Readonly<Record<string, readonly number[]>>;
  readonly reals?: Readonly<Record<string, number>>;
  readonly calls?: readonly number[];
}

const isCase = (x: unknown): x is CaseInputs =>
  typeof x === 'object' && x !== null && typeof (x as CaseInputs).sizes === 'object' && typeof (x as CaseInputs).values === 'object';

/** A drawn real as the fraction it is (reals are dyadics: m/64, 1/2, …), e.g. `7/8`. */
const exact = (v: number) => new Fraction(v).toFraction();

/** A tensor as nested lists, row-major, by its shape (a flat list where the shape is not known). */
export function nested(data: readonly number[], shape: readonly number[] | null): unknown {
  if (shape === null) return data;
  if (shape.length === 0) return data[0];
  const [n, ...rest] = shape;
  const inner = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, k) => nested(data.slice(k * inner, (k + 1) * inner), rest));
}

/**
 * The inputs of a claim file's example in one line, or null for a counterexample of another
 * shape: `T = 1; x = [1]; beta = 7/8, gamma = 1; function values [-1, 2] (then 0), the k-th to
 * the k-th distinct call, SPEC's run first`. `shape` gives a tensor's shape at the example's
 * sizes, for nested lists (flat lists without it).
 */
export function inputsText(x: unknown, shape?: (tensor: string, sizes: Readonly<Record<string, number>>) => readonly number[]): string | null {
  if (!isCase(x)) return null;
  const tensors = (group: Readonly<Record<string, readonly number[]>> | undefined, suffix: string, label = '') =>
    Object.entries(group ?? {}).map(([name, data]) => `${name}${suffix} = ${JSON.stringify(nested(data, shape ? shape(name, x.sizes) : null))}${label}`);
  const reals = Object.entries(x.reals ?? {}).map(([name, v]) => `${name} = ${exact(v)}`);
  // the values past the last nonzero one are 0: the list is cut there (CALL_VALUES of them are drawn)
  const last = (x.calls ?? []).reduce((at, v, k) => (v !== 0 ? k : at), -1);
  const calls = x.calls
    ? [`function values [${x.calls.slice(0, last + 1).map(exact).join(', ')}]${last + 1 < x.calls.length ? ' (then 0)' : ''}, the k-th to the k-th distinct call, SPEC's run first`]
    : [];
  return [
    Object.entries(x.sizes).map(([s, n]) => `${s} = ${n}`).join(', '),
    ...tensors(x.values, ''),
    ...tensors(x.outGrad, '.grad', ' (outGrad)'),
    ...tensors(x.gradsBefore, '.grad', ' (before)'),
    ...(reals.length ? [reals.join(', ')] : []),
    ...calls,
  ].join('; ');
}

/**
 * A failure message with the inputs of its counterexample where it is a claim file's example,
 * the inputs first (a line cut at its end keeps them): `at T = 1; x = [1]; beta = 7/8, gamma = 1: z[1]: …`.
 */
export function failureAt(failure: string, counterexample: unknown): string {
  const inputs = inputsText(counterexample);
  return inputs === null ? failure : `at ${inputs}: ${failure}`;
}
