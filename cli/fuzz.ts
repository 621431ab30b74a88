/**
 * Budgeted fuzzing (`examcheck fuzz`) and merging of sharded fuzz reports (`examcheck merge`).
 *
 * A fuzz run rotates over the claims in slices of a few dozen examples, each slice with a seed of
 * its own; as the budget is used, slices move from the quick profile to the default and then the
 * nightly one (larger tensors, longer arrays), so every slice stays replayable by name. A budget
 * is wall time (`--budget 45m`, the nightly job's) or a number of examples (`--budget 400runs`:
 * the same examples on any machine, however loaded, which is what tests and bug reports need). A shard
 * i/n takes the slice seeds ≡ i (mod n), so n machines search disjoint seeds of every claim, and
 * starts its rotation (i-1)/n of the way along the claims.
 * Counterexamples go to the corpus the moment they are found; SIGINT and SIGTERM end the run
 * after the slice under way, and the report is written either way.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltClaim, Property } from '../properties/claim.ts';
import { corpusDirOf, saveToCorpus } from '../properties/corpus.ts';
import { UsageError } from '../properties/errors.ts';
import { PROFILES, type Profile, type RunSettings } from '../properties/profile.ts';
import type { ClaimId } from '../properties/registry.ts';
import { claimResult, decide, trial } from '../properties/run.ts';
import { parseResults, resultsOf, type ClaimResult, type Results } from '../reports/schema.ts';

/**
 * Examples per slice, and the longest a slice of a time budget may take: a stop request is
 * honoured within about a second. A count budget's slices are not cut short, so its examples do
 * not depend on the clock (at quick and default sizes a slice takes well under a second).
 */
export const SLICE_RUNS = 40;
const SLICE_MS = 1000;

