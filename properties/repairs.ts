/**
 * The smallest repair of a refuted answer (DESIGN.md §2, "Reporting a failure"): the property's
 * one-edit changes of the answer (`Property.repairs`, enumerated by oracles/repair.ts in a
 * grader's order: an index, a sign, a factor, a `.grad`, a term), each verified by the property's
 * own check on fresh seeds; the first that holds is the repair. What a grader writes in the margin.
 *
 * A candidate is screened on SCREEN_RUNS examples of the first fresh seed (a wrong edit almost
 * always fails on its first), then must hold on the profile's number of examples on each of
 * FRESH_SEEDS seeds, none of them the run's, with no shrinking anywhere (only the verdict
 * matters). An example on which the claim says nothing (NoValue) counts for nothing, and a
 * candidate with no example checked is not verified. Anything the check throws refutes the
 * candidate: an edit can break what the unedited answer could do.
 */
import fc from 'fast-check';
import type { RepairResult } from './results.ts';
import type { Property } from './claim.ts';
import type { RunSettings } from './profile.ts';
import { NoValue } from './errors.ts';

/** Seeds a candidate must hold on, each the profile's number of examples. */
export const FRESH_SEEDS = 2;
const SCREEN_RUNS = 10;

/** The k-th fresh seed of a run: the golden-ratio step from its seed, never the seed itself. */
const freshSeed = (seed: number, k: number) => (seed + (k + 1) * 0x9e3779b9) | 0;

/** Whether the answer satisfies the property on `numRuns` examples of `seed` (and said something on one). */
function holdsOn<A, I>(prop: Property<A, I>, answer: A, seed: number, numRuns: number, run: RunSettings): boolean {
  let checked = 0;
  const details = fc.check(
    fc.property(prop.arbitrary(run.profile), (x) => {
      try {
        const reason = prop.check(answer, x);
        checked++;
        return reason === null;
      } catch (e) {
        if (e instanceof NoValue) return true;
        return false;
      }
    }),
    { seed, numRuns, endOnFailure: true },
  );
  return !details.failed && checked > 0;
}

/** Whether a candidate answer is verified: screened, then on every fresh seed. */
export function verified<A, I>(prop: Property<A, I>, answer: A, run: RunSettings): boolean {
  if (!holdsOn(prop, answer, freshSeed(run.seed, 0), SCREEN_RUNS, run)) return false;
  for (let k = 0; k < FRESH_SEEDS; k++) if (!holdsOn(prop, answer, freshSeed(run.seed, k), run.profile.numRuns, run)) return false;
  return true;
}

/**
 * The smallest repair of `answer` (refuted by `prop`): the first of the property's candidates that
 * is verified, or how many were tried. Null where the property proposes no edit (not a program
 * or formula claim, or an answer that does not parse).
 */
export function findRepair<A, I>(prop: Property<A, I>, answer: A, run: RunSettings): RepairResult | null {
  if (!prop.repairs) return null;
  let tried = 0;
  for (const c of prop.repairs(answer)) {
    tried++;
    if (verified(prop, c.answer, run)) return { found: true, kind: c.kind, line: c.line, from: c.from, to: c.to, tried };
  }
  return tried === 0 ? null : { found: false, tried };
}
