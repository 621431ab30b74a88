/**
 * `examcheck answer <claim> "<formula>"`: a formula answer judged against the exam's formula.
 *
 * Equivalence is decided by evaluating both formulas at GRID_POINTS points drawn uniformly from a
 * grid of 2^20 + 1 values per variable, exactly in rationals where the formulas are rational and
 * at 64 significant digits (decimal.js) where they are not (a square root), each formula read and
 * compiled once by the notation engine (oracles/notation/): nothing of it is evaluated by mathjs.
 * If the two formulas differ as rational functions with a difference of degree at most D, each
 * point is a root of that difference with probability at most D / (2^20 + 1) (Schwartz–Zippel),
 * so a wrong formula is accepted with probability at most (D / 2^20)^GRID_POINTS: below 10^-200
 * for D ≤ 10. Where either formula is not a rational function (a root, exp, or a piecewise ind,
 * relu, abs, max, min) no bound holds, and the verdict says so. A formula that differs is then
 * shown on the smallest, simplest point fast-check can shrink to, and run through the claim's own
 * property for a counterexample in the claim's terms.
 */
import { Decimal } from 'decimal.js';
import type Fraction from 'fraction.js';
import type { MathNode } from '../oracles/mathjs.ts';
import fc from 'fast-check';
import { compileExpression, FORMULA_FUNCTIONS, NotationError, parseClaimFile, parseExpression, constantOf, symbolOf, type ClaimFile, type CompiledExpression, type Expr, type ExpressionEnv } from '../oracles/notation/index.ts';
import { decimal } from '../oracles/numbers/decimal.ts';
import { float64 } from '../oracles/numbers/float64.ts';
import { rational } from '../oracles/numbers/rational.ts';
import { NotRepresentable, type Field, type Ring } from '../oracles/numbers/tower.ts';
import type { FormulaInterface, Property } from '../properties/claim.ts';
import { UsageError } from '../properties/errors.ts';
import type { RunSettings } from '../properties/profile.ts';
import { trial } from '../properties/run.ts';
import { escapeRegExp } from '../reports/escape.ts';
import type { Trial } from '../reports/schema.ts';

export const GRID_POINTS = 40;
const GRID = 2 ** 20;
/** Simple points tried for a pole, as a derivation tries its inequalities (oracles/derivation.ts). */
const POLE_POINTS = 300;

/** The formula language's functions that are rational only piecewise. */
const PIECEWISE = new Set(['ind', 'relu', 'abs', 'max', 'min']);

/**
 * Whether a formula is a rational function of its variables, where the Schwartz–Zippel bound
 * holds: exact in the rationals, with no piecewise function (ind(mu > 0.999) added to the right
 * answer differs from it only where the grid all but never lands; found by review).
 */
const isRationalFunction = (f: Formula): boolean =>
  f.exact !== null &&
  f.expr.node.filter((n) => {
    const m = n as unknown as { fn: MathNode; op: string; args: MathNode[] };
    // a power whose exponent is not a whole constant ((alpha^2)^(1/2)) is a root
    return (n.type === 'FunctionNode' && PIECEWISE.has(symbolOf(m.fn) ?? '')) || (n.type === 'OperatorNode' && m.op === '^' && !Number.isSafeInteger(constantOf(m.args[1])));
  }).length === 0;

const PRECISE = decimal(64);

type Scope = Record<string, number>;

/** A formula, read and compiled by the notation engine: in float64, exactly in rationals (null where it needs √, exp, log), and at 64 digits. */
export interface Formula {
  readonly text: string;
  readonly file: ClaimFile;
  readonly expr: Expr;
  readonly float: CompiledExpression<number>;
  readonly exact: CompiledExpression<Fraction> | null;
  readonly precise: CompiledExpression<Decimal>;
}

/**
 * Parse a formula over the claim's variables, and compile it; nothing of it runs here. The text
 * is checked against the formula language first (oracles/notation/language.ts: the engine's
 * functions, these variables, numbers and + − × ÷ ^), so anything else — a function outside the
 * engine's (evaluate, import, createUnit), a definition f(x) = x, a string, a matrix, a
 * conditional — is a one-line usage error naming the token and its column, before mathjs's
 * parser reads the text; a syntax error, an exponent or degree past the bounds
 * (oracles/notation/bounds.ts) likewise.
 */
