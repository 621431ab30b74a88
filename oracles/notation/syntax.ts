/**
 * The engine's shapes: the syntax of a claim file as read (declarations, programs, claim blocks,
 * chains), lint findings, and compiled programs and expressions. Types only, in a module of their
 * own, so the reader, the lint and the compiler import them without importing each other through
 * index.ts.
 */
import type Fraction from 'fraction.js';
import type { MathNode } from '../mathjs.ts';
import type { Operation } from '../numbers/tower.ts';

/** An expression as written (primes and all), its syntax tree (primes rewritten), and its line. */
export interface Expr {
  readonly text: string;
  readonly node: MathNode;
  readonly line: number;
}

/** A real's or an integer's domain. An integer's is closed with integer ends (its values lo, lo+1, …, hi). */
export interface Interval {
  readonly lo: Fraction;
  readonly hi: Fraction;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
  readonly integer: boolean;
}

/** `real mu in [0, 1)`, `integer d in [1, 3]` (default interval [-4, 4] for a real). */
export interface RealDecl {
  readonly name: string;
  readonly interval: Interval;
  readonly line: number;
}

/** `size B, J in 1..4`: a tensor extent drawn per example in lo..hi (both ≥ 1), shrunk toward lo. */
export interface SizeDecl {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
  readonly line: number;
}

/**
 * `index j in 1..J`: the letter j runs over 1..(range), range an integer expression (a size, an
 * integer); `index t in 0..T - 1`: from `low` (absent: 1), time steps counted from 0 as an exam
 * writes x_0, x_1, …; `index t' in 0..t`: a range that reads another index letter, for a sum
 * Σ_{t'=0}^{t} (only a sum or product may run over it, where t is bound).
 */
export interface IndexDecl {
  readonly name: string;
  readonly range: Expr;
  readonly low?: Expr;
  readonly line: number;
}

/** `tensor s[b, j], L[]`: a tensor and the index letter of each axis (none for a scalar tensor). */
export interface TensorDecl {
  readonly name: string;
  readonly axes: readonly string[];
  readonly line: number;
}

/**
 * `function grad`: an uninterpreted function (independent values, and derivatives, at distinct
 * arguments); `function l polynomial`: one argument, a random polynomial of degree ≤ 4 at each point.
 */
export interface FunctionDecl {
  readonly name: string;
  readonly polynomial: boolean;
  readonly line: number;
}

/**
 * `assume diff(l(theta), theta) = dl`: the declared function's derivative at the real's value is
 * the expression's (its other values stay free; a polynomial's linear coefficient is set so).
 */
export interface Pin {
  readonly fn: string;
  /** The declared real the derivative is taken at (and in). */
  readonly at: string;
  readonly value: Expr;
  readonly line: number;
}

/** `random w[i] with mean mu_w, variance sigma_w^2` (index, mean and variance each optional: both moments or neither), `random b ~ bernoulli(p)`, or one name of a joint `random (x, y) ~ categorical{…}`. */
export interface RandomDecl {
  readonly name: string;
  readonly index: string | null;
  /** `random g[i, k]`: the entry index of a vector family (the vectors g[i, ·] over i, their entries over k), or null. */
  readonly entry: string | null;
  readonly mean: Expr | null;
  readonly variance: Expr | null;
  /** The law (exams/README.md, "Laws, expectations and information"): by moments (`mean`/`variance` above), any law where neither, or a kind after `~`. */
  readonly law: LawDecl;
  /** `random (x, y) ~ …`: the names declared together, which share one joint law (the same LawDecl), or null for one variable. */
  readonly joint: readonly string[] | null;
  /** `random x[i] iid …`: every member the same law, the members mutually independent. */
  readonly iid: boolean;
  readonly line: number;
}

/**
 * A random variable's law, as declared (oracles/laws.ts enumerates, draws or samples it). Each kind
 * is its own case, parsed by its own case of `parseLaw` (oracles/notation/parse.ts). The finite
 * ones — bernoulli, set, categorical, and any law on 1..n — are tables of outcomes, enumerated by
 * one routine (laws.ts's `finiteOutcomes`); categorical and any law on a finite set may be joint
 * (`random (x, y) ~ …`: each outcome a value per name).
 */
