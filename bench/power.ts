/**
 * `npm run power`: detection power of every wrong-answer catalog. For each wrong answer of each
 * built claim, over many seeds of a profile: the fraction of seeds on which it is refuted, the
 * median and worst number of runs to the first failure, and the median time to find and shrink.
 * Writes JSON to stdout and to reports/out/power.json, which every report written later shows as
 * its detection-power section; a markdown table to stderr. Options: --seeds N (default 200),
 * --profile P, --claim ID (repeatable; then nothing is kept), --first-seed S.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseProfile } from '../properties/profile.ts';
import { REGISTRY } from '../properties/registry.ts';
import { trial } from '../properties/run.ts';
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
const profile = parseProfile(values.profile);
const seeds = Array.from({ length: Number(values.seeds) }, (_, k) => Number(values['first-seed']) + k);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;

const rows = [];
for (const claim of REGISTRY) {
  if (claim.status !== 'built' || !claim.property || (values.claim && !values.claim.includes(claim.id))) continue;
  for (const wrong of claim.property.wrongAnswers) {
    const runs: number[] = [];
    const ms: number[] = [];
    const survivedSeeds: number[] = [];
    for (const seed of seeds) {
      const started = performance.now();
      const t = trial(claim.id, claim.property, wrong.id, wrong.answer, { profile, seed });
      ms.push(performance.now() - started);
      if (t.failed) runs.push(t.runs);
      else survivedSeeds.push(seed);
    }
    rows.push({
      claim: claim.id,
      wrongAnswer: wrong.id,
      refutedFraction: runs.length / seeds.length,
      survivedSeeds,
      medianRunsToFailure: median(runs),
      worstRunsToFailure: runs.length ? Math.max(...runs) : null,
      medianShrinkMs: Math.round(10 * (median(ms) ?? 0)) / 10,
      worstShrinkMs: Math.round(Math.max(...ms)),
    });
  }
}
const out: PowerResults = {
  measuredAt: new Date().toISOString(),
  profile: profile.name,
  seeds: seeds.length,
  firstSeed: seeds[0],
  allRefutedOnEverySeed: rows.every((r) => r.refutedFraction === 1),
  wrongAnswers: rows,
};
mkdirSync(REPORTS_OUT, { recursive: true });
// a run limited to some claims is printed, not kept: the report's section covers every claim
if (!values.claim) writeFileSync(powerFile(REPORTS_OUT), `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
console.error(renderPowerMarkdown(out));
