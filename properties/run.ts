/** Runs a claim's property against its reference, its wrong answers and its errata. */
import fc from 'fast-check';
import type { ClaimResult, ErratumResult, Trial, WrongAnswerResult } from '../reports/schema.ts';
import type { Claim, Property } from './claim.ts';
import { addToCorpus, CORPUS_DIR, loadCorpus } from './corpus.ts';
import type { RunSettings } from './profile.ts';

const NO_FAILURE = { counterexample: null, failure: null, shrinks: null, replay: null } as const;
const NO_CORPUS = { replayed: 0, saved: 0 } as const;

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

/** The command that reproduces a failure bit for bit. */
export function replayCommand(claimId: string, run: RunSettings, path: string, answerId?: string): string {
  const answer = answerId && answerId !== 'reference' ? ` --answer ${answerId}` : '';
  return `npx examcheck replay ${claimId}${answer} --profile ${run.profile.name} --seed ${run.seed} --path ${path}`;
}

/**
 * Run the property on one answer: first on the examples (each once, as given), then on the
 * profile's number of generated inputs. The two phases are separate fast-check runs, so a
 * growing corpus never changes which inputs a seed generates, nor the replay path of a failure.
 */
export function trial<A, I>(
  claimId: string,
  prop: Property<A, I>,
  answerId: string,
  answer: A,
  run: RunSettings,
  options: TrialOptions = {},
): Trial {
  const property = fc.property(prop.arbitrary(run.profile), (input) => {
    const why = prop.check(answer, input);
    if (why !== null) throw new PropertyFailure(why);
  });
  const examples = (options.examples ?? []).map((x) => [x as I] as [I]);
  const replayingCorpus = options.path?.startsWith(CORPUS_PATH) ?? false;
  let runs = 0;
  if (examples.length > 0 && (options.path === undefined || replayingCorpus)) {
    const path = replayingCorpus ? options.path!.slice(CORPUS_PATH.length) : undefined;
    const details = fc.check(property, { seed: run.seed, numRuns: examples.length, examples, path });
    if (details.failed) return failedTrial(claimId, run, answerId, details, CORPUS_PATH);
    runs += details.numRuns;
  }
  if (replayingCorpus) return { failed: false, runs, ...NO_FAILURE, path: null };
  const details = fc.check(property, { seed: run.seed, numRuns: run.profile.numRuns, path: options.path, interruptAfterTimeLimit: options.timeLimitMs });
  if (details.failed) return { ...failedTrial(claimId, run, answerId, details, ''), runs: runs + details.numRuns };
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

/** A check's verdict on one input, thrown so fast-check records it with the counterexample. */
export class PropertyFailure extends Error {}

export interface ClaimOptions {
  /** Where the regression corpus is; null runs without one (a test's swapped-in answers). */
  corpusDir?: string | null;
}

export function runClaim(claim: Claim, run: RunSettings, { corpusDir = CORPUS_DIR }: ClaimOptions = {}): ClaimResult {
  const started = performance.now();
  const base = {
    id: claim.id,
    exam: claim.exam,
    source: claim.source ?? null,
    problem: claim.problem,
    part: claim.part ?? null,
    kind: claim.kind,
    statement: claim.statement,
  };
  if (claim.status === 'pending') {
    return { ...base, domain: claim.domain, oracle: null, verdict: 'pending', expected: true, ok: true, runs: 0, ms: 0, ...NO_FAILURE, corpus: NO_CORPUS, wrongAnswers: [], errata: [], findings: [], measurements: [] };
  }
  const measurements = [...(claim.measure?.(run) ?? [])];
  const prop = claim.property;
  if (!prop) {
    const expected = claim.expected === 'discussion';
    const findings = (claim.findings ?? []).map((f) => ({ id: f.id, summary: f.summary, counterexample: f.counterexample ?? null }));
    return { ...base, domain: '', oracle: null, verdict: 'discussion', expected, ok: expected, runs: 0, ms: Math.round(performance.now() - started), ...NO_FAILURE, corpus: NO_CORPUS, wrongAnswers: [], errata: [], findings, measurements };
  }
  const examples = corpusDir === null ? [] : loadCorpus(claim.id, corpusDir).map((e) => e.input);
  const reference = trial(claim.id, prop, prop.reference.id, prop.reference.answer, run, { examples });
  // a finding's counterexamples are expected: only a surprise becomes a regression case
  const saved =
    corpusDir !== null && reference.failed && claim.expected !== 'refuted'
      ? addToCorpus(claim.id, [{ input: reference.counterexample, answer: prop.reference.id, failure: reference.failure!, foundBy: { seed: run.seed, profile: run.profile.name, at: new Date().toISOString() } }], corpusDir)
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
    };
  });
  const verdict = reference.failed ? 'refuted' : 'verified';
  const expected = verdict === claim.expected;
  const ok = expected && wrongAnswers.every((w) => w.refuted) && errata.every((e) => e.asWrittenRefuted && e.correctedVerified);
  return {
    ...base,
    domain: prop.domain,
    oracle: prop.oracle,
    verdict,
    expected,
    ok,
    runs: reference.runs,
    ms: Math.round(performance.now() - started),
    counterexample: reference.counterexample,
    failure: reference.failure,
    shrinks: reference.shrinks,
    replay: reference.replay,
    corpus: { replayed: examples.length, saved },
    wrongAnswers,
    errata,
    findings: (claim.findings ?? []).map((f) => ({ id: f.id, summary: f.summary, counterexample: f.counterexample ?? reference.counterexample })),
    measurements,
  };
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
