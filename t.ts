import fc from 'fast-check';
import { readExam } from './properties/exams.ts';
import { registryOf } from './properties/registry.ts';
import { PROFILES } from './properties/profile.ts';
const claims = registryOf([readExam('properties/fixtures/backprop')]) as any[];
const KINDS = new Set(['index', 'sign', 'factor', 'grad']);
for (const id of ['softmax.backward', 'linear.backward', 'ugrnn.backward']) {
  const c0 = process.cpuUsage();
  const prop = claims.find((c) => c.id === id).property;
  const examples = fc.sample(prop.arbitrary({ ...PROFILES.quick, maxDim: 2 }), { seed: 5, numRuns: 400 }).filter((x: any) => Object.values(x.sizes).every((n) => n === 2)).slice(0, 8);
  let n = 0;
  for (const m of prop.repairs(prop.reference.answer)) {
    if (!KINDS.has(m.kind)) continue; n++;
    for (const x of examples) if (prop.check(m.answer, x) !== null) break;
  }
  const c = process.cpuUsage(c0);
  console.log(id, n, Math.round((c.user + c.system) / 1000), 'ms cpu');
}