export type LawDecl =
  /** `with mean M, variance V`: every law with those moments (random finite laws with them). */
  | { readonly kind: 'moments'; readonly mean: Expr; readonly variance: Expr }
  /**
   * Any law: `on` null (`random x`, nothing declared) is any law on the reals (random finite laws,
   * values and weights drawn); `~ any law on 1..n` (joint: `on 1..m, 1..n`) is any law on that
   * finite set, `on` holding each range's n (the values fixed, every outcome's weight drawn, zeros
   * included, so a failure shrinks to the fewest outcomes).
   */
  | { readonly kind: 'any'; readonly on: readonly Expr[] | null }
  /** `~ bernoulli(p)`: 1 with probability p, else 0. */
  | { readonly kind: 'bernoulli'; readonly p: Expr }
  /** `~ uniform{a, b, c}`: each listed value with probability 1/n (a value listed twice counts twice). */
  | { readonly kind: 'set'; readonly values: readonly Expr[] }
  /** `~ categorical{a: p, b: q}` (joint: `{(a, b): p, …}`): each outcome's values (one per name) with its probability; they sum to 1. */
  | { readonly kind: 'categorical'; readonly outcomes: readonly { readonly values: readonly Expr[]; readonly p: Expr }[] }
  /** `~ uniform[a, b]`: uniform on the interval (continuous: sampled). */
  | { readonly kind: 'interval'; readonly lo: Expr; readonly hi: Expr }
  /** `~ gaussian(m, v)`: normal with mean m and variance v (continuous: sampled). */
  | { readonly kind: 'gaussian'; readonly mean: Expr; readonly variance: Expr }
  /** `~ symmetric` / `~ symmetric with variance V`: every law symmetric about 0 (with that variance): random finite symmetric laws. */
  | { readonly kind: 'symmetric'; readonly variance: Expr | null };

/** `independent w, x`. */
export interface IndependentDecl {
  readonly names: readonly string[];
  readonly line: number;
}

/** `let eta' = eta / (1 - mu)` or `assume v_t = eta' * ghat_t`: both define the name by the expression. */
export interface Definition {
  readonly name: string;
  readonly kind: 'let' | 'assume';
  readonly expr: Expr;
  readonly line: number;
}

/** Everything declared at top level, shared by every program and claim of the file. */
export interface Declarations {
  /** Reals and integers (an integer has `interval.integer`). */
  readonly reals: ReadonlyMap<string, RealDecl>;
  readonly sizes: ReadonlyMap<string, SizeDecl>;
  readonly indices: ReadonlyMap<string, IndexDecl>;
  readonly tensors: ReadonlyMap<string, TensorDecl>;
  readonly functions: ReadonlyMap<string, FunctionDecl>;
  /** Hypotheses on a function's derivative (`assume diff(l(theta), theta) = dl`), in file order. */
  readonly pins: readonly Pin[];
  readonly randoms: ReadonlyMap<string, RandomDecl>;
  readonly independent: readonly IndependentDecl[];
  readonly lets: ReadonlyMap<string, Definition>;
  readonly assumes: ReadonlyMap<string, Definition>;
  /** Lets and assumes together, in file order (a definition may read only those before it). */
  readonly definitions: ReadonlyMap<string, Definition>;
}

/** `T[i, j]` or `T.grad[i, j]` (gradient tensor of T, named `T.grad` in a run's tensor map); `L[]` has no indices. */
export interface TensorAccess {
  /** The declared tensor (T for T.grad). */
  readonly tensor: string;
  readonly grad: boolean;
  /** Index expressions: a letter, a shifted or strided letter (`i + di`, `2*t + dt`), or a gather (`k[p]`). */
  readonly indices: readonly MathNode[];
  /** The whole access, as parsed. */
  readonly node: MathNode;
}