export function parseFormula(text: string, variables: readonly string[]): Formula {
  // the variables, as a claim file's reals: the one reader checks the formula's names against them
  const file = parseClaimFile(variables.length > 0 ? `real ${variables.join(', ')}\n` : '', 'formula');
  try {
    const expr = parseExpression(text, 'formula', 0, 'formula', { functions: FORMULA_FUNCTIONS, variables: new Set(variables) });
    const float = compileExpression(file, expr, float64);
    return { text, file, expr, float: usage(float), exact: compiledOrNull(file, expr, rational), precise: usage(compileExpression(file, expr, PRECISE)) };
  } catch (e) {
    if (!(e instanceof NotationError)) throw e;
    // a claim file's hint (declare it, use let) is no help in a formula; the formula's text is one line of the message
    throw new UsageError(e.message.replace(/ is not supported \(([^:)]*):[^)]*\)$/, ' is not supported ($1)').replace(/\s*\n\s*/g, ' '));
  }
}

/**
 * The compiled formula, whose NotationError at a point is a usage error: a power whose exponent
 * is known only when it runs and passes its bound there (bounds.ts checks every exponent whose
 * range the variables' ranges give before anything runs; this is the net under it).
 */
function usage<T>(c: CompiledExpression<T>): CompiledExpression<T> {
  return Object.assign((env: ExpressionEnv<T>) => {
    try {
      return c(env);
    } catch (e) {
      throw e instanceof NotationError ? new UsageError(e.message) : e;
    }
  }, { operations: c.operations });
}

/** The formula compiled for N, or null where N lacks an operation it uses. */
function compiledOrNull<T>(file: ClaimFile, expr: Expr, N: Ring<T>): CompiledExpression<T> | null {
  try {
    return usage(compileExpression(file, expr, N));
  } catch (e) {
    if (e instanceof NotationError) return null;
    throw e;
  }
}

/** The values at a point, as N's numbers. */
const scalarsIn = <T>(N: Ring<T>, scope: Readonly<Scope>) => new Map(Object.entries(scope).map(([k, x]) => [k, N.fromNumber(x)]));

type Value = { exact: true; value: Fraction } | { exact: false; value: Decimal };

/** Why a value is undefined, in the user's words, from the decimal field's NotRepresentable (oracles/numbers/decimal.ts). */
function undefinedWhy(e: NotRepresentable): string {
  if (e.message.endsWith('/0')) return 'division by zero';
  if (e.message.startsWith('log')) return 'ln of a number ≤ 0';
  if (e.message.startsWith('√')) return 'sqrt of a negative number';
  return e.message;
}

/** The formula's value at a point, exactly if rational, else to 64 digits; else why it is undefined there. */
function valueAt(f: Formula, scope: Scope): Value | { undefined: string } | { limit: string } {
  try {
    if (f.exact) return { exact: true, value: f.exact({ scalars: scalarsIn(rational, scope) }) };
  } catch (e) {
    // not rational here (a power that is not whole, a division by 0): high precision decides
    if (!(e instanceof NotRepresentable)) throw e;
  }
  try {
    const v = f.precise({ scalars: scalarsIn(PRECISE, scope) });
    // past decimal.js's exponent range (about 10^(9·10^15)): the tool's limit, not the formula undefined (found by review)
    return v.isFinite() ? { exact: false, value: v } : { limit: 'a value past the range of 64-digit decimals (about 10^(9·10^15))' };
  } catch (e) {
    if (e instanceof NotRepresentable) return { undefined: undefinedWhy(e) };
    throw e;
  }
}

/** A rational value at 64 digits (rounded once), so that it meets a decimal one at the same precision. */
const toDecimal = (v: Value): Decimal => (v.exact ? PRECISE.fromRational(v.value) : v.value);

