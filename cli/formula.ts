/**
 * `examcheck answer <claim> "<formula>"`: a formula answer judged against the exam's formula.
 *
 * Equivalence is decided by evaluating both formulas at GRID_POINTS points drawn uniformly from a
 * grid of 2^20 + 1 values per variable, exactly in rationals where the formulas are rational
 * (fraction.js through mathjs) and at 64 significant digits where they are not (a square root).
 * If the two formulas differ as rational functions with a difference of degree at most D, each
 * point is a root of that difference with probability at most D / (2^20 + 1) (Schwartz–Zippel),
 * so a wrong formula is accepted with probability at most (D / 2^20)^GRID_POINTS: below 10^-200
 * for D ≤ 10. A formula that differs is then shown on the smallest, simplest point fast-check can
 * shrink to, and run through the claim's own property for a counterexample in the claim's terms.
 */
import { Decimal } from 'decimal.js';
import Fraction from 'fraction.js';
import fc from 'fast-check';
import { all, create, type MathNode } from '../oracles/mathjs.ts';
import type { Field } from '../oracles/numbers/tower.ts';
import type { FormulaInterface, Property } from '../properties/claim.ts';
import { UsageError, type RunSettings } from '../properties/profile.ts';
import { trial } from '../properties/run.ts';
import type { Trial } from '../reports/schema.ts';

export const GRID_POINTS = 40;
const GRID = 2 ** 20;

const exact = create(all, { number: 'Fraction' });
const precise = create(all, { number: 'BigNumber', precision: 64 });
const float = create(all);

type Scope = Record<string, number>;

export interface Formula {
  text: string;
  node: MathNode;
}

/** Parse a formula; an unknown name or a syntax error is a one-line usage error naming it. */
export function parseFormula(text: string, variables: readonly string[]): Formula {
  let node: MathNode;
  try {
    node = float.parse(text);
  } catch (e) {
    throw new UsageError(`cannot parse "${text}": ${(e as Error).message}`);
  }
  const unknown = new Set<string>();
  node.traverse((n, path, parent) => {
    const isFunctionName = parent?.type === 'FunctionNode' && path === 'fn';
    if (n.type === 'SymbolNode' && !isFunctionName && !variables.includes((n as MathNode & { name: string }).name)) {
      unknown.add((n as MathNode & { name: string }).name);
    }
  });
  if (unknown.size > 0) {
    throw new UsageError(`unknown variable${unknown.size > 1 ? 's' : ''} ${[...unknown].map((u) => `"${u}"`).join(', ')} in "${text}": the variables are ${variables.join(', ')}`);
  }
  return { text, node };
}

/** The formula's value at a rational point, exactly if rational, else to 64 digits; null where undefined. */
function valueAt(f: Formula, scope: Scope): { exact: boolean; value: unknown } | null {
  try {
    const v = exact.evaluate(f.text, Object.fromEntries(Object.entries(scope).map(([k, x]) => [k, exact.fraction(String(x))])));
    if (exact.typeOf(v) === 'Fraction') return { exact: true, value: v };
  } catch {
    // not rational here (a root, a log): fall through to high precision
  }
  try {
    const v = precise.evaluate(f.text, Object.fromEntries(Object.entries(scope).map(([k, x]) => [k, precise.bignumber(String(x))])));
    return precise.typeOf(v) === 'BigNumber' && (v as { isFinite(): boolean }).isFinite() ? { exact: false, value: v } : null;
  } catch {
    return null;
  }
}

const toDecimal = (v: { exact: boolean; value: unknown }): Decimal => {
  if (!v.exact) return new Decimal(String(v.value));
  const f = v.value as { s: bigint; n: bigint; d: bigint };
  return new Decimal(String(f.s * f.n)).div(String(f.d));
};

/** Equal at the point: exactly for rational values, to 1e-40 relative otherwise. */
function agreeAt(a: Formula, b: Formula, scope: Scope): boolean {
  const [x, y] = [valueAt(a, scope), valueAt(b, scope)];
  if (x === null || y === null) return x === y;
  if (x.exact && y.exact) return exact.equal(x.value as never, y.value as never) as boolean;
  // decimal.js's own comparisons: mathjs's smallerEq would call anything within 1e-15 equal
  const [bx, by] = [toDecimal(x), toDecimal(y)];
  return bx.minus(by).abs().lte(Decimal.max(bx.abs(), by.abs(), 1).times('1e-40'));
}

