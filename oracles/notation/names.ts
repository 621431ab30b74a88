/**
 * What the names of an expression refer to: one walk, shared by the parser (chain lines and
 * definitions: the first problem is an error), the lint (programs: every problem is a finding) and
 * the compiler (it trusts what this walk accepts).
 */
import type { MathNode } from '../mathjs.ts';
import type { Declarations, Statement } from './syntax.ts';
import { shownName } from './primes.ts';

/** The engine's functions and their arities ([min, max]); sum and prod bind an index. (`diff(EXPR, x)`, a derivative, is read apart: its second argument is a real, not a value.) */
export const BUILTINS: ReadonlyMap<string, readonly [number, number]> = new Map<string, readonly [number, number]>([
  ...['exp', 'ln', 'log', 'log2', 'sqrt', 'tanh', 'sigma', 'dsigma', 'relu', 'abs', 'ind'].map((f): [string, [number, number]] => [f, [1, 1]]),
  ...['max', 'min'].map((f): [string, [number, number]] => [f, [2, Infinity]]),
  // information quantities (compile.ts, information.ts): H(x), H(x, y), H(y | x); I(x, y), I(x, y | z); KL(x, y), CE(x, y); Pr(event), Pr(x, y), Pr(y | x)
  ...['H', 'Pr'].map((f): [string, [number, number]] => [f, [1, Infinity]]),
  ...['I', 'KL', 'CE'].map((f): [string, [number, number]] => [f, [2, Infinity]]),
  ...['sum', 'prod'].map((f): [string, [number, number]] => [f, [2, 2]]),
]);

/** The engine's functions of laws: each enumerates the declared laws' outcomes. */
export const INFORMATION: ReadonlySet<string> = new Set(['H', 'I', 'KL', 'CE', 'Pr']);
/** The engine's functions a formula may call: all but sum and prod, which bind an index (a formula has none), and H, I, KL, CE, Pr, which read laws (a formula has none). */
export const FORMULA_FUNCTIONS: ReadonlySet<string> = new Set([...BUILTINS.keys()].filter((f) => f !== 'sum' && f !== 'prod' && !INFORMATION.has(f)));

/** The engine's functions no exact number system has (a line that calls one is computed at 50 digits). */
export const TRANSCENDENTAL: ReadonlySet<string> = new Set(['exp', 'ln', 'log', 'log2', 'tanh', 'sigma', 'dsigma', 'H', 'I', 'KL', 'CE']);

/**
 * The arguments of H, I, Pr or E[...] split at the conditioning bar: `H(y, z | x)` is of = [y, z],
 * given = [x]. mathjs reads `a | b` as bitOr, so a bar is one only at the top of an argument; the
 * arguments after the one that holds it are given too. `bars` counts the bars (one at most).
 */
export function splitBar(args: readonly MathNode[]): { of: MathNode[]; given: MathNode[]; bars: number } {
  const at = args.findIndex((a) => a.type === 'OperatorNode' && (N(a).fn as unknown as string) === 'bitOr');
  if (at < 0) return { of: [...args], given: [], bars: 0 };
  const [left, right] = N(args[at]).args;
  const bars = args.filter((a) => a.type === 'OperatorNode' && (N(a).fn as unknown as string) === 'bitOr').length;
  return { of: [...args.slice(0, at), left], given: [right, ...args.slice(at + 1)], bars };
}

/** Whether a node is a comparison (inside parentheses or not): an event of Pr or a condition. */
export const isComparison = (m: MathNode): boolean => strip(m).type === 'OperatorNode' && COMPARISONS.has(N(strip(m)).fn as unknown as string);

