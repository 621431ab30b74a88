/**
 * `npm run verdicts`: the seed exam's verdicts on seeds 1–20 (default profile, corpus off)
 * compared with the table recorded before issue 15 (properties/verdicts.json). Prints each
 * claim's row once if every seed gives the recorded one, else every difference by seed; exits 1
 * on any difference.
 */
import { PROFILES } from '../properties/profile.ts';
import { REGISTRY } from '../properties/registry.ts';
import { runClaim } from '../properties/run.ts';
import { differences, RECORDED, verdictRow } from '../properties/verdicts.ts';

const SEEDS = Array.from({ length: 20 }, (_, k) => k + 1);
const profile = PROFILES.default;
/** The seed exam's claims: the table records them only (the course folders' verdicts are asserted by properties/course.test.ts). */
const SEED_EXAM = REGISTRY.filter((c) => c.exam === 'midterm-practice');

let differing = 0;
const started = performance.now();
for (const claim of SEED_EXAM) {
  const problems: string[] = [];
  for (const seed of SEEDS) {
    const row = verdictRow(runClaim(claim, { profile, seed }, { corpusDir: null }));
    problems.push(...differences(claim.id, row).map((d) => `seed ${seed}: ${d}`));
  }
  const source = claim.source ? `${claim.source.file}:${claim.source.line}` : 'TypeScript';
  if (problems.length === 0) {
    const r = RECORDED.claims[claim.id];
    console.log(`same  ${claim.id.padEnd(16)} ${r.verdict.padEnd(10)} wrong ${r.wrongRefuted.length} refuted, errata [${r.errata.join(', ')}], findings [${r.findings.join(', ')}]  (${source})`);
  } else {
    differing++;
    console.log(`DIFF  ${claim.id.padEnd(16)} (${source})`);
    for (const p of problems) console.log(`      ${p}`);
  }
}
const missing = Object.keys(RECORDED.claims).filter((id) => !SEED_EXAM.some((c) => c.id === id));
for (const id of missing) console.log(`DIFF  ${id}: recorded, but not in the registry`);
console.log(
  `${SEED_EXAM.length - differing} of ${SEED_EXAM.length} claims of the seed exam as recorded on seeds ${SEEDS[0]}–${SEEDS.at(-1)} (profile default, corpus off), ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
process.exitCode = differing > 0 || missing.length > 0 ? 1 : 0;
