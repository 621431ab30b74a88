import { PROFILES } from '../properties/profile.ts';
import { claimById } from '../properties/registry.ts';
import { runClaim } from '../properties/run.ts';
import { verdictRow } from '../properties/verdicts.ts';
for (const id of process.argv.slice(2)) {
  for (const seed of [1, 2, 3]) {
    const t0 = performance.now();
    const r = runClaim(claimById(id), { profile: PROFILES.default, seed }, { corpusDir: null });
    console.log(id, seed, JSON.stringify(verdictRow(r)), r.failure, Math.round(performance.now() - t0), 'ms');
    for (const w of r.wrongAnswers) console.log('   ', w.id, w.refuted, w.failure, JSON.stringify(w.counterexample).slice(0, 200));
  }
}
