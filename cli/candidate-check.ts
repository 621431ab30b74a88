/**
 * A candidate module checked against a claim: load it, read the claim's answer from it, and run
 * the claim's property with it in place of the reference. The worker process runs this under
 * time and memory limits (cli/candidate.ts); the tests call it directly, since isolation is
 * tested on its own.
 */
import { pathToFileURL } from 'node:url';
import { InternalError } from '../properties/errors.ts';
import { resolveRun } from '../properties/profile.ts';
import { claimById, type ClaimId } from '../properties/registry.ts';
import { trial } from '../properties/run.ts';
import type { CandidateOutcome } from './candidate.ts';

export interface CandidateOptions {
  seed?: string;
  profile?: string;
  /** A replay path: run the one case it names. */
  path?: string;
}

export async function checkCandidate(claimId: string, modulePath: string, options: CandidateOptions): Promise<CandidateOutcome> {
  const claim = claimById(claimId as ClaimId);
  const prop = claim.status === 'built' ? claim.property : undefined;
  const iface = prop?.candidate;
  if (!prop || !iface) return { kind: 'unusable', reason: `${claimId} takes no candidate module` };
  let exported: Record<string, unknown>;
  try {
    exported = await import(pathToFileURL(modulePath).href);
  } catch (e) {
    return { kind: 'unusable', reason: `the module does not load: ${(e as Error).message.split('\n')[0]}` };
  }
  const value = exported.default ?? exported[iface.exportName];
  const answer = value === undefined ? { wrongShape: `it exports neither a default nor "${iface.exportName}"` } : iface.accept(value);
  if (answer && typeof answer === 'object' && 'wrongShape' in answer) {
    return { kind: 'unusable', reason: `the module exports the wrong shape: ${answer.wrongShape}; ${claimId} needs ${iface.description}` };
  }
  const run = resolveRun({ seed: options.seed || undefined, profile: options.profile || undefined });
  try {
    return { kind: 'checked', trial: trial(claim.id, prop, 'candidate', answer, run, { path: options.path || undefined }), seed: run.seed, profile: run.profile.name };
  } catch (e) {
    // examcheck's own failure, not the candidate's: reported as such, never as a refutation
    if (e instanceof InternalError) return { kind: 'unusable', reason: e.message };
    throw e;
  }
}