/**
 * The relative tolerance where a side is not exact. Each decimal operation is within two units of
 * the 64th digit (oracles/numbers/decimal.ts), so a formula of n ≤ 10^3 operations whose condition
 * number is below 10^20 is within n·2·10^-63·10^20 < 10^-39 relative: 10^-40 of max(|x|, |y|, 1)
 * leaves that margin, and a real difference smaller than it is a difference float64 could not show
 * by 24 orders of magnitude.
 */
export const TOLERANCE = '1e-40';

/**
 * The two formulas at a point: equal (exactly for rational values, within TOLERANCE otherwise),
 * unequal, or the formula undefined where the exam's is defined (why). A point where the exam's
 * formula is undefined is no point of the question: nothing is judged there.
 */
function compareAt(a: Formula, b: Formula, scope: Scope, confirm: boolean): 'equal' | 'unequal' | { undefined: string } | { limit: string } {
  const [x, y] = [valueAt(a, scope), valueAt(b, scope)];
  if ('undefined' in y) return 'equal';
  if ('limit' in y) return y;
  if ('undefined' in x || 'limit' in x) return x;
  if (x.exact && y.exact) return x.value.equals(y.value) ? 'equal' : 'unequal';
  if (close(toDecimal(x), toDecimal(y))) return 'equal';
  if (!confirm) return 'unequal';
  // apart at 64 digits: 300 decide, where an intermediate swamped 64 (exp(200·α^50) − exp(200·α^50)
  // is 10^87 − 10^87 at α = 1, and the formula's other terms were lost; found by review)
  const [cx, cy] = [confirmAt(a, scope), confirmAt(b, scope)];
  return cx !== null && cy !== null && close(cx, cy) ? 'equal' : 'unequal';
}

/** Within TOLERANCE of max(|x|, |y|, 1). */
const close = (x: Decimal, y: Decimal): boolean => x.minus(y).abs().lte(Decimal.max(x.abs(), y.abs(), 1).times(TOLERANCE));

/** 300 digits, for a second look at two sides 64 digits found apart. */
const CONFIRM = decimal(300);
const confirming = new WeakMap<Formula, CompiledExpression<Decimal>>();
/** The formula at 300 digits, or null where it has no value there. */
function confirmAt(f: Formula, scope: Scope): Decimal | null {
  let c = confirming.get(f);
  if (!c) confirming.set(f, (c = compileExpression(f.file, f.expr, CONFIRM)));
  try {
    const v = c({ scalars: scalarsIn(CONFIRM, scope) });
    return v.isFinite() ? v : null;
  } catch (e) {
    if (e instanceof NotRepresentable) return null;
    throw e;
  }
}

/**
 * The formula computed in F (compiled once per number system). A function F lacks (ln in the
 * rationals) is a limit of the check, not the student's error: it is recorded in `missing` and
 * the evaluation throws, so that the caller reports "cannot be checked" instead of the trial's failure.
 */
function evaluatorIn(f: Formula, missing: string[] = []) {
  const compiled = new WeakMap<object, CompiledExpression<unknown>>();
  return <T>(F: Field<T>, scope: Readonly<Record<string, T>>): T => {
    let c = compiled.get(F) as CompiledExpression<T> | undefined;
    if (!c) {
      try {
        c = usage(compileExpression(f.file, f.expr, F));
      } catch (e) {
        if (!(e instanceof NotationError)) throw e;
        const why = `"${f.text}" cannot be computed in this claim's numbers: ${e.message}`;
        if (!missing.includes(why)) missing.push(why);
        throw new UsageError(why);
      }
      compiled.set(F, c as CompiledExpression<unknown>);
    }
    return c({ scalars: new Map(Object.entries(scope)) });
  };
}

const at = (point: Scope) => Object.entries(point).map(([k, v]) => `${k} = ${v}`).join(', ');

/**
 * The formula in float64, as a claim's property calls it; where its value is not finite, an error
 * that says why in the user's words ("division by zero at alpha = 1/3"), from the exact value,
 * not whatever the property's conversion of Infinity or NaN would throw.
 */