/** The formula computed with F's four operations: rational constants, + − × ÷ and parentheses. */
function evaluatorIn(f: Formula) {
  return <T>(F: Field<T>, scope: Readonly<Record<string, T>>): T => {
    const walk = (n: MathNode): T => {
      const node = n as MathNode & { value?: unknown; name?: string; op?: string; args?: MathNode[]; content?: MathNode };
      if (node.type === 'ConstantNode') return F.fromRational(new Fraction(String(node.value)));
      if (node.type === 'SymbolNode') return scope[node.name!];
      if (node.type === 'ParenthesisNode') return walk(node.content!);
      if (node.type === 'OperatorNode' && node.op === '^') {
        const k = Number((node.args![1] as MathNode & { value?: unknown }).value);
        if (node.args![1].type === 'ConstantNode' && Number.isInteger(k) && k >= 0) {
          const base = walk(node.args![0]);
          return Array.from({ length: k }, () => base).reduce((x, y) => F.mul(x, y), F.one);
        }
      } else if (node.type === 'OperatorNode') {
        const [a, b] = node.args!.map(walk);
        if (b === undefined && node.op === '-') return F.sub(F.zero, a);
        if (b === undefined && node.op === '+') return a;
        const op = { '+': F.add, '-': F.sub, '*': F.mul, '/': F.div }[node.op as '+' | '-' | '*' | '/'];
        if (op) return op(a, b);
      }
      throw new UsageError(`"${f.text}" uses ${node.op ?? node.name ?? node.type}, which this claim cannot evaluate exactly: use + - * /, whole powers and parentheses`);
    };
    return walk(f.node);
  };
}

const show = (f: Formula, scope: Scope) => {
  const v = valueAt(f, scope);
  return v === null ? 'undefined' : String(v.exact ? (v.value as { toFraction(): string }).toFraction() : v.value);
};

type Variables = FormulaInterface<unknown>['variables'];

/** Points of the grid: each variable min + (max − min)·k/2^20, k uniform (no bias toward small k). */
const gridPoints = (variables: Variables) =>
  fc.record(
    Object.fromEntries(
      Object.entries(variables).map(([name, v]) => [
        name,
        fc.noBias(fc.integer({ min: 0, max: v.integer ? v.max - v.min : GRID })).map((k) => (v.integer ? v.min + k : v.min + ((v.max - v.min) * k) / GRID)),
      ]),
    ),
  );

/** Small simple points (0, 1, −1, 1/2, ..., clamped into range), for a counterexample read at a glance. */
const simplePoints = (variables: Variables) =>
  fc.record(
    Object.fromEntries(
      Object.entries(variables).map(([name, v]) => [
        name,
        fc
          .tuple(fc.integer({ min: -16, max: 16 }), fc.integer({ min: 0, max: 4 }))
          .map(([k, e]) => Math.min(v.max, Math.max(v.min, v.integer ? k : k / 2 ** e))),
      ]),
    ),
  );

export interface FormulaVerdict {
  equivalent: boolean;
  evidence: string;
  point: Scope | null;
  /** The claim's own property run on the formula's answer. */
  claimTrial: Trial | null;
}

/**
 * An identity claim's formula is judged by equivalence with the exam's; any other claim's by its
 * own property (`byProperty`), with equivalence reported alongside.
 */
export function judgeFormula<A, I>(claimId: string, prop: Property<A, I>, text: string, run: RunSettings, byProperty = false): FormulaVerdict {
  const iface = prop.formula!;
  const names = Object.keys(iface.variables);
  const candidate = parseFormula(text, names);
  const reference = parseFormula(iface.reference, names);
  const differs = (scope: Scope) => !agreeAt(candidate, reference, scope);
  const grid = fc.check(fc.property(gridPoints(iface.variables), (p) => !differs(p)), { seed: run.seed, numRuns: GRID_POINTS, endOnFailure: true });
  const evaluate = (scope: Readonly<Scope>) => float.evaluate(text, { ...scope }) as number;
  if (!grid.failed) {
    return {
      claimTrial: byProperty ? trial(claimId, prop, 'formula', iface.toAnswer(evaluate, evaluatorIn(candidate)), run) : null,
      equivalent: true,
      evidence: `equal to the exam's ${iface.reference} at ${GRID_POINTS} uniform random points of a 2^20 grid (exactly where rational); a different formula whose difference has degree ≤ D passes with probability ≤ (D/2^20)^${GRID_POINTS}`,
      point: null,
    };
  }
  const simple = fc.check(fc.property(simplePoints(iface.variables), (p) => !differs(p)), { seed: run.seed, numRuns: 1000 });
  const point = (simple.failed ? simple.counterexample![0] : grid.counterexample![0]) as Scope;
  return {
    equivalent: false,
    evidence: `at ${Object.entries(point).map(([k, v]) => `${k} = ${v}`).join(', ')} the formula gives ${show(candidate, point)} and the exam's ${iface.reference} gives ${show(reference, point)}`,
    point,
    claimTrial: trial(claimId, prop, 'formula', iface.toAnswer(evaluate, evaluatorIn(candidate)), run),
  };
}
