/**
 * `npm run power`: detection power of every refutation a profile promises — each wrong answer,
 * each erratum's as-written reading, and the exam's answer where a finding expects it refuted —
 * measured two ways over many seeds of a profile:
 * - per seed, as `check` runs it: the fraction of seeds on which the answer is refuted, the
 *   median and worst number of runs to the first failure, and the median time to find and shrink;
 * - per generated input: every input the profile's runs generate for a seed (`fc.sample` with the
 *   seed and the profile's run count: the inputs `check` would try) is checked against every
 *   answer. fast-check biases run k toward small and edge values with frequency
 *   2 + ⌊log₁₀(k + 1)⌋ (its `runIdToFrequency`), so inputs are pooled by that class: runs 1–9,
 *   10–99, 100–999, … Within a class the runs of a seed are independent draws, so with p_c the
 *   refuting fraction of class c and n_c the profile's runs in it, a seed misses the answer with
 *   probability Π_c (1 − p_c)^{n_c}. The bound reported is that product with each p_c replaced by
 *   its lower confidence bound p̂_c − √(ln(1/α)/(2N_c)) (Hoeffding, α = 10⁻³ per class, N_c the
 *   inputs sampled in it). The promise is a miss probability ≤ 10⁻⁹ per answer and seed; each
 *   row also says how many runs of the last class would reach it.
 * The corrected readings of errata are checked on the same inputs and must never be refuted.
 * Writes JSON to stdout and to reports/out/power.json, which every report written later shows as
 * its detection-power section; a markdown table to stderr. Exits 1 when a promise is not met.
 * Options: --seeds N (default 200), --profile P, --claim ID (repeatable; then nothing is kept),
 * --first-seed S.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import type { BuiltClaim } from '../properties/claim.ts';
import { resolveRun } from '../properties/profile.ts';
import { REGISTRY } from '../properties/registry.ts';
import { checkOnce, runsOf, trial } from '../properties/run.ts';
import { powerFile, renderPowerMarkdown } from '../reports/power.ts';
import type { PowerResults } from '../reports/schema.ts';
import { REPORTS_OUT } from '../reports/write.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '200' },
    profile: { type: 'string', default: 'default' },
    claim: { type: 'string', multiple: true },
    'first-seed': { type: 'string', default: '1' },
  },
});
const { profile } = resolveRun({ profile: values.profile, seed: values['first-seed'] });
const seeds = Array.from({ length: Number(values.seeds) }, (_, k) => Number(values['first-seed']) + k);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;

/** The promise: a refutation is missed on at most this fraction of seeds. */
const MISS = 1e-9;
/** Confidence of each class's lower bound. */
const ALPHA = 1e-3;

/** fast-check's bias class of run k (0-based): its `runIdToFrequency`. */
const biasClass = (k: number) => 2 + Math.floor(Math.log10(k + 1));

/** Per-input counts of one answer, by bias class: refuting inputs and inputs sampled. */
type Counts = Map<number, { refuted: number; inputs: number }>;

/** ln of the per-seed miss probability's upper bound, from the counts and the profile's runs per class. */
function lnMiss(counts: Counts, runs: number): number {
  let ln = 0;
  for (let k = 0; k < runs; k++) {
    const c = counts.get(biasClass(k))!;
    const low = Math.max(0, c.refuted / c.inputs - Math.sqrt(Math.log(1 / ALPHA) / (2 * c.inputs)));
    ln += Math.log1p(-low);
  }
  return ln;
}

/** The runs that bring the miss bound to MISS: the profile's, or more of its last class (null when that class's bound is 0). */
function runsNeeded(counts: Counts, runs: number): number | null {
  const short = Math.log(MISS) - lnMiss(counts, runs);
  if (short >= 0) return runs;
  const last = counts.get(biasClass(runs - 1))!;
  const low = last.refuted / last.inputs - Math.sqrt(Math.log(1 / ALPHA) / (2 * last.inputs));
  return low <= 0 ? null : runs + Math.ceil(short / Math.log1p(-low));
}