/** How long a fuzz run searches: `ms` of wall time, or `runs` examples over all its claims. */
export type Budget = { ms: number } | { runs: number };

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new UsageError(`invalid duration "${text}": use a number with ms, s, m or h, e.g. 60s or 2h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

/** `--budget`: a duration (`90s`, `45m`; see parseDuration) or a whole count of examples (`400runs`). */
export function parseBudget(text: string): Budget {
  const runs = /^(\d+)runs$/.exec(text.trim());
  if (runs) return { runs: Number(runs[1]) };
  if (/^\d+(\.\d+)?(ms|s|m|h)$/.test(text.trim())) return { ms: parseDuration(text) };
  throw new UsageError(`invalid budget "${text}": a duration (e.g. 60s, 45m, 2h) or a whole number of examples (e.g. 400runs)`);
}

/** The fraction of a budget used, in [0, 1]: by the clock or by the examples run. */
export const budgetUsed = (budget: Budget, elapsedMs: number, runs: number): number =>
  Math.min(1, 'runs' in budget ? (budget.runs === 0 ? 1 : runs / budget.runs) : budget.ms === 0 ? 1 : elapsedMs / budget.ms);

export function parseShard(text: string | undefined): { index: number; count: number } {
  if (text === undefined) return { index: 1, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`invalid shard "${text}": use i/n with 1 ≤ i ≤ n, e.g. 2/4`);
  return { index, count };
}

/** Quick for the first tenth of the budget, default to four tenths, nightly after. */
const profileAt = (fraction: number): Profile => (fraction < 0.1 ? PROFILES.quick : fraction < 0.4 ? PROFILES.default : PROFILES.nightly);

interface ClaimSearch {
  claim: BuiltClaim<ClaimId>;
  property: Property<unknown, unknown>;
  runs: number;
  slices: number;
  found: ReturnType<typeof trial> | null;
  saved: number;
  lastSliceMs: number;
}

export interface FuzzOptions {
  budget: Budget;
  seed: number;
  shard: { index: number; count: number };
  corpusDir?: string;
  /** Called about once a second with what is done so far. */
  progress?: (elapsedMs: number, searches: readonly ClaimSearch[]) => void;
  /** Asked between slices: true ends the run. */
  stopRequested?: () => boolean;
}

export interface FuzzOutcome {
  results: Results;
  elapsedMs: number;
  interrupted: boolean;
}

const yieldToEvents = () => new Promise((done) => setImmediate(done));

export async function fuzzClaims(claims: readonly BuiltClaim<ClaimId>[], options: FuzzOptions): Promise<FuzzOutcome> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const searches: ClaimSearch[] = claims
    .filter((c) => c.property)
    .map((claim) => ({ claim, property: claim.property!, runs: 0, slices: 0, found: null, saved: 0, lastSliceMs: 0 }));
  let lastProgress = 0;
  let interrupted = false;
  let planned = 0; // examples of the slices started: what a count budget has spent
  // shard i of n starts its rotation i-1 n-ths of the way along, so even a budget too short for a
  // whole round reaches every claim in some shard
  const start = Math.floor(((options.shard.index - 1) * searches.length) / options.shard.count);
  const rotation = [...searches.slice(start), ...searches.slice(0, start)];
  for (let round = 0; rotation.length > 0; round++) {
    for (const s of rotation) {
      const elapsed = performance.now() - started;
      if (options.stopRequested?.()) interrupted = true;
      // a slice is started only if it fits: by its last duration, or by the examples left (the last one shorter)
      const budget = options.budget;
      const sliceRuns = 'runs' in budget ? Math.min(SLICE_RUNS, budget.runs - planned) : SLICE_RUNS;
      const fits = 'runs' in budget ? sliceRuns > 0 : elapsed + s.lastSliceMs <= budget.ms;
      if (interrupted || !fits) return finish();
      const profile = profileAt(budgetUsed(budget, elapsed, planned));
      const run: RunSettings = { profile: { ...profile, numRuns: sliceRuns }, seed: (options.seed + (round * options.shard.count + options.shard.index - 1) * 7919) | 0 };
      const sliceStart = performance.now();
      const t = trial(s.claim.id, s.property, s.property.reference.id, s.property.reference.answer, run, { timeLimitMs: 'ms' in budget ? SLICE_MS : undefined });
      s.lastSliceMs = performance.now() - sliceStart;
      s.runs += t.runs;
      planned += sliceRuns;
      s.slices++;
      // the replay names the profile: a path replays the same case whatever the run count
      if (t.failed) s.found ??= t;
      // a finding's counterexamples are expected: only a surprise becomes a regression case
      // (a draft's claim, of an exam folder outside exams/, keeps none: corpusDirOf)
      const corpusDir = options.corpusDir ?? corpusDirOf(s.claim);
      if (t.failed && s.claim.expected !== 'refuted' && corpusDir !== null) {
        s.saved += saveToCorpus(
          s.claim.id,
          [{ input: t.counterexample, answer: s.property.reference.id, failure: t.failure!, foundBy: { seed: run.seed, profile: profile.name, at: new Date().toISOString() } }],
          corpusDir,
        );
      }
      if (performance.now() - lastProgress > 1000) {
        lastProgress = performance.now();
        options.progress?.(performance.now() - started, searches);
      }
      await yieldToEvents();
    }
  }
  return finish();

  function finish(): FuzzOutcome {
    // a claim's searches add up to one trial of its reference: refuted if any slice found a counterexample
    const claimResults = searches.map((s) =>
      claimResult(s.claim, { reference: { ...(s.found ?? NOT_SEARCHED), runs: s.runs }, corpus: { replayed: 0, saved: s.saved } }),
    );
    const elapsedMs = performance.now() - started;
    return {
      elapsedMs,
      interrupted,
      results: resultsOf({
        seed: options.seed,
        profile: 'nightly',
        startedAt,
        claims: claimResults,
        fuzz: { ...('runs' in options.budget ? { budgetRuns: options.budget.runs } : { budgetMs: options.budget.ms }), elapsedMs: Math.round(elapsedMs), interrupted, shard: `${options.shard.index}/${options.shard.count}` },
      }),
    };
  }
}

/** One line of progress: a bar on a terminal, a plain line in CI logs. */
export function progressLine(elapsedMs: number, budget: Budget, searches: readonly { claim: { id: string; expected: string }; runs: number; found: unknown }[]): string {
  const runs = searches.reduce((n, s) => n + s.runs, 0);
  const fraction = budgetUsed(budget, elapsedMs, runs);
  const used = 'runs' in budget ? `${runs}/${budget.runs} runs` : `${Math.round(elapsedMs / 1000)}s/${Math.round(budget.ms / 1000)}s, ${runs} runs`;
  // a claim expected refuted (a finding) fails by design: only surprises are news
  const found = searches.filter((s) => s.found && s.claim.expected !== 'refuted').map((s) => s.claim.id);
  const bar = `${'#'.repeat(Math.round(fraction * 20)).padEnd(20, '.')}`;
  return `fuzz [${bar}] ${Math.round(fraction * 100)}% ${used}, profile ${profileAt(fraction).name}${found.length ? `, UNEXPECTED failures: ${found.join(', ')}` : ''}`;
}

/**
 * The shards a night's reports do not include, by name ("3/4"): each fuzz report says it is shard
 * i of n, so the n-1 others are known even when one never wrote its report.
 */
export function missingShards(shards: readonly (string | undefined)[]): string[] {
  const counts = new Set(shards.filter((s) => s !== undefined).map((s) => s.split('/')[1]));
  return [...counts].flatMap((n) => Array.from({ length: Number(n) }, (_, i) => `${i + 1}/${n}`)).filter((s) => !shards.includes(s));
}

/** The trial of a claim no shard searched: no input, so its verdict is 'unchecked'. */
const NOT_SEARCHED = { failed: false, runs: 0, counterexample: null, failure: null, shrinks: null, replay: null, path: null };

/**
 * Merge the results.json of several shards: runs add up, a claim refuted in any shard is refuted,
 * verified where some shard ran it and none refuted it, else unchecked. Each file is read with
 * reports/schema.ts's `parseResults` (a field missing or of the wrong type is a UsageError naming
 * it); a folder given twice, or two reports of the same shard, is a UsageError. Every claim of
 * `required` that no report holds is added as unchecked and named in `uncovered`; `missing` names
 * the shards whose report is not among them.
 */
export function mergeResults(
  dirs: readonly string[],
  registryExpected: (id: string) => string,
  required: readonly BuiltClaim<string>[] = [],
): { results: Results; missing: string[]; uncovered: string[] } {
  if (dirs.length === 0) throw new UsageError('merge needs at least one report folder');
  const seen = new Map<string, string>();
  const parts: Results[] = dirs.map((dir) => {
    const file = join(dir, 'results.json');
    let r: Results;
    try {
      r = parseResults(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`cannot merge ${file}: ${(e as Error).message.split('\n')[0]}`);
    }
    for (const key of [`the folder ${realpathSync(dir)}`, ...(r.fuzz ? [`shard ${r.fuzz.shard}`] : [])]) {
      const before = seen.get(key);
      if (before !== undefined) throw new UsageError(`cannot merge ${dir}: ${key} is already merged from ${before}; each report counts once`);
      seen.set(key, dir);
    }
    return r;
  });
  const byId = new Map<string, ClaimResult>();
  for (const c of parts.flatMap((p) => p.claims)) {
    const before = byId.get(c.id);
    if (!before) {
      byId.set(c.id, { ...c });
      continue;
    }
    const both = [before, c];
    const refutedOne = both.find((x) => x.verdict === 'refuted') ?? before;
    byId.set(c.id, {
      ...refutedOne,
      verdict: refutedOne.verdict === 'refuted' ? 'refuted' : both.some((x) => x.verdict === 'verified') ? 'verified' : before.verdict,
      runs: before.runs + c.runs,
      ms: before.ms + c.ms,
      corpus: { replayed: before.corpus.replayed + c.corpus.replayed, saved: before.corpus.saved + c.corpus.saved },
    });
  }
  const uncovered = required.filter((c) => !byId.has(c.id)).map((c) => c.id);
  const claims = [
    // zero runs verify nothing, whatever a report (an older examcheck's) says
    ...[...byId.values()].map((c) => (c.verdict === 'verified' && c.runs === 0 ? { ...c, verdict: 'unchecked' as const } : c)).map((c) => ({ ...c, ...decide(c, registryExpected(c.id)) })),
    ...required.filter((c) => !byId.has(c.id)).map((c) => claimResult(c, { reference: NOT_SEARCHED })),
  ];
  return {
    results: resultsOf({ seed: parts[0].seed, profile: parts[0].profile, startedAt: parts.map((p) => p.startedAt).sort()[0], claims, merged: dirs.length }),
    missing: missingShards(parts.map((p) => p.fuzz?.shard)),
    uncovered,
  };
}