function floatOf(f: Formula) {
  return (scope: Readonly<Scope>): number => {
    const x = f.float({ scalars: new Map(Object.entries(scope)) });
    if (Number.isFinite(x)) return x;
    const v = valueAt(f, { ...scope });
    throw new NotRepresentable(`the formula "${f.text}" is ${'undefined' in v ? `undefined: ${v.undefined}` : 'too large for float64'} at ${at({ ...scope })}`);
  };
}

/** A formula's value at a point as a refutation shows it: exact, or from 300 digits (those that decided it), to 64. */
const show = (f: Formula, scope: Scope) => {
  const v = valueAt(f, scope);
  return 'undefined' in v ? 'undefined' : 'limit' in v ? 'past 64-digit decimals' : v.exact ? v.value.toFraction() : (confirmAt(f, scope) ?? v.value).toSignificantDigits(64).toString();
};

type Variables = FormulaInterface<unknown>['variables'];

/** Points of the grid: each variable min + (max − min)·k/2^20, k uniform (no bias toward small k); an open end is left out. */
const gridPoints = (variables: Variables) =>
  fc.record(
    Object.fromEntries(
      Object.entries(variables).map(([name, v]) => [
        name,
        fc.noBias(fc.integer({ min: v.openMin ? 1 : 0, max: v.integer ? v.max - v.min : GRID - (v.openMax ? 1 : 0) })).map((k) => (v.integer ? v.min + k : v.min + ((v.max - v.min) * k) / GRID)),
      ]),
    ),
  );

/** How many values `gridPoints` draws a variable from: the Schwartz–Zippel bound's set size. */
const valuesOf = (v: Variables[string]) => (v.integer ? v.max - v.min + 1 : GRID + 1 - (v.openMin ? 1 : 0) - (v.openMax ? 1 : 0));
/** The smallest such set, as the bound (D/n)^k uses it ("2^20" for real variables, n for a narrow integer one). */
const fewestValues = (variables: Variables) => {
  const n = Math.min(...Object.values(variables).map(valuesOf));
  return n >= GRID - 1 || !Number.isFinite(n) ? '2^20' : String(n);
};
const gridOf = (variables: Variables) => (fewestValues(variables) === '2^20' ? 'a 2^20 grid' : `a grid of at least ${fewestValues(variables)} values per variable`);

/**
 * A variable's simple values inside its range, simplest first: 0, 1, −1, 2, −2, … 16, −16, then
 * halves (½, −½, 3/2, …), quarters, eighths, sixteenths (integers only for an integer variable).
 * Never clamped: a clamped draw would shrink onto an interval end (η = 2^-10, μ = 0.999) that is
 * no simple point; a range holding none of them (ε ∈ [1e-9, 1e-6]) gives its two ends.
 */
const inside = (v: Variables[string], x: number) => (v.openMin ? x > v.min : x >= v.min) && (v.openMax ? x < v.max : x <= v.max);

function simpleValues(v: Variables[string]): number[] {
  const values: number[] = [];
  for (let e = 0; e <= (v.integer ? 0 : 4); e++)
    for (let k = 0; k <= 16 * 2 ** e; k++)
      for (const x of [k / 2 ** e, -k / 2 ** e]) if (inside(v, x) && !values.includes(x)) values.push(x);
  return values.length > 0 ? values : [v.min, v.max].filter((x) => inside(v, x)).concat(v.openMin || v.openMax ? [(v.min + v.max) / 2] : []);
}

/** Simple points: each variable one of its `simpleValues`, shrinking toward the simplest, for a counterexample read at a glance. */
const simplePoints = (variables: Variables) =>
  fc.record(
    Object.fromEntries(
      Object.entries(variables).map(([name, v]) => {
        const values = simpleValues(v);
        return [name, fc.integer({ min: 0, max: values.length - 1 }).map((i) => values[i])];
      }),
    ),
  );

