/** The claim model of DESIGN.md §1: what the registry holds, and what every other part reads. */
import type fc from 'fast-check';
import type { Field } from '../oracles/numbers/tower.ts';
import type { Protocol } from './candidate-serve.ts';
import type { Candidate } from '../oracles/repair.ts';
import type { Profile, RunSettings } from './profile.ts';

export type Kind = 'identity' | 'numerical' | 'statistical' | 'empirical' | 'discussion';
/** 'unchecked': a property that ran on no input (a fuzz budget spent before the claim's turn): never 'verified'. */
export type Verdict = 'verified' | 'refuted' | 'unchecked' | 'discussion' | 'pending';

/**
 * A checkable claim over answers of type A and inputs of type I. `check` returns null when the
 * answer satisfies the claim on the input, or one line saying what is wrong and where. Inputs are
 * plain JSON, so a counterexample can be reported, saved in the corpus and replayed as it is.
 */
export interface Property<A, I> {
  /** Where the inputs come from, in words, and as a generator that grows with the profile. */
  readonly domain: string;
  readonly arbitrary: (profile: Profile) => fc.Arbitrary<I>;
  readonly check: (answer: A, input: I) => string | null;
  /**
   * Where a saved input (a corpus entry's) departs from the inputs the claim draws now, in words,
   * or null where it fits: for a claim whose inputs are made from a file that may change since
   * the entry was saved (a claim file's sizes and tensors). properties/corpus.ts asks it first.
   */
  readonly fits?: (input: unknown) => string | null;
  /** The independent truth the check compares against, in words. */
  readonly oracle: string;
  /** The exam's answer as code. */
  readonly reference: Answer<A>;
  /**
   * Runs per trial as a multiple of the profile's (default 1), for a claim whose inputs cost next
   * to nothing and whose wrong answers fail in regions no one distribution makes likely at once
   * (P3: a β₂ wrong only per example, b = 1, against the exam's, wrong only for large bε). Set from
   * the runs `npm run power` says each refutation needs (bench/power.ts), never as a retry.
   */
  readonly runScale?: number;
  /** Plausible wrong answers: each must be refuted, on every seed, within the profile's runs. */
  readonly wrongAnswers: readonly Answer<A>[];
  /** Readings of the exam as literally written that fail, each with its corrected reading. */
  readonly errata?: readonly Erratum<A>[];
  /** How a student's module supplies this answer, for `examcheck candidate`. */
  readonly candidate?: CandidateInterface<A>;
  /** How a formula becomes this answer, for `examcheck answer`. */
  readonly formula?: FormulaInterface<A>;
  /**
   * For a program or formula answer: its one-edit changes, in the order a repair is searched
   * (oracles/repair.ts), each with the answer it makes; properties/repairs.ts verifies them.
   */
  readonly repairs?: (answer: A) => Iterable<RepairCandidate<A>>;
}

/** A one-edit change of an answer (its line, what it changes) and the answer it makes. */
export interface RepairCandidate<A> extends Omit<Candidate, 'text'> {
  readonly answer: A;
}

/**
 * What a candidate module must export for a claim, and how the checker's process talks to it. The
 * module runs in a process of its own (cli/candidate.ts): it receives plain inputs and sends back
 * plain outputs, and the checker's process, which never loads it, judges them.
 */
export interface CandidateInterface<A> {
  /** The export the answer is read from (`default` is tried first). */
  readonly exportName: string;
  /** In words, for the README and for a module that exports the wrong shape. */
  readonly description: string;
  /** How the candidate's process calls the export (properties/candidate-serve.ts). */
  readonly protocol: Protocol;
  /** What the export must be, for the message about a module that exports something else: `a function beta2(eps, b)`. */
  readonly expects: string;
  /**
   * The answer as the checker's process holds it: each call sends plain inputs through `ask` and
   * validates the reply's shape and size, refuting (`refute`, properties/run.ts) one that is not
   * an answer of the size the inputs call for.
   */
  readonly remote: (ask: Ask) => A;
  /** For a claim whose own answers are not modules (a claim file's programs): the property a module is judged by. */
  readonly property?: Property<A, any>;
  /**
   * Other answers a module may give to the same claim (a training rule with its test rule, an
   * optimizer, its own gradient code), each judged by its own `property`: a module that lacks this
   * interface's export is read by the first alternative whose export it has.
   */
  readonly alternatives?: readonly CandidateInterface<any>[];
}

/**
 * A request to the candidate's process: plain values in, the export's reply out (unvalidated: any
 * plain value). What the module threw is thrown; a process stopped by a limit throws too.
 */
export type Ask = (request: unknown) => unknown;

/**
 * A formula answer (read and compiled by the notation engine, oracles/notation/; never evaluated
 * by mathjs): its variables and where they range, the exam's formula, and how a formula becomes
 * an answer the claim's property can check.
 */
