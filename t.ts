import { readExam } from './properties/exams.ts';
import { registryOf } from './properties/registry.ts';
import { resolveRun } from './properties/profile.ts';
import { trial } from './properties/run.ts';
import { findRepair, repairLine } from './properties/repairs.ts';
const claims = registryOf([readExam('cli/fixtures/ugrnn')]);
const run = resolveRun({ seed: '1' });
for (const c of claims) {
  if (c.status !== 'built') continue;
  const p = c.property!;
  let t0 = performance.now();
  const t = trial(c.id, p, 'reference', p.reference.answer, run);
  console.log(c.id, t.failed, t.failure, JSON.stringify(t.counterexample), Math.round(performance.now() - t0), 'ms');
  if (t.failed) {
    t0 = performance.now();
    const r = findRepair(p, p.reference.answer, run);
    console.log(repairLine(r!), Math.round(performance.now() - t0), 'ms');
  }
}
