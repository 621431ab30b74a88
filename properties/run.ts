/**
 * The runner: every entry point (check, vitest, replay, fuzz, candidate, answer) runs a claim's
 * property through `trial`, and it alone decides what a thrown error means. Properties call the
 * answer through `callAnswer`, so anything the answer throws is a refutation of it; anything else
 * thrown during a check (an oracle's or the property's own bug) is an InternalError that stops
 * the claim, never a refutation and never "verified". `decide` alone turns trials into a
 * claim's verdict, `expected` and `ok`; `claimResult` alone builds its envelope.
 */
import fc from 'fast-check';
import type { ClaimResult, ErratumResult, Trial, WrongAnswerResult } from './results.ts';
import type { Claim, Measurement, Property, Verdict } from './claim.ts';
import { corpusDirOf, loadCorpusFor, saveToCorpus } from './corpus.ts';
import { NotationError } from '../oracles/notation/errors.ts';
import { InternalError, NoValue } from './errors.ts';
import { findRepair } from './repairs.ts';
import type { RunSettings } from './profile.ts';

/** A check's verdict against the answer on one input, one line: thrown by `refute` and `callAnswer`. */
export class Refutation extends Error {}

/** End the check of this input with a refutation of the answer (a shape or a value it got wrong). */
export function refute(reason: string): never {
  throw new Refutation(reason);
}

/**
 * Call the answer: what it throws becomes the refutation "the answer threw: …", and `accept`
 * (where the property says what a well-formed output is) returns the reason an output is
 * refuted as it stands (a NaN, a wrong shape), or null. Every call into the answer's code goes
 * through here: an error thrown outside it is examcheck's own (an InternalError).
 */