/** Why the arguments of the information quantity f are not of its shape (exams/README.md, "Laws, expectations and information"), or null. */
function informationShape(f: string, args: readonly MathNode[]): string | null {
  const { of, given, bars } = splitBar(args);
  if (bars > 1) return `${f}(...) has one bar | at most`;
  if (f === 'KL' || f === 'CE') return args.length === 2 && bars === 0 ? null : `${f} takes two random variables (laws): ${f}(x, y)`;
  if (f === 'I') return of.length === 2 ? null : 'I takes two random variables, and a condition after a bar: I(x, y), I(x, y | z)';
  if (f === 'Pr') {
    const events = of.filter(isComparison).length;
    if (events > 0 && of.length > 1) return 'Pr takes one event, Pr(x == 1), or random variables, Pr(x, y) (their law at their values)';
    if (given.some(isComparison) && given.length > 1) return 'Pr(... | event) takes one event after the bar';
  }
  return null;
}

/** The name `diff` asks an uninterpreted function's derivative by: `l'` (one argument), `∂2f` (f's second of several). */
export const derivativeName = (name: string, k: number, arity: number): string => (arity === 1 ? `${name}'` : `∂${k + 1}${name}`);

/** Every letter a statement's loops bind: its step's (`step t:`, outermost), then its own. */
export const loopsOf = (st: Statement): readonly string[] => (st.step ? [st.step.letter, ...st.loops] : st.loops);

/** mathjs's operator functions the engine compiles. */
export const ARITHMETIC = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);
export const COMPARISONS = new Set(['larger', 'largerEq', 'smaller', 'smallerEq', 'equal', 'unequal']);

/** mathjs's node fields, as the engine reads them. */
export interface Node {
  readonly type: string;
  readonly name: string;
  readonly value: unknown;
  readonly op: string;
  readonly fn: MathNode & { name: string };
  readonly args: MathNode[];
  readonly content: MathNode;
  readonly object: MathNode;
  readonly index: { readonly dimensions: MathNode[]; readonly dotNotation: boolean };
}
export const N = (n: MathNode): Node => n as unknown as Node;

/** A symbol's name as written (primes restored), or null for any other node. */
export const symbolOf = (n: MathNode): string | null => (n.type === 'SymbolNode' ? shownName(N(n).name) : null);

/** A read `T[...]` or `T.grad[...]`: the tensor and whether it is the gradient, or null where the accessor is neither. */
export function accessOf(n: MathNode): { tensor: string; grad: boolean } | null {
  const obj = N(n).object;
  const direct = symbolOf(obj);
  if (direct !== null) return { tensor: direct, grad: false };
  if (obj.type !== 'AccessorNode' || !N(obj).index.dotNotation) return null;
  const field = N(obj).index.dimensions[0];
  const base = symbolOf(N(obj).object);
  return base !== null && N(field).value === 'grad' ? { tensor: base, grad: true } : null;
}

/**
 * The moments a chain line may take of random variables, by name, with their number of arguments:
 * `E[X]`, `Var[X]` (E[X²] − E[X]²) and `Cov[X, Y]` (E[XY] − E[X]E[Y]). A declared tensor or random
 * variable of the same name is read as itself.
 */
export const MOMENTS: ReadonlyMap<string, number> = new Map([
  ['E', 1],
  ['Var', 1],
  ['Cov', 2],
]);

/** The moment `m` takes (`E[...]`, `Var[...]`, `Cov[..., ...]`), or null where it is no moment. */
export function momentOf(m: MathNode, d: Pick<Declarations, 'tensors' | 'randoms'>): string | null {
  if (m.type !== 'AccessorNode') return null;
  const a = accessOf(m);
  return a !== null && !a.grad && MOMENTS.has(a.tensor) && !d.tensors.has(a.tensor) && !d.randoms.has(a.tensor) ? a.tensor : null;
}

export interface Problem {
  readonly message: string;
  readonly index?: string;
  readonly tensor?: string;
}

export interface Scan {
  readonly decls: Declarations;
  /** Definitions visible here (those before the line). */
  readonly defined: ReadonlySet<string>;
  /** In a program, an index letter must be bound by the loop or a sum; in a chain, an index letter reads whatever sum binds it (a definition may read one). */
  readonly program: boolean;
  problem(p: Problem): void;
  /** Every tensor read or write, with the letters bound where it is. */
  access?(a: { tensor: string; grad: boolean; indices: readonly MathNode[]; bound: ReadonlySet<string> }): void;
}

