import type { BuiltClaim } from './claim.ts';
import { claimById, type ClaimId } from './registry.ts';

/**
 * The claim with one of its wrong answers swapped in as the reference: how the tests show what a
 * broken reference does to a run, its report, its corpus and its replay command.
 */
export function withWrongReference(id: ClaimId, wrongId: string): BuiltClaim<ClaimId> {
  const claim = claimById(id);
  const wrong = claim.status === 'built' ? claim.property?.wrongAnswers.find((w) => w.id === wrongId) : undefined;
  if (claim.status !== 'built' || !claim.property || !wrong) throw new Error(`${id} has no wrong answer ${wrongId}`);
  return { ...claim, property: { ...claim.property, reference: wrong } };
}