export function callAnswer<T>(run: () => T, accept?: (output: T) => string | null): T {
  let output: T;
  try {
    output = run();
  } catch (e) {
    if (e instanceof Refutation) throw e;
    refute(`the answer threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  const why = accept?.(output);
  if (why) refute(why);
  return output;
}

/** A check's outcome on one input: passed (null), refuted (its reason), said nothing, or crashed outside the answer. */
type Outcome = { readonly reason: string | null } | { readonly noValue: string } | { readonly crash: unknown };

function outcomeOf<A, I>(prop: Property<A, I>, answer: A, input: I): Outcome {
  try {
    return { reason: prop.check(answer, input) };
  } catch (e) {
    if (e instanceof NoValue) return { noValue: e.message };
    return e instanceof Refutation ? { reason: e.message } : { crash: e };
  }
}

/**
 * The property's verdict on one input, as `trial` reaches it: the reason the answer is refuted,
 * or null. Throws InternalError where the oracle or the property itself throws. For tests of a
 * check on a known input.
 */
export function checkOnce<A, I>(claimId: string, prop: Property<A, I>, answer: A, input: I): string | null {
  const outcome = outcomeOf(prop, answer, input);
  if ('crash' in outcome) throw new InternalError(claimId, input, outcome.crash);
  return 'noValue' in outcome ? null : outcome.reason;
}

const NO_FAILURE = { counterexample: null, failure: null, shrinks: null, replay: null } as const;

export interface TrialOptions {
  /** Inputs replayed before anything is generated (the regression corpus). */
  examples?: readonly unknown[];
  /**
   * Replay one failure exactly: fast-check's counterexample path for the same seed, or
   * `corpus:<path>` for a failure found among the examples.
   */
  path?: string;
  /** Stop generating after this long (fuzzing slices); examples under way are finished. */
  timeLimitMs?: number;
}

const CORPUS_PATH = 'corpus:';

/** The inputs a trial of this property generates under a profile: the profile's runs times the property's `runScale`. */
export const runsOf = (prop: Pick<Property<unknown, unknown>, 'runScale'>, profile: RunSettings['profile']): number => profile.numRuns * (prop.runScale ?? 1);

/** A command-line word for a POSIX shell: quoted where it holds anything but letters, digits and @%+=:,./_-, so a printed command runs as printed. */
export const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/**
 * The command that reproduces a failure bit for bit: with the exam folders (EXAMCHECK_EXAMS) and,
 * for a corpus entry, the corpus (EXAMCHECK_CORPUS) this run read, where they are not the
 * defaults (found by review: a draft's replay, run as printed, read exams/ and found no such claim).
 */
export function replayCommand(claimId: string, run: RunSettings, path: string, answerId?: string): string {
  const answer = answerId && answerId !== 'reference' ? ` --answer ${answerId}` : '';
  const env = (['EXAMCHECK_EXAMS', ...(path.startsWith(CORPUS_PATH) ? ['EXAMCHECK_CORPUS'] : [])] as const)
    .filter((name) => process.env[name])
    .map((name) => `${name}=${shellWord(process.env[name]!)} `)
    .join('');
  return `${env}npx examcheck replay ${claimId}${answer} --profile ${run.profile.name} --seed ${run.seed} --path ${path}`;
}

/**
 * Run the property on one answer: first on the examples (each once, as given), then on the
 * profile's number of generated inputs. The two phases are separate fast-check runs, so a
 * growing corpus never changes which inputs a seed generates, nor the replay path of a failure.
 * A refutation is a failed trial; a throw outside the answer (`callAnswer`) is an InternalError,
 * thrown at once, with the command that replays it where fast-check's path leads to it.
 */
export function trial<A, I>(
  claimId: string,
  prop: Property<A, I>,
  answerId: string,
  answer: A,
  run: RunSettings,
  options: TrialOptions = {},
): Trial {
  // The first crash outside the answer stops the trial: later inputs (shrinking too) pass untried,
  // so fast-check's counterexample is the crash's, unless it came while shrinking a refutation.
  let crash: { input: I; error: unknown; whileShrinking: boolean } | undefined;
  let refuted = false;
  // inputs that said something, and the first that said nothing (see NoValue)
  let checked = 0;
  let silent: { input: I; reason: string } | undefined;
  const property = fc.property(prop.arbitrary(run.profile), (input) => {
    if (crash) return;
    const outcome = outcomeOf(prop, answer, input);
    if ('crash' in outcome) {
      crash = { input, error: outcome.crash, whileShrinking: refuted };
      throw outcome.crash;
    }
    if ('noValue' in outcome) {
      silent ??= { input, reason: outcome.noValue };
      return;
    }
    checked++;
    if (outcome.reason !== null) throw new Refutation(((refuted = true), outcome.reason));
  });
  const stopIfCrashed = (details: fc.RunDetails<[I]>, pathPrefix: string) => {
    if (!crash) return;
    // the claim file's own program failed (an index past its axis): the file's error, `file:line`
    if (crash.error instanceof NotationError) throw crash.error;
    const path = crash.whileShrinking || details.counterexamplePath === null ? null : pathPrefix + details.counterexamplePath;
    throw new InternalError(claimId, crash.input, crash.error, path === null ? null : replayCommand(claimId, run, path, answerId));
  };
  const examples = (options.examples ?? []).map((x) => [x as I] as [I]);
  const replayingCorpus = options.path?.startsWith(CORPUS_PATH) ?? false;
  let runs = 0;
  if (examples.length > 0 && (options.path === undefined || replayingCorpus)) {
    const path = replayingCorpus ? options.path!.slice(CORPUS_PATH.length) : undefined;
    const details = fc.check(property, { seed: run.seed, numRuns: examples.length, examples, path });
    stopIfCrashed(details, CORPUS_PATH);
    if (details.failed) return failedTrial(claimId, run, answerId, details, CORPUS_PATH);
    runs += details.numRuns;
  }
  if (replayingCorpus) return { failed: false, runs, ...NO_FAILURE, path: null };
  const details = fc.check(property, { seed: run.seed, numRuns: runsOf(prop, run.profile), path: options.path, interruptAfterTimeLimit: options.timeLimitMs });
  stopIfCrashed(details, '');
  if (details.failed) return { ...failedTrial(claimId, run, answerId, details, ''), runs: runs + details.numRuns };
  if (checked === 0 && silent) {
    // not verified: nothing was compared (a replay of one such input says the same)
    const failure = `not checked: the claim says nothing on any of the ${details.numRuns} inputs tried (the first: ${silent.reason})`;
    return { failed: true, runs: runs + details.numRuns, counterexample: silent.input, failure, shrinks: 0, replay: null, path: null };
  }
  return { failed: false, runs: runs + details.numRuns, ...NO_FAILURE, path: null };
}

function failedTrial<I>(claimId: string, run: RunSettings, answerId: string, details: fc.RunDetails<[I]>, pathPrefix: string): Trial {
  const error = details.errorInstance;
  return {
    failed: true,
    runs: details.numRuns,
    counterexample: details.counterexample?.[0] ?? null,
    failure: error instanceof Error ? error.message : String(error),
    shrinks: details.numShrinks,
    replay: details.counterexamplePath === null ? null : replayCommand(claimId, run, pathPrefix + details.counterexamplePath, answerId),
    path: details.counterexamplePath === null ? null : pathPrefix + details.counterexamplePath,
  };
}

export interface ClaimOptions {
  /** Where the regression corpus is (default: corpusDirOf, none for a draft exam folder); null runs without one (a test's swapped-in answers). */
  corpusDir?: string | null;
  /**
   * Search the smallest repair of an answer refuted as written (properties/repairs.ts): `check`
   * does; tests that need only the verdict leave it off (a search runs the check on each edit).
   */
  repair?: boolean;
}

/**
 * The one `expected` and `ok` decision (DESIGN.md §7): the verdict is the one the registry expects
 * (`expectedVerdict`: a built claim's `expected`, 'pending' for a claim not built), and then ok
 * means every wrong answer refuted and every erratum's as-written reading refuted and its
 * corrected reading verified.
 */
export function decide(result: Pick<ClaimResult, 'verdict' | 'wrongAnswers' | 'errata'>, expectedVerdict: string): Pick<ClaimResult, 'expected' | 'ok'> {
  const expected = result.verdict === expectedVerdict;
  const ok = expected && result.wrongAnswers.every((w) => w.refuted) && result.errata.every((e) => e.asWrittenRefuted && e.correctedVerified);
  return { expected, ok };
}

/** What the registry expects of a claim: its verdict, or 'pending' while it is not built. */
export const expectedVerdict = (claim: Claim): Verdict => (claim.status === 'pending' ? 'pending' : claim.expected);

/** What was run for a claim: the reference's trial (none without a property), and the rest. */
export interface ClaimOutcome {
  reference: Trial | null;
  ms?: number;
  corpus?: ClaimResult['corpus'];
  wrongAnswers?: WrongAnswerResult[];
  errata?: ErratumResult[];
  measurements?: readonly Measurement[];
  repair?: ClaimResult['repair'];
}

/**
 * The one builder of a claim's result (results.json's claim record): the registry's fields, the
 * verdict (pending for a claim not built, discussion without a property, else the reference's
 * trial's, or 'unchecked' where it ran on no input), what was run, and `decide`'s expected and ok.
 */
export function claimResult(claim: Claim, outcome: ClaimOutcome): ClaimResult {
  const prop = claim.status === 'built' ? claim.property : undefined;
  const reference = outcome.reference;
  // a trial that ran on no input checked nothing: it verifies nothing
  const verdict: Verdict =
    claim.status === 'pending' ? 'pending' : !reference ? 'discussion' : reference.failed ? 'refuted' : reference.runs === 0 ? 'unchecked' : 'verified';
  const [wrongAnswers, errata] = [outcome.wrongAnswers ?? [], outcome.errata ?? []];
  return {
    id: claim.id,
    exam: claim.exam,
    source: claim.source ?? null,
    problem: claim.problem,
    part: claim.part ?? null,
    kind: claim.kind,
    statement: claim.statement,
    domain: claim.status === 'pending' ? claim.domain : (prop?.domain ?? ''),
    oracle: prop?.oracle ?? null,
    verdict,
    ...decide({ verdict, wrongAnswers, errata }, expectedVerdict(claim)),
    runs: reference?.runs ?? 0,
    ms: outcome.ms ?? 0,
    counterexample: reference?.counterexample ?? null,
    failure: reference?.failure ?? null,
    shrinks: reference?.shrinks ?? null,
    replay: reference?.replay ?? null,
    corpus: outcome.corpus ?? { replayed: 0, saved: 0 },
    wrongAnswers,
    errata,
    findings: (claim.status === 'built' ? (claim.findings ?? []) : []).map((f) => ({ id: f.id, summary: f.summary, counterexample: f.counterexample ?? reference?.counterexample ?? null })),
    measurements: [...(outcome.measurements ?? [])],
    ...(outcome.repair !== undefined && { repair: outcome.repair }),
  };
}

export function runClaim(claim: Claim, run: RunSettings, { corpusDir = corpusDirOf(claim), repair: searchRepair = false }: ClaimOptions = {}): ClaimResult {
  const started = performance.now();
  if (claim.status === 'pending') return claimResult(claim, { reference: null });
  const prop = claim.property;
  if (!prop) return claimResult(claim, { reference: null, measurements: claim.measure?.(run) ?? [], ms: Math.round(performance.now() - started) });
  const examples = corpusDir === null ? [] : loadCorpusFor(claim.id, prop, corpusDir).map((e) => e.input);
  const reference = trial(claim.id, prop, prop.reference.id, prop.reference.answer, run, { examples });
  // a finding's counterexamples are expected: only a surprise becomes a regression case (a save
  // that cannot complete is a warning: the run keeps its verdict and its report)
  const saved =
    corpusDir !== null && reference.failed && claim.expected !== 'refuted'
      ? saveToCorpus(claim.id, [{ input: reference.counterexample, answer: prop.reference.id, failure: reference.failure!, foundBy: { seed: run.seed, profile: run.profile.name, at: new Date().toISOString() } }], corpusDir)
      : 0;
  const wrongAnswers: WrongAnswerResult[] = prop.wrongAnswers.map((w) => {
    const t = trial(claim.id, prop, w.id, w.answer, run, { examples });
    return {
      id: w.id,
      description: w.description,
      refuted: t.failed,
      runsToFailure: t.failed ? t.runs : null,
      counterexample: t.counterexample,
      failure: t.failure,
      shrinks: t.shrinks,
      replay: t.replay,
    };
  });
  const errata: ErratumResult[] = (prop.errata ?? []).map((e) => {
    const literal = trial(claim.id, prop, `${e.id}:as-written`, e.literal, run, { examples });
    const fixed = trial(claim.id, prop, `${e.id}:corrected`, e.fixed, run, { examples });
    return {
      id: e.id,
      asWritten: e.asWritten,
      corrected: e.corrected,
      asWrittenRefuted: literal.failed,
      correctedVerified: !fixed.failed,
      counterexample: literal.counterexample,
      failure: literal.failure,
      replay: literal.replay,
      correctedCounterexample: fixed.counterexample,
      correctedFailure: fixed.failure,
      correctedReplay: fixed.replay,
      ...(e.replaces && { replaces: e.replaces.map((r) => ({ ...r })) }),
    };
  });
  // a refuted program or formula: the smallest edit that makes it hold (what a grader writes in the margin)
  const repair = searchRepair && reference.failed ? findRepair(prop, prop.reference.answer, run) : null;
  // last: a property or oracle that throws is reported before a measurement's seconds are spent
  const measurements = claim.measure?.(run) ?? [];
  return claimResult(claim, { reference, ms: Math.round(performance.now() - started), corpus: { replayed: examples.length, saved }, wrongAnswers, errata, measurements, ...(repair && { repair }) });
}

/** The answers a property knows by id: the reference, its wrong answers, each erratum's two readings. */
export function answersOf<A>(prop: Property<A, unknown>): Map<string, A> {
  const answers = new Map<string, A>([[prop.reference.id, prop.reference.answer]]);
  for (const w of prop.wrongAnswers) answers.set(w.id, w.answer);
  for (const e of prop.errata ?? []) {
    answers.set(`${e.id}:as-written`, e.literal);
    answers.set(`${e.id}:corrected`, e.fixed);
  }
  return answers;
}
