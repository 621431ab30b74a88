import { loadExams } from './properties/exams.ts';
import { registryOf } from './properties/registry.ts';
import { resolveRun } from './properties/profile.ts';
import { runClaim } from './properties/run.ts';
import { repairLine } from './reports/repair.ts';
const claims = registryOf(loadExams('/tmp/ce-course/exams')).filter((c) => /p4a|p5/.test(c.id));
const run = resolveRun({ seed: '1' });
for (const c of claims) {
  const t0 = performance.now();
  const r = runClaim(c, run, { corpusDir: null });
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${c.id} ${r.verdict} ${Math.round(performance.now() - t0)}ms`);
  if (r.verdict === 'refuted') console.log('   ', (r.failure ?? '').slice(0, 200), '\n    witness', JSON.stringify(r.counterexample).slice(0, 300));
  if (r.repair) console.log('    ', repairLine(r.repair, null, r.source?.file));
}
