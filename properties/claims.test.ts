/**
 * Every claim of the registry, run as `examcheck check` runs it (corpus first, then generated
 * inputs): built claims are verified on the reference, every wrong answer is refuted, every
 * erratum's literal reading refuted and its corrected reading verified; claims not built are
 * pending, never passing; the seed exam's claims give the rows recorded before issue 15 (the
 * claims moved into claim files must come out the same). Each claim's result goes to the
 * examcheck reporter through the meta of its first test, so `npx vitest run` writes the report
 * `examcheck check` writes for these claims (the course's, run in course.test.ts at a small run
 * count, are not in it: `npx examcheck check` reports every claim).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClaimResult } from '../reports/schema.ts';
import { resolveRun } from './profile.ts';
import { REGISTRY, SEED_EXAM } from './registry.ts';
import { expectedVerdict, runClaim } from './run.ts';
import { differences, verdictRow } from './verdicts.ts';

const run = resolveRun();

// the course's problem sets (exams/course-*) run in properties/course.test.ts, once each at a small
// run count: at this file's profile their 50-digit softmax checks would add seconds to npm test
for (const claim of REGISTRY.filter((c) => !c.exam.startsWith('course-'))) {
  describe(claim.id, () => {
    let result: ClaimResult;
    beforeAll(() => {
      result = runClaim(claim, run);
    });

    test(`has the verdict the registry expects`, ({ task }) => {
      task.meta.examcheck = result;
      const why = `${result.failure}\ncounterexample: ${JSON.stringify(result.counterexample)}\nreplay: ${result.replay}`;
      expect(result.verdict, why).toBe(expectedVerdict(claim));
      expect(result.expected, why).toBe(true);
    });

    if (claim.exam === SEED_EXAM) {
      test('its verdict, wrong answers refuted, errata and findings are those recorded before issue 15 (properties/verdicts.json)', () => {
        expect(differences(claim.id, verdictRow(result))).toEqual([]);
      });
    }

    if (claim.status === 'pending') return;
    if (claim.property) {
      test('its property has a catalog of wrong answers to refute (a property that cannot fail is a defect)', () => {
        expect(claim.property!.wrongAnswers.length).toBeGreaterThan(0);
      });
    }
    for (const wrong of claim.property?.wrongAnswers ?? []) {
      test(`refutes wrong answer ${wrong.id}`, () => {
        const w = result.wrongAnswers.find((r) => r.id === wrong.id)!;
        expect(w.refuted, `${wrong.description} survived: the property is too weak`).toBe(true);
      });
    }
    for (const erratum of claim.property?.errata ?? []) {
      test(`erratum ${erratum.id}: as written refuted, corrected verified`, () => {
        const e = result.errata.find((r) => r.id === erratum.id)!;
        expect({ asWrittenRefuted: e.asWrittenRefuted, correctedVerified: e.correctedVerified }).toEqual({ asWrittenRefuted: true, correctedVerified: true });
      });
    }
    if (claim.measure) {
      test('its measurements are computed, and the same for the same seed', () => {
        expect(result.measurements.length).toBeGreaterThan(0);
        expect(claim.measure!(run)).toEqual(result.measurements);
      });
    }
    // Problem 2's tuning tables, read from this run's measurements rather than computed a third time
    // in properties/p2.test.ts (each computation takes seconds)
    if (claim.id === 'P2.tuning') {
      test('both measurements have a row per problem (4 condition numbers × 3 noise levels)', () => {
        const [nearSgd, conjugacy] = result.measurements;
        expect(nearSgd.table!.rows).toHaveLength(12);
        expect(conjugacy.table!.rows).toHaveLength(12);
      });
      test('without noise at κ = 1000 the best η′ for μ = 0.9 is well above SGD’s best η (the regime where the expectation fails)', () => {
        const row = result.measurements[0].table!.rows.find((r) => r[0] === 1000 && r[1] === 0)!;
        expect(row[3] as number).toBeGreaterThan(2);
      });
    }
  });
}