export interface FormulaVerdict {
  equivalent: boolean;
  evidence: string;
  point: Scope | null;
  /** Where the formula is undefined and the exam's is not ("division by zero at alpha = 1"): a refutation whatever the claim. */
  undefinedAt: string | null;
  /** Why the claim's own property cannot run this formula (a function its number system lacks): the verdict is then "cannot be checked". */
  cannotCheck: string | null;
  /** The claim's own property run on the formula's answer (null where it was not run or could not run). */
  claimTrial: Trial | null;
}

/**
 * A student's answer to a condition claim (`answer condition on U:`) as a condition: an equation
 * `A = B` is A - (B) (06SGD-p3.a: `y_inf = N*c` is `y_inf - (N*c)`; 07reg-p9, "solve for Phi":
 * `phi = -N_train*sigma^2*g_i` is `phi - (-N_train*sigma^2*g_i)`, found by review: it was refused
 * as an assignment), and a value EXPR that does not mention U means U = EXPR, so U - (EXPR) too
 * (`N*c`). A formula that mentions U is a condition already, kept as written; so is any formula
 * of a claim that takes no condition, and one with two `=` or an empty side, left for the language's refusal.
 */
export function asCondition(text: string, condition: string | undefined): string {
  if (condition === undefined) return text;
  const equals = [...text.matchAll(/(?<![=<>!])=(?!=)/g)].map((m) => m.index!);
  if (equals.length > 0) {
    // one = at the top, with a side each way, is an equation; any other (`ind(y_inf > = N*c)`, two
    // of them, `= N*c`) is left for the language's one-line refusal (found by review)
    const [at] = equals;
    const depth = [...text.slice(0, at)].reduce((d, c) => d + (c === '(' || c === '[' ? 1 : c === ')' || c === ']' ? -1 : 0), 0);
    const [left, right] = [text.slice(0, at).trim(), text.slice(at + 1).trim()];
    return equals.length === 1 && depth === 0 && left !== '' && right !== '' ? `${left} - (${right})` : text;
  }
  const name = escapeRegExp(condition);
  return new RegExp(`(?<![\\w.'])${name}(?![\\w'])`).test(text) ? text : `${condition} - (${text.trim()})`;
}

/**
 * An identity claim's formula is judged by equivalence with the exam's; any other claim's by its
 * own property (`byProperty`), with equivalence reported alongside. Either way a formula
 * undefined at a point of the claim's domain where the exam's formula is defined is refuted
 * there (`undefinedAt`), at the simplest such point; the simple points (0, ±1, ½, …) are always
 * tried, since the random grid points almost never fall on a pole.
 */
