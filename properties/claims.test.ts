/**
 * Every claim of the registry, as the CLI runs it: built claims are verified on the reference,
 * every wrong answer is refuted, every erratum's literal reading refuted and its corrected
 * reading verified; claims not built are listed as pending, never as passing.
 */
import { describe, expect, test } from 'vitest';
import { resolveRun } from './profile.ts';
import { REGISTRY } from './registry.ts';
import { trial } from './run.ts';

const run = resolveRun();

for (const claim of REGISTRY) {
  describe(claim.id, () => {
    if (claim.status === 'pending') {
      test('is reported as pending until it is built', () => {
        expect(claim.status).toBe('pending');
      });
      return;
    }
    const prop = claim.property;
    if (claim.measure) {
      test('its measurements are computed, and the same for the same seed', () => {
        const first = claim.measure!(run);
        expect(first.length).toBeGreaterThan(0);
        expect(claim.measure!(run)).toEqual(first);
      });
    }
    if (!prop) {
      test('with no property, it is reported as discussion', () => expect(claim.expected).toBe('discussion'));
      return;
    }
    test(`reference is ${claim.expected}`, () => {
      const t = trial(claim.id, prop, prop.reference.id, prop.reference.answer, run);
      expect(t.failed ? 'refuted' : 'verified', `${t.failure}\ncounterexample: ${JSON.stringify(t.counterexample)}\nreplay: ${t.replay}`).toBe(claim.expected);
    });
    for (const wrong of prop.wrongAnswers) {
      test(`refutes wrong answer ${wrong.id}`, () => {
        const t = trial(claim.id, prop, wrong.id, wrong.answer, run);
        expect(t.failed, `${wrong.description} survived ${t.runs} runs: the property is too weak`).toBe(true);
      });
    }
    for (const erratum of prop.errata ?? []) {
      test(`erratum ${erratum.id}: as written refuted, corrected verified`, () => {
        expect(trial(claim.id, prop, erratum.id, erratum.literal, run).failed).toBe(true);
        expect(trial(claim.id, prop, erratum.id, erratum.fixed, run).failed).toBe(false);
      });
    }
  });
}
