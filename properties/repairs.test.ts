/**
 * Repairs and witnesses on the fixture exam (properties/fixtures/backprop: right backwards of a
 * softmax, a linear layer and a UGRNN; the UGRNN answer as the course published it; a multiply
 * count without its batch): the repair of each refuted answer, "no repair" said plainly, every
 * one-token mutant of the right answers refuted (or shown to be right), and witnesses of the
 * smallest extents with values among 0, ±1, ±2.
 */
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GradientCase } from '../oracles/checks/gradient.ts';
import { repairLine } from '../reports/repair.ts';
import type { BuiltClaim, Property } from './claim.ts';
import { readExam } from './exams.ts';
import { PROFILES, resolveRun } from './profile.ts';
import { registryOf } from './registry.ts';
import { findRepair, verified } from './repairs.ts';
import { runClaim, trial } from './run.ts';

const FIXTURE = fileURLToPath(new URL('fixtures/backprop', import.meta.url));
const claims = registryOf([readExam(FIXTURE)]) as BuiltClaim<string>[];
const claim = (id: string) => claims.find((c) => c.id === id)!;
const run = resolveRun({ seed: '17', profile: 'quick' });
const text = (id: string) => claim(id).property!.reference.answer as string;
/** The claim file with the first occurrence of `from` replaced (the `backward` program comes first in each file). */
const edited = (id: string, from: string, to: string) => {
  expect(text(id)).toContain(from);
  return text(id).replace(from, to);
};

const SIMPLE = [0, 1, -1, 2, -2];
const values = (x: GradientCase) => [...Object.values(x.values), ...Object.values(x.outGrad), ...Object.values(x.gradsBefore)].flat();

describe('repairs', () => {
  it('the UGRNN backward as published: line 2 fails, repaired by h.grad[b, j] → h.grad[b, i], on a witness J = 2 and nothing larger', () => {
    const result = runClaim(claim('ugrnn.published'), run, { corpusDir: null, repair: true });
    expect(result.verdict).toBe('refuted');
    expect(result.repair).toMatchObject({ found: true, kind: 'index', line: 25, from: 'h.grad[b, j]', to: 'h.grad[b, i]' });
    expect(repairLine(result.repair!, result.failure, result.source!.file)).toMatch(/^properties\/fixtures\/backprop\/ugrnn\.claims:25 fails: h\.grad\[1, \d\]: .*; repair: h\.grad\[b, j\] → h\.grad\[b, i\] \(index, verified on fresh seeds\)$/);
    const x = result.counterexample as GradientCase;
    expect(x.sizes).toEqual({ NB: 1, J: 2, K: 1 });
    expect(values(x).every((v) => SIMPLE.includes(v))).toBe(true);
  });

  it('a count without its batch: repaired by the factor NB; a count two edits away: no repair, said plainly', () => {
    const result = runClaim(claim('conv.multiplies'), run, { corpusDir: null, repair: true });
    expect(result.repair).toMatchObject({ found: true, kind: 'factor', line: 21, from: 'X * Y * DX * DY * O * I', to: 'NB * (X * Y * DX * DY * O * I)' });
    const prop = claim('conv.multiplies').property!;
    const none = findRepair(prop, edited('conv.multiplies', 'answer: X*Y*DX*DY*O*I', 'answer: X*Y*O*I'), run);
    expect(none).toEqual({ found: false, tried: expect.any(Number) });
    expect(repairLine(none!, null)).toBe(`no repair found among ${none!.tried} edits tried (an index, a sign, a factor, a .grad, a term)`);
    expect(none!.tried).toBeGreaterThan(20);
  });

  it('a right answer proposes edits, but none is needed: check reports no repair for a verified claim', () => {
    expect(runClaim(claim('linear.backward'), run, { corpusDir: null, repair: true }).repair).toBeUndefined();
    // and a run that does not ask for repairs searches none
    expect(runClaim(claim('ugrnn.published'), run, { corpusDir: null }).repair).toBeUndefined();
  });
});

describe('mutants of three right backprop answers (softmax through e[b], a linear layer, the UGRNN)', () => {
  // every single-token change of an index, a sign or a factor (and a .grad) the repair search proposes
  const KINDS = new Set(['index', 'sign', 'factor', 'grad']);

  it.each(['softmax.backward', 'linear.backward', 'ugrnn.backward'])('%s: each well-formed mutant is refuted on small shapes, or shown to be right', (id) => {
    const prop = claim(id).property! as Property<string, unknown>;
    // every size 2: an index swapped or renamed shows only where two letters take different values
    const examples = fc
      .sample(prop.arbitrary({ ...PROFILES.quick, maxDim: 2 }), { seed: 5, numRuns: 400 })
      .filter((x) => Object.values((x as GradientCase).sizes).every((n) => n === 2))
      .slice(0, 8);
    expect(examples).toHaveLength(8);
    // the candidates are the well-formed ones (oracles/repair.ts leaves out what the lint rejects)
    const mutants = [...prop.repairs!(text(id))].filter((m) => KINDS.has(m.kind));
    expect(mutants.length).toBeGreaterThan(25);
    for (const m of mutants) {
      const refutation = examples.map((x) => prop.check(m.answer, x)).find((r) => r !== null);
      // refuted by the gradient itself (a lint finding would name the claim file's line)
      if (refutation !== undefined) expect(refutation, `${m.from} → ${m.to}`).not.toMatch(/^\S+\.claims:\d+: /);
      else expect(verified(prop, m.answer, run), `${m.from} → ${m.to}`).toBe(true);
    }
  });

  it.each([
    ['ugrnn.backward', 'h.grad[b, i] += W[j, i]', 'h.grad[b, i] += W[i, j]', { NB: 1, J: 2, K: 1 }],
    ['ugrnn.backward', 'W.grad[j, i] += (1/NB) *', 'W.grad[j, i] +=', { NB: 2, J: 1, K: 1 }],
    ['linear.backward', 'c.grad[j] += y.grad[b, j]', 'c.grad[j] -= y.grad[b, j]', { NB: 1, I: 1, J: 1 }],
    ['softmax.backward', '(p.grad[b, j] + e[b])', '(p.grad[b, j] - e[b])', { B: 1, J: 1 }],
  ])('%s with %s → %s: the witness has the smallest extents that show it, values among 0, ±1, ±2', (id, from, to, sizes) => {
    const prop = claim(id).property!;
    const t = trial(id, prop, 'mutant', edited(id, from, to), run);
    expect(t.failed).toBe(true);
    const x = t.counterexample as GradientCase;
    expect(x.sizes).toEqual(sizes);
    expect(values(x).every((v) => SIMPLE.includes(v)), JSON.stringify(x)).toBe(true);
  });
});