/** One statement `for INDICES: TARGET OP EXPR`; the loops nest in order, the last innermost. */
export interface Statement {
  readonly line: number;
  /** The statement as written. */
  readonly text: string;
  readonly loops: readonly string[];
  readonly target: TensorAccess;
  readonly op: '+=' | '-=' | '=';
  readonly rhs: MathNode;
  /**
   * `step t:` above it: the statement runs inside that time loop (outermost, around its own
   * loops), with the block's other statements in order for each t: coupled update rules (v, then
   * Θ from v) advance one step at a time. The block's line tells two blocks apart.
   */
  readonly step?: { readonly letter: string; readonly line: number };
}

/** `program NAME` and its indented statements, run in order. */
export interface Program {
  readonly name: string;
  readonly line: number;
  readonly statements: readonly Statement[];
}

/** A chain step's relation to the line before it; null on a chain's first line. */
export type Relation = '=' | '<=' | '>=' | '<' | '>';

export interface ChainLine {
  readonly text: string;
  readonly relation: Relation | null;
  readonly line: number;
  readonly node: MathNode;
  /**
   * `answer condition on dl: EXPR`: the line is a condition, EXPR = 0, judged by its zero set
   * (solved for the real named here) against the line before it, not by its value.
   */
  readonly condition?: string;
  /**
   * An `equal` claim's `answer: eta' = EXPR`: the exam's answer is the definition of this name (a
   * `let` of the file from here on, which its programs read); the line's text is EXPR.
   */
  readonly defines?: string;
}

/** `limit EXPR as X -> 0+ is -infinity`: EXPR's behaviour as the real X approaches a point. */
export interface LimitLine {
  readonly text: string;
  readonly expr: Expr;
  readonly variable: string;
  readonly approach: '0+' | '0-' | '+infinity' | '-infinity';
  readonly result: '-infinity' | '+infinity' | 'finite' | 'bounded below' | 'bounded above';
  readonly line: number;
}

