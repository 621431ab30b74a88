/**
 * What a run of claims produces (results.json, schema 1, DESIGN.md §7): the runner (run.ts) builds
 * it, reports/ renders and reads it (reports/schema.ts re-exports it with its validator). Fields
 * are only ever added, never renamed.
 */
import type { Kind, Measurement, Verdict } from './claim.ts';
import type { Profile } from './profile.ts';

export const SCHEMA_VERSION = 1;

/** One property run: the reference, a wrong answer, or a reading of an erratum. */
export interface Trial {
  /** Did the property fail (a counterexample was found)? */
  failed: boolean;
  runs: number;
  counterexample: unknown;
  /** Why the counterexample fails, in one line. */
  failure: string | null;
  shrinks: number | null;
  replay: string | null;
  /** fast-check's counterexample path (prefixed `corpus:` for a corpus case). */
  path: string | null;
}

export interface WrongAnswerResult {
  id: string;
  description: string;
  refuted: boolean;
  runsToFailure: number | null;
  counterexample: unknown;
  failure: string | null;
  shrinks: number | null;
  replay: string | null;
}

export interface ErratumResult {
  id: string;
  asWritten: string;
  corrected: string;
  asWrittenRefuted: boolean;
  correctedVerified: boolean;
  /** The as-written reading's counterexample. */
  counterexample: unknown;
  failure: string | null;
  replay: string | null;
  /** The corrected reading's counterexample, when it too is refuted: the erratum is then wrong. */
  correctedCounterexample: unknown;
  correctedFailure: string | null;
  correctedReplay: string | null;
  /** Where the correction is a replacement of the exam's text (exam.md), for `examcheck errata --patch`. Added with issue 22. */
  replaces?: { from: string; to: string }[];
}

export interface FindingResult {
  id: string;
  summary: string;
  counterexample: unknown;
}

export interface ClaimResult {
  id: string;
  /** The exam folder (`exams/<exam>/`) the claim is about. Added with issue 15. */
  exam?: string;
  /** The claim file and line that state the claim; null for a claim written in TypeScript. Added with issue 15. */
  source?: { file: string; line: number } | null;
  problem: number;
  part: string | null;
  kind: Kind;
  statement: string;
  domain: string;
  oracle: string | null;
  verdict: Verdict;
  /** Is the verdict the one the registry expects? */
  expected: boolean;
  /** expected, and every wrong answer refuted, and every erratum's literal reading refuted. */
  ok: boolean;
  runs: number;
  ms: number;
  counterexample: unknown;
  failure: string | null;
  shrinks: number | null;
  replay: string | null;
  /** Counterexamples replayed from the regression corpus first, and new ones saved to it. */
  corpus: { replayed: number; saved: number };
  wrongAnswers: WrongAnswerResult[];
  errata: ErratumResult[];
  findings: FindingResult[];
  /** Measured facts behind empirical and discussion claims (tables, plot data). */
  measurements: Measurement[];
  /**
   * Where the answer as written is refuted and is a program or a formula: its smallest repair (the
   * line of `source.file` it edits, what it changes) or how many edits were tried. Added with issue 17.
   */
  repair?: RepairResult | null;
}

/** A refuted answer's smallest repair (properties/repairs.ts), or none among `tried` edits. */
export type RepairResult =
  | { found: true; kind: string; line: number; from: string; to: string; tried: number }
  | { found: false; tried: number };

export interface Results {
  schema: typeof SCHEMA_VERSION;
  seed: number;
  profile: Profile['name'];
  startedAt: string;
  ok: boolean;
  claims: ClaimResult[];
  /** A fuzz run's budget (wall time or a count of examples) and what it used. */
  fuzz?: ({ budgetMs: number } | { budgetRuns: number }) & { elapsedMs: number; interrupted: boolean; shard: string };
  /** How many shard reports were merged into this one. */
  merged?: number;
}

/**
 * The one builder of results.json's envelope, for every entry point that writes one (check, the
 * vitest reporter, fuzz, merge): ok when every claim's outcome is the expected one (`ok`, decided
 * by properties/run.ts's `decide`).
 */
export function resultsOf(run: Omit<Results, 'schema' | 'ok'>): Results {
  const { seed, profile, startedAt, claims, ...extra } = run;
  return { schema: SCHEMA_VERSION, seed, profile, startedAt, ok: claims.every((c) => c.ok), claims, ...extra };
}

/** `npm run power`'s measurement: how often each wrong answer is refuted, over many seeds. */
export interface PowerResults {
  measuredAt: string;
  profile: Profile['name'];
  seeds: number;
  firstSeed: number;
  allRefutedOnEverySeed: boolean;
  /** The promised miss probability per answer and seed (bench/power.ts). */
  missTarget?: number;
  wrongAnswers: {
    claim: string;
    wrongAnswer: string;
    refutedFraction: number;
    survivedSeeds: number[];
    medianRunsToFailure: number | null;
    worstRunsToFailure: number | null;
    medianShrinkMs: number;
    worstShrinkMs: number;
    /** Fraction of all generated inputs that refute the answer. */
    inputsRefuting?: number;
    /** Upper bound on the probability that a seed's runs miss the answer (bench/power.ts). */
    missBound?: number;
    /** Runs that would bring missBound to missTarget (null: the last bias class never refutes). */
    runsNeeded?: number | null;
  }[];
  /** Corrected readings refuted on some generated input: each one a bug of the claim. */
  falseRefutations?: string[];
}