export interface FormulaInterface<A> {
  /** Variable names a formula may use: what each means, and its range (integers if `integer`). */
  /** Each variable's range [min, max]; `openMin`/`openMax` leave an end out (Θ ∈ (0, 4]: a formula need not hold at Θ = 0). */
  readonly variables: Readonly<Record<string, { readonly meaning: string; readonly min: number; readonly max: number; readonly integer?: boolean; readonly openMin?: boolean; readonly openMax?: boolean }>>;
  /** The exam's answer as a formula. */
  readonly reference: string;
  /**
   * The answer whose value is the formula's, both through the formula compiled by the engine:
   * `evaluate` computes it in float64, `evaluateIn` in any field of the number tower (exact
   * rationals among them: compiled once per field; an operation the field lacks is a usage error).
   * `text` is the formula as written, already checked against the formula language and the
   * variables (a claim file's `answer:` line takes it as it is).
   */
  readonly toAnswer: (evaluate: (scope: Readonly<Record<string, number>>) => number, evaluateIn: <T>(F: Field<T>, scope: Readonly<Record<string, T>>) => T, text: string) => A;
  /**
   * 'property': a formula is judged by the claim's property alone, not by equality with the
   * reference (a condition, `answer condition on u:`: right when it has the same zeros).
   */
  readonly judgedBy?: 'property';
  /**
   * The variable U of a condition (`answer condition on U:`): a student's `U = EXPR`, or a value
   * EXPR that does not mention U, is read as the condition U - (EXPR) (cli/formula.ts's asCondition).
   */
  readonly condition?: string;
}

export interface Answer<A> {
  readonly id: string;
  readonly description: string;
  readonly answer: A;
}

export interface Erratum<A> {
  readonly id: string;
  readonly asWritten: string;
  readonly corrected: string;
  readonly literal: A;
  readonly fixed: A;
  /** Where the correction is a replacement of the exam's text: what `examcheck errata --patch` replaces. */
  readonly replaces?: readonly Replacement[];
}

/**
 * A replacement of the exam's text (exam.md): `from`, exactly as written, occurs once in the
 * erratum's problem and becomes `to` (reports/patch.ts; an anchor not found is never applied).
 */
export interface Replacement {
  readonly from: string;
  readonly to: string;
}

/** Where the exam's answer fails on part of the domain it speaks of (DESIGN.md §7). */
export interface Finding {
  readonly id: string;
  readonly summary: string;
  /** The input that shows it, where the claim's own property does not find it (the reference holds). */
  readonly counterexample?: unknown;
}

interface ClaimBase<Id extends string> {
  readonly id: Id;
  /** The exam folder the claim is about (`exams/<exam>/`). */
  readonly exam: string;
  readonly problem: number;
  readonly part?: string;
  /** The exam's own words (LaTeX allowed), read from the exam's text by the claim's anchor. */
  readonly statement: string;
  readonly kind: Kind;
  /** Where a claim file states the claim (its `claim` line); absent for a claim written in TypeScript. */
  readonly source?: { readonly file: string; readonly line: number };
}

/**
 * A measured fact behind an empirical or discussion claim (DESIGN.md §1): numbers computed by
 * simulation or in closed form, reported as a table and, where a picture says more, a plot.
 */
export interface Measurement {
  readonly id: string;
  readonly title: string;
  /** One or two sentences: what the numbers show, for or against the exam's answer. */
  readonly summary: string;
  readonly table?: { readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number | null)[])[] };
  readonly plot?: Plot;
}

/** Plot-ready data; the report renders it to SVG when it is written. */
export interface Plot {
  readonly x: { readonly label: string; readonly log?: boolean };
  readonly y: { readonly label: string; readonly log?: boolean };
  readonly series: readonly { readonly name: string; readonly points: readonly (readonly [number, number])[] }[];
}

/**
 * A claim whose check is built. A property gives it a verdict (`expected` is 'refuted' only where
 * a finding explains why); a claim with measurements only (empirical, discussion) is reported with
 * its measurements and the verdict 'discussion'. Measurements must be deterministic in the seed.
 */
export interface BuiltClaim<Id extends string, A = any, I = any> extends ClaimBase<Id> {
  readonly status: 'built';
  readonly property?: Property<A, I>;
  readonly expected: 'verified' | 'refuted' | 'discussion';
  readonly findings?: readonly Finding[];
  readonly measure?: (run: RunSettings) => readonly Measurement[];
}

/** What a problem's file adds to a registry entry when the claim is built. */
export type Built<Id extends string> = Omit<BuiltClaim<Id>, keyof ClaimBase<Id> | 'status'> & { readonly kind?: Kind };

/** A claim listed but not yet built: reported as pending, never as passing. */
export interface PendingClaim<Id extends string> extends ClaimBase<Id> {
  readonly status: 'pending';
  readonly domain: string;
}

export type Claim<Id extends string = string> = BuiltClaim<Id> | PendingClaim<Id>;

/** Type a property once, so its answers and inputs stay consistent, then store it untyped. */
export const property = <A, I>(p: Property<A, I>): Property<A, I> => p;
