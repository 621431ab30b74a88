/** results.json, schema 1 (DESIGN.md §7). Fields are only ever added, never renamed. */
import type { Kind, Measurement, Verdict } from '../properties/claim.ts';
import type { Profile } from '../properties/profile.ts';

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

/** The values of the schema's closed fields, for `parseResults`. */
const KINDS: readonly Kind[] = ['identity', 'numerical', 'statistical', 'empirical', 'discussion'];
const VERDICTS: readonly Verdict[] = ['verified', 'refuted', 'unchecked', 'discussion', 'pending'];
const PROFILE_NAMES: readonly Profile['name'][] = ['quick', 'default', 'nightly'];

/** A check of one field: null when the value fits, else what was expected ("a number"). */
type Shape = (v: unknown, at: string) => string | null;

const described = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};
const is = (what: string, test: (v: unknown) => boolean): Shape => (v, at) => (test(v) ? null : `${at}: expected ${what}, found ${described(v)}`);
const str = is('a string', (v) => typeof v === 'string');
const num = is('a number', (v) => typeof v === 'number' && Number.isFinite(v));
const count = is('a whole number ≥ 0', (v) => Number.isSafeInteger(v) && (v as number) >= 0);
const bool = is('true or false', (v) => typeof v === 'boolean');
const any: Shape = () => null;
const oneOf = (values: readonly unknown[]) => is(`one of ${values.join(', ')}`, (v) => values.includes(v));
const orNull = (shape: Shape): Shape => (v, at) => (v === null ? null : shape(v, at));
const list = (item: Shape): Shape => (v, at) => (Array.isArray(v) ? v.reduce<string | null>((e, x, i) => e ?? item(x, `${at}[${i}]`), null) : `${at}: expected a list, found ${described(v)}`);
/** An object with these fields (each required unless named in `optional`; others are allowed: fields are only ever added). */
const record =
  (fields: Record<string, Shape>, optional: readonly string[] = []): Shape =>
  (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${at}: expected an object, found ${described(v)}`;
    for (const [key, shape] of Object.entries(fields)) {
      const o = v as Record<string, unknown>;
      if (!(key in o)) {
        if (optional.includes(key)) continue;
        return `${at ? `${at}.` : ''}${key}: missing`;
      }
      const wrong = shape(o[key], `${at ? `${at}.` : ''}${key}`);
      if (wrong) return wrong;
    }
    return null;
  };

const TRIAL_FIELDS = { counterexample: any, failure: orNull(str), shrinks: orNull(num), replay: orNull(str) };
const CLAIM = record(
  {
    id: str,
    exam: str,
    source: orNull(record({ file: str, line: count })),
    problem: count,
    part: orNull(str),
    kind: oneOf(KINDS),
    statement: str,
    domain: str,
    oracle: orNull(str),
    verdict: oneOf(VERDICTS),
    expected: bool,
    ok: bool,
    runs: count,
    ms: num,
    ...TRIAL_FIELDS,
    corpus: record({ replayed: count, saved: count }),
    wrongAnswers: list(record({ id: str, description: str, refuted: bool, runsToFailure: orNull(count), ...TRIAL_FIELDS })),
    errata: list(
      record({
        id: str, asWritten: str, corrected: str, asWrittenRefuted: bool, correctedVerified: bool, ...TRIAL_FIELDS,
        correctedCounterexample: any, correctedFailure: orNull(str), correctedReplay: orNull(str),
      }),
    ),
    findings: list(record({ id: str, summary: str, counterexample: any })),
    measurements: list(
      record(
        {
          id: str, title: str, summary: str,
          table: record({ columns: list(str), rows: list(list((v, at) => (v === null ? null : typeof v === 'number' ? num(v, at) : str(v, at)))) }),
          plot: record({
            x: record({ label: str, log: bool }, ['log']),
            y: record({ label: str, log: bool }, ['log']),
            series: list(record({ name: str, points: list((v, at) => (Array.isArray(v) && v.length === 2 ? list(num)(v, at) : `${at}: expected a point [x, y], found ${described(v)}`)) })),
          }),
        },
        ['table', 'plot'],
      ),
    ),
  },
  ['exam', 'source'],
);
const RESULTS = record(
  {
    schema: oneOf([SCHEMA_VERSION]),
    seed: is('a 32-bit integer', (v) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31),
    profile: oneOf(PROFILE_NAMES),
    startedAt: is('a time such as 2026-11-29T22:49:45.000Z', (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)),
    ok: bool,
    claims: list(CLAIM),
    // a budget of wall time or of examples: one of the two
    fuzz: (v, at) =>
      record({ budgetMs: num, budgetRuns: count, elapsedMs: num, interrupted: bool, shard: is('a shard i/n', (v) => typeof v === 'string' && /^\d+\/\d+$/.test(v)) }, ['budgetMs', 'budgetRuns'])(v, at) ??
      (('budgetMs' in (v as object)) === ('budgetRuns' in (v as object)) ? `${at}: expected one of budgetMs and budgetRuns` : null),
    merged: count,
  },
  ['fuzz', 'merged'],
);

/**
 * results.json as read from disk (a shard's report, to merge): every field the schema has, of
 * its type, checked before anything reads it. Throws an Error of one line naming the first field
 * that is missing or of the wrong type (`claims[3].runs: expected a whole number ≥ 0, found "x"`).
 */
export function parseResults(text: string): Results {
  const data: unknown = JSON.parse(text);
  const wrong = RESULTS(data, '');
  if (wrong) throw new Error(wrong.replace(/^: /, ''));
  return data as Results;
}