type Promised = { id: string; answer: unknown; refute: boolean };

/** The answers whose verdict the profile promises: refuted (wrong answers, as-written readings, an expected-refuted reference) or never refuted (corrected readings). */
function promised(claim: BuiltClaim<string>): Promised[] {
  const prop = claim.property!;
  return [
    ...(claim.expected === 'refuted' ? [{ id: prop.reference.id, answer: prop.reference.answer, refute: true }] : []),
    ...prop.wrongAnswers.map((w) => ({ id: w.id, answer: w.answer, refute: true })),
    ...(prop.errata ?? []).flatMap((e) => [
      { id: `${e.id}:as-written`, answer: e.literal, refute: true },
      { id: `${e.id}:corrected`, answer: e.fixed, refute: false },
    ]),
  ];
}

const rows: PowerResults['wrongAnswers'] = [];
const falseRefutations: string[] = [];
for (const claim of REGISTRY) {
  if (claim.status !== 'built' || !claim.property || (values.claim && !values.claim.includes(claim.id))) continue;
  const prop = claim.property;
  const answers = promised(claim);
  const counts = answers.map((): Counts => new Map());
  const numRuns = runsOf(prop, profile);
  for (const seed of seeds) {
    const inputs = fc.sample(prop.arbitrary(profile), { seed, numRuns });
    inputs.forEach((input, k) => {
      answers.forEach((a, i) => {
        const c = counts[i].get(biasClass(k)) ?? { refuted: 0, inputs: 0 };
        counts[i].set(biasClass(k), c);
        c.inputs++;
        const why = checkOnce(claim.id, prop, a.answer, input);
        if (why !== null) c.refuted++;
        if (why !== null && !a.refute) falseRefutations.push(`${claim.id} ${a.id} refuted at seed ${seed}, run ${k + 1}: ${why}`);
      });
    });
  }
  answers.forEach((a, i) => {
    if (!a.refute) return;
    const runs: number[] = [];
    const ms: number[] = [];
    const survivedSeeds: number[] = [];
    for (const seed of seeds) {
      const started = performance.now();
      const t = trial(claim.id, prop, a.id, a.answer, { profile, seed });
      ms.push(performance.now() - started);
      if (t.failed) runs.push(t.runs);
      else survivedSeeds.push(seed);
    }
    const all = [...counts[i].values()].reduce((s, c) => ({ refuted: s.refuted + c.refuted, inputs: s.inputs + c.inputs }), { refuted: 0, inputs: 0 });
    rows.push({
      claim: claim.id,
      wrongAnswer: a.id,
      refutedFraction: runs.length / seeds.length,
      survivedSeeds,
      medianRunsToFailure: median(runs),
      worstRunsToFailure: runs.length ? Math.max(...runs) : null,
      medianShrinkMs: Math.round(10 * (median(ms) ?? 0)) / 10,
      worstShrinkMs: Math.round(Math.max(...ms)),
      inputsRefuting: all.refuted / all.inputs,
      missBound: Math.exp(lnMiss(counts[i], numRuns)),
      runsNeeded: runsNeeded(counts[i], numRuns),
    });
  });
}
const out: PowerResults = {
  measuredAt: new Date().toISOString(),
  profile: profile.name,
  seeds: seeds.length,
  firstSeed: seeds[0],
  allRefutedOnEverySeed: rows.every((r) => r.refutedFraction === 1),
  missTarget: MISS,
  wrongAnswers: rows,
  falseRefutations,
};
mkdirSync(REPORTS_OUT, { recursive: true });
// a run limited to some claims is printed, not kept: the report's section covers every claim
if (!values.claim) writeFileSync(powerFile(REPORTS_OUT), `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
console.error(renderPowerMarkdown(out));
process.exitCode = out.allRefutedOnEverySeed && rows.every((r) => r.missBound! <= MISS) && falseRefutations.length === 0 ? 0 : 1;