export function judgeFormula<A, I>(claimId: string, prop: Property<A, I>, written: string, run: RunSettings, byProperty = false, confirmAll = false): FormulaVerdict {
  const iface = prop.formula!;
  const text = asCondition(written, iface.condition);
  const names = Object.keys(iface.variables);
  const candidate = parseFormula(text, names);
  const reference = parseFormula(iface.reference, names);
  // simple points repeat (one variable has a few dozen): each is computed once, exp and ln at 64 digits take 2 ms
  const compared = new Map<string, ReturnType<typeof compareAt>>();
  const compare = (scope: Scope) => {
    const key = JSON.stringify(scope);
    if (!compared.has(key)) compared.set(key, compareAt(candidate, reference, scope, confirmAll));
    return compared.get(key)!;
  };
  const undefinedAt = (scope: Scope) => {
    const c = compare(scope);
    return typeof c === 'object' && 'undefined' in c;
  };
  const poles = fc.check(fc.property(simplePoints(iface.variables), (p) => !undefinedAt(p)), { seed: run.seed, numRuns: POLE_POINTS });
  // a point past the tool's numbers decides nothing: it passes here, remembered, and the verdict is
  // "cannot be checked" only where no point shows a difference (found by review: alpha = 1 past
  // the range hid a formula 1 off everywhere below it)
  let limit: string | null = null;
  const settled = (p: Scope) => {
    const c = compare(p);
    if (typeof c === 'object' && 'limit' in c) return ((limit ??= `${c.limit} at ${at(p)}`), true);
    return c === 'equal';
  };
  const grid = fc.check(fc.property(gridPoints(iface.variables), settled), { seed: run.seed, numRuns: GRID_POINTS, endOnFailure: true });
  const evaluate = floatOf(candidate);
  const missing: string[] = [];
  const claimTrial = (): Trial | null => {
    try {
      const t = trial(claimId, prop, 'formula', iface.toAnswer(evaluate, evaluatorIn(candidate, missing), text), run);
      return missing.length > 0 ? null : t;
    } catch (e) {
      // a property that lets the answer's error through crashes on it: the limit is still the tool's
      if (missing.length > 0) return null;
      throw e;
    }
  };
  const pole = (poles.failed ? poles.counterexample![0] : !grid.failed ? null : undefinedAt(grid.counterexample![0] as Scope) ? grid.counterexample![0] : null) as Scope | null;
  if (pole) {
    const why = compare(pole) as { undefined: string };
    const where = `${why.undefined} at ${at(pole)}`;
    return {
      equivalent: false,
      evidence: `${where}, where the exam's ${iface.reference} is ${show(reference, pole)}`,
      point: pole,
      undefinedAt: where,
      cannotCheck: null,
      claimTrial: null,
    };
  }
  // the simple points (computed above for the poles) are where a difference confined to a point
  // lies (ind(mu_w == 0): b = 0 at mu_w = 0, the formula 1; found by review)
  const atSimple = fc.check(fc.property(simplePoints(iface.variables), settled), { seed: run.seed, numRuns: POLE_POINTS });
  if (!grid.failed && !atSimple.failed && limit) return { equivalent: false, evidence: limit, point: null, undefinedAt: null, cannotCheck: limit, claimTrial: null };
  if (!grid.failed && !atSimple.failed) {
    const t = byProperty ? claimTrial() : null;
    return {
      claimTrial: t,
      equivalent: true,
      evidence: `equal to the exam's ${iface.reference} at ${GRID_POINTS} uniform random points of ${gridOf(iface.variables)} (exactly where rational, else at 64 digits within ${TOLERANCE} relative); ${
        isRationalFunction(candidate) && isRationalFunction(reference)
          ? `a different formula whose difference has degree ≤ D passes with probability ≤ (D/${fewestValues(iface.variables)})^${GRID_POINTS}`
          : 'no probability bound: the formulas are not both rational functions (a root, exp, ln, tanh, σ, or ind, relu, abs, max, min), and a difference confined to a set the grid misses (ind(alpha == 0.1234)) passes'
      }`,
      point: null,
      undefinedAt: null,
      cannotCheck: missing[0] ?? null,
    };
  }
  const simple = fc.check(fc.property(simplePoints(iface.variables), settled), { seed: run.seed, numRuns: 1000 });
  const point = (simple.failed ? simple.counterexample![0] : grid.failed ? grid.counterexample![0] : atSimple.counterexample![0]) as Scope;
  // the point that refutes, looked at again at 300 digits: where they find the sides equal (64 lost
  // them to a cancellation), every point is judged so, from the start (a wrong formula pays for
  // one such look, not one at every point its search tried: found by review)
  if (!confirmAll && compareAt(candidate, reference, point, true) === 'equal') return judgeFormula(claimId, prop, written, run, byProperty, true);
  const t = claimTrial();
  return {
    equivalent: false,
    evidence: `at ${at(point)} the formula gives ${show(candidate, point)} and the exam's ${iface.reference} gives ${show(reference, point)}`,
    point,
    undefinedAt: null,
    // the claim's property is only extra evidence for an identity claim: its limits matter where it is the verdict
    cannotCheck: byProperty ? (missing[0] ?? null) : null,
    claimTrial: t,
  };
}
/**
 * The claim's answer a formula makes (the property's FormulaInterface.toAnswer through the
 * formula compiled by the engine): what a repair of a refuted formula edits (cli/main.ts answer).
 */
export function formulaAnswer<A, I>(prop: Property<A, I>, written: string): A {
  const iface = prop.formula!;
  const text = asCondition(written, iface.condition);
  const f = parseFormula(text, Object.keys(iface.variables));
  return iface.toAnswer(floatOf(f), evaluatorIn(f), text);
}
