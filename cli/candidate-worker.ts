/**
 * Runs in a child process (cli/candidate.ts starts it with a heap limit and watches its time and
 * memory): loads a candidate module, reads the claim's answer from it, runs the claim's property
 * with it in place of the reference, and sends the outcome to the parent over IPC.
 */
import { pathToFileURL } from 'node:url';
import { resolveRun } from '../properties/profile.ts';
import { claimById, type ClaimId } from '../properties/registry.ts';
import { trial } from '../properties/run.ts';
import type { CandidateOutcome } from './candidate.ts';

async function check(claimId: string, modulePath: string, seed: string, profile: string, path: string): Promise<CandidateOutcome> {
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
  const run = resolveRun({ seed, profile });
  return { kind: 'checked', trial: trial(claim.id, prop, 'candidate', answer, run, { path: path || undefined }), seed: run.seed, profile: run.profile.name };
}

const [claimId, modulePath, seed, profile, path] = process.argv.slice(2);
const outcome = await check(claimId, modulePath, seed, profile, path);
process.send!(outcome, undefined, undefined, () => process.exit(0));