/** `anchor: Problem 1 "first words" … "last words"` (also `Problem 2(a)`: `part` 'a'). */
export interface Anchor {
  readonly problem: number;
  readonly part?: string;
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

/** `wrong ID: "FROM" -> "TO" description`: the file with FROM replaced by TO (see applyEdit). */
export interface WrongAnswer {
  readonly id: string;
  /** Text after the edit, or '' (the id then says it). */
  readonly description: string;
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

/** `erratum ID: "FROM" -> "TO"` then `as written: LaTeX` and `corrected: LaTeX` lines: FROM is the exam as written, TO the correction. */
export interface Erratum {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly asWritten: string;
  readonly corrected: string;
  /** `replaces "EXAM TEXT" with "CORRECTED TEXT"` lines: the correction as replacements of the exam's text (exam.md). */
  readonly replaces?: readonly { readonly from: string; readonly to: string }[];
  readonly line: number;
}

/** `claim ID: [not] KIND ARGS…` and its indented lines. */
export interface ClaimBlock {
  readonly id: string;
  readonly line: number;
  /** 'gradient', 'chain', or any other word as written (the runner decides what it supports). */
  readonly kind: string;
  readonly negated: boolean;
  /** The words after the kind: ['backward', 'of', 'forward']. */
  readonly args: readonly string[];
  readonly anchor?: Anchor;
  readonly expected?: 'verified' | 'refuted';
  readonly conventions: readonly { readonly text: string; readonly line: number }[];
  readonly wrong: readonly WrongAnswer[];
  readonly errata: readonly Erratum[];
  /** `finding ID: TEXT`, and the `counterexample:` line after it (words) where there is one. */
  readonly findings: readonly { readonly id: string; readonly text: string; readonly line: number; readonly counterexample?: string }[];
  /** Chain lines inside the block, flat: a line with relation null starts a chain. */
  readonly chain: readonly ChainLine[];
  /** `answer: EXPR`: the exam's answer, a formula over the file's reals; a chain's last line (relation `=`), or an equal claim's definition (`defines`). */
  readonly answer?: ChainLine;
  /** `limit …` lines, checked with the chain. */
  readonly limits: readonly LimitLine[];
}

export interface ClaimFile {
  readonly file: string;
  readonly text: string;
  readonly declarations: Declarations;
  readonly programs: ReadonlyMap<string, Program>;
  readonly claims: readonly ClaimBlock[];
  /** Chains at top level (a derivation file's): each starts with a line without a relation. */
  readonly chains: readonly (readonly ChainLine[])[];
}

/** One ill-formed statement: `file:line` and what is wrong, naming the index or tensor. */
export interface LintFinding {
  readonly file: string;
  readonly line: number;
  readonly index?: string;
  readonly tensor?: string;
  readonly message: string;
}

/** A tensor: its shape (extent per axis) and entries, row-major, 0-based. */
export interface Tensor<T> {
  readonly shape: readonly number[];
  readonly data: T[];
}

/**
 * What a program runs on. `sizes` gives every size (and integer) an index range reads. A tensor
 * the program writes and `tensors` lacks is created, zero-filled, with its declared shape; a
 * tensor it reads and `tensors` lacks is an error. `T.grad` is the gradient tensor of T (T's shape).
 */
export interface ProgramEnv<T> {
  readonly sizes: Readonly<Record<string, number>>;
  readonly tensors: Map<string, Tensor<T>>;
  /** Values of declared reals and integers the program reads (none by default). */
  readonly scalars?: ReadonlyMap<string, T>;
  /** A declared (uninterpreted) function's value at these arguments, as ExpressionEnv.call (a gradient ∇ℓ(Θ[t, i]) of an update rule). */
  call?(name: string, args: readonly T[]): T;
}

export interface CompiledProgram<T> {
  /** Run every statement in order, in place on env.tensors. Throws NotationError (index out of range, wrong shape). */
  run(env: ProgramEnv<T>): void;
  /** The tensor names (`T`, `T.grad`) the program reads and writes. */
  readonly reads: ReadonlySet<string>;
  readonly writes: ReadonlySet<string>;
  /** The tower operations the program uses (checked against the number system at compile time). */
  readonly operations: ReadonlySet<Operation>;
}

/**
 * Where a scalar expression (a chain line, a definition, a formula answer) takes its values.
 * Names resolve, in order: a bound index (sum/prod), `scalars` (reals and integers), a definition
 * (compiled with the expression; memoized per env outside E), a size, a random variable (only
 * inside E[...]), a tensor entry.
 */
export interface ExpressionEnv<T> {
  readonly scalars: ReadonlyMap<string, T>;
  readonly sizes?: Readonly<Record<string, number>>;
  readonly tensors?: ReadonlyMap<string, Tensor<T>>;
  /**
   * A declared function's value at these arguments (the same arguments must give the same value).
   * `diff` asks for an uninterpreted function's derivatives by name: `l'` (of a function of one
   * argument), `∂2f` (of f in its second): `derivativeName`.
   */
  call?(name: string, args: readonly T[]): T;
  /** A polynomial function's coefficients c₀, c₁, … at this point (`function l polynomial`). */
  polynomial?(name: string): readonly T[];
  /** E[body]: the expectation of body over the declared laws; body reads the random variables (`w`, `w[1]`) through `random`. */
  expect?(body: (random: (name: string) => T) => T): T;
  /**
   * Whether `expect` is an enumeration of a finite law (a finite sum), so E[a + b] = E[a] + E[b]
   * holds in it: the engine then splits E's body at its sums (each term enumerates only the laws
   * it reads). Not where an expectation is sampled (each E a confidence interval of its own).
   */
  readonly linear?: boolean;
  /**
   * The joint law of what body reads: every outcome of the declared laws with nonzero probability,
   * body's value there (a tuple of exact keys) and the probability, as enumerated (keys repeat).
   */
  law?(body: (value: (name: string) => Fraction) => readonly string[]): readonly { readonly keys: readonly string[]; readonly p: Fraction }[];
  /** Values already computed at this point (E[...] and definitions); give a fresh Map per point. */
  readonly memo?: Map<string, T>;
}

/** A scalar expression compiled for one number system. */
export interface CompiledExpression<T> {
  (env: ExpressionEnv<T>): T;
  readonly operations: ReadonlySet<Operation>;
}