/** Report every problem with the names of `node` (with `bound` indices bound), in reading order. */
export function scanNames(node: MathNode, bound: ReadonlySet<string>, s: Scan): void {
  const d = s.decls;
  const visit = (m: MathNode, bound: ReadonlySet<string>, inInd = false): void => {
    const n = N(m);
    const name = symbolOf(m);
    if (name !== null) {
      if (bound.has(name)) return;
      if (d.indices.has(name)) return s.program ? s.problem({ message: `index "${name}" is not bound here (not a loop index, not a sum's)`, index: name }) : undefined;
      if (d.reals.has(name) || d.sizes.has(name) || s.defined.has(name)) return;
      const random = d.randoms.get(name);
      if (random) return random.index ? s.problem({ message: `"${name}" is indexed: write ${name}[${[random.index, random.entry].filter((i) => i !== null).join(', ')}]` }) : undefined;
      const tensor = d.tensors.get(name);
      if (tensor) return s.problem({ message: `"${name}" is a tensor: write ${name}[${tensor.axes.join(', ')}]`, tensor: name });
      return s.problem({ message: `undeclared variable "${name}"` });
    }
    switch (m.type) {
      case 'ConstantNode':
        return typeof n.value === 'number' ? undefined : s.problem({ message: `"${shownName(m.toString())}" is not a number` });
      case 'ParenthesisNode':
        return visit(n.content, bound, inInd);
      case 'OperatorNode':
        if ((n.fn as unknown as string) === 'bitOr') return s.problem({ message: 'the bar | (a condition) is read at the top of an argument of H, I or Pr, or inside E[...] (write abs(x) for |x|)' });
        if (COMPARISONS.has(n.fn as unknown as string)) {
          if (!inInd) return s.problem({ message: `a comparison ("${shownName(m.toString())}") is only allowed inside ind(...)` });
        } else if (!ARITHMETIC.has(n.fn as unknown as string)) return s.problem({ message: `operator "${n.op}" is not supported` });
        return n.args.forEach((a) => visit(a, bound));
      case 'FunctionNode': {
        const f = symbolOf(n.fn);
        if (f === null) return s.problem({ message: `"${shownName(m.toString())}" is not supported` });
        const arity = BUILTINS.get(f);
        if (f === 'sum' || f === 'prod') {
          const i = n.args.length === 2 ? symbolOf(n.args[0]) : null;
          if (i === null || !d.indices.has(i)) return s.problem({ message: `${f} needs a declared index and a body: ${f}(i, ...)` });
          return visit(n.args[1], new Set([...bound, i]));
        }
        if (f === 'diff' && !d.functions.has(f)) {
          const x = n.args.length === 2 ? symbolOf(n.args[1]) : null;
          const real = x === null || bound.has(x) ? undefined : d.reals.get(x);
          if (!real || real.interval.integer) return s.problem({ message: 'diff takes an expression and a declared real: diff(l(x), x)' });
          return visit(n.args[0], bound);
        }
        if (d.functions.get(f)?.polynomial && n.args.length !== 1) return s.problem({ message: `${f} is a polynomial: it takes one argument` });
        if (INFORMATION.has(f) && !d.functions.has(f)) {
          const shape = informationShape(f, n.args);
          if (shape) return s.problem({ message: shape });
          const { of, given } = splitBar(n.args);
          return [...of, ...given].forEach((a) => visit(a, bound, isComparison(a)));
        }
        if (arity && !d.functions.has(f)) {
          if (n.args.length < arity[0] || n.args.length > arity[1]) return s.problem({ message: arity[0] === arity[1] ? `${f} takes one argument` : `${f} takes two or more arguments` });
          if (f === 'ind' && !COMPARISONS.has(N(strip(n.args[0])).fn as unknown as string)) return s.problem({ message: 'ind takes a comparison: ind(x > 0)' });
          return n.args.forEach((a) => visit(a, bound, f === 'ind'));
        }
        if (!d.functions.has(f)) return s.problem({ message: `unknown function "${f}" (declare it with "function ${f}")` });
        return n.args.forEach((a) => visit(a, bound));
      }
      case 'AccessorNode': {
        const a = accessOf(m);
        const dims = n.index.dimensions;
        const moment = momentOf(m, d);
        if (moment !== null) {
          // E takes one expression, or one with a condition after a bar (E[x | y], E[x | y == 1]); Var and Cov take no bar
          const { of, given, bars } = splitBar(dims);
          if (moment === 'E' && bars > 0) {
            if (of.length !== 1 || bars > 1) return s.problem({ message: 'E takes one expression and one bar: E[x | y], E[x | y == 1]' });
            if (given.some(isComparison) && given.length > 1) return s.problem({ message: 'E[... | event] takes one event after the bar' });
            return [...of, ...given].forEach((g) => visit(g, bound, isComparison(g)));
          }
          const arity = MOMENTS.get(moment)!;
          if (dims.length !== arity) return s.problem({ message: arity === 1 ? `${moment} takes one expression: ${moment}[...]` : `${moment} takes ${arity} expressions: ${moment}[X, Y]` });
          return dims.forEach((x) => visit(x, bound));
        }
        const family = a !== null && !a.grad ? d.randoms.get(a.tensor) : undefined;
        if (family?.index) {
          const letters = [family.index, family.entry].filter((i) => i !== null);
          if (dims.length !== letters.length) return s.problem({ message: `"${family.name}" has ${letters.length === 1 ? 'one index' : 'two indices'}: ${family.name}[${letters.join(', ')}]` });
          return dims.forEach((x) => visit(x, bound));
        }
        if (a === null || !d.tensors.has(a.tensor)) {
          const what = a === null ? shownName(n.object.toString()) : a.tensor;
          // an undeclared tensor's indices are still read, and an unbound letter among them is
          // reported first: in a program it is the error a grader marks (02MLP P4a's W^{X,R}[k,i])
          if (s.program) for (const i of dims) if (i.type !== 'RangeNode') visit(i, bound);
          return s.problem(s.program ? { message: `undeclared tensor "${what}"`, tensor: what } : { message: `"${what}" is not an indexed random variable${d.tensors.size > 0 ? ' or a tensor' : ''}` });
        }
        s.access?.({ ...a, indices: dims, bound });
        for (const i of dims) {
          if (i.type === 'RangeNode') return s.problem({ message: `a range ("${shownName(i.toString())}") is not an index`, tensor: a.tensor });
          visit(i, bound);
        }
        return;
      }
    }
    return s.problem({ message: `"${shownName(m.toString())}" is not supported (${NOT_SUPPORTED[m.type] ?? 'not an expression the engine computes'})` });
  };
  visit(node, bound);
}

const NOT_SUPPORTED: Record<string, string> = {
  AssignmentNode: 'an assignment: use let, or a statement T[i] = ... in a program',
  FunctionAssignmentNode: 'a function definition: declare it with "function f"',
  ConditionalNode: 'a conditional: use ind(...)',
  RelationalNode: 'a chained comparison: use one comparison',
  ArrayNode: 'a matrix: use tensors',
  BlockNode: 'several expressions: one per line',
  RangeNode: 'a range',
  ObjectNode: 'an object',
};

/** The node inside any parentheses. */
export const strip = (m: MathNode): MathNode => (m.type === 'ParenthesisNode' ? strip(N(m).content) : m);

/** A constant exponent (2, (2), -1, +3), or NaN for any other expression. */
export function constantOf(m: MathNode): number {
  const n = N(m);
  if (m.type === 'ConstantNode') return typeof n.value === 'number' ? n.value : NaN;
  if (m.type === 'ParenthesisNode') return constantOf(n.content);
  if (m.type === 'OperatorNode' && n.args.length === 1) return n.op === '-' ? -constantOf(n.args[0]) : n.op === '+' ? constantOf(n.args[0]) : NaN;
  return NaN;
}
