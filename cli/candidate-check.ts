/**
 * A candidate module checked against a claim, in this process, the checker's: the module runs in a
 * process of its own (cli/candidate-process.ts), which receives plain inputs and sends back plain
 * outputs; this process never loads the module, validates each reply's shape and size (the
 * claim's interface, properties/p*.ts) and decides the verdict. It returns after the candidate's
 * process group has been killed.
 */
import { InternalError } from '../properties/errors.ts';
import { resolveRun } from '../properties/profile.ts';
import { claimById, type ClaimId } from '../properties/registry.ts';
import { refute, trial } from '../properties/run.ts';
import type { Ask } from '../properties/claim.ts';
import { CandidateProcess, CannotLoad, type Limits } from './candidate-process.ts';
import type { Trial } from '../reports/schema.ts';

/** A module's outcome: checked (its trial, on this seed and profile), or why it cannot be. */
export type CandidateOutcome =
  | { kind: 'checked'; trial: Trial; seed: number; profile: string }
  | { kind: 'unusable'; reason: string };

export interface CandidateOptions {
  seed?: string;
  profile?: string;
  /** A replay path: run the one case it names. */
  path?: string;
}

/** What the module threw on a request: the answer's error (a refutation, "the answer threw: …"). */
class ModuleThrew extends Error {}

/** The limits when none are given: those of `examcheck candidate`'s defaults. */
export const DEFAULT_LIMITS: Limits = { timeMs: 60_000, memoryMb: 1024 };

/**
 * The claim's verdict on the module at `modulePath` (a claim id from the registry; a module
 * anywhere on disk): checked when its answers were judged (the trial, with the run's seed and
 * profile), unusable with one line when they could not be (it does not load, exports the wrong
 * shape, passed a limit, ended, or examcheck's own check failed). Synchronous: each answer is
 * waited for. Returns after the module's process group is killed.
 */
export function checkCandidate(claimId: string, modulePath: string, options: CandidateOptions, limits: Limits = DEFAULT_LIMITS): CandidateOutcome {
  const claim = claimById(claimId as ClaimId);
  const prop = claim.status === 'built' ? claim.property : undefined;
  const iface = prop?.candidate;
  if (!prop || !iface) return { kind: 'unusable', reason: `${claimId} takes no candidate module` };
  let candidate: CandidateProcess;
  try {
    candidate = new CandidateProcess(modulePath, limits);
  } catch (e) {
    if (e instanceof CannotLoad) return { kind: 'unusable', reason: `the module does not load: ${e.message}` };
    throw e;
  }
  const unusable = (reason: string): CandidateOutcome => ({ kind: 'unusable', reason });
  try {
    // the interface whose export the module has: the claim's own, else the first alternative's
    const interfaces = [iface, ...(iface.alternatives ?? [])];
    let chosen = iface;
    for (const [k, each] of interfaces.entries()) {
      const loaded = candidate.exchange({ load: { url: candidate.url, exportName: each.exportName, protocol: each.protocol, expects: each.expects } });
      if ('threw' in loaded) return unusable(`the module does not load: ${loaded.threw}`);
      const value = 'value' in loaded ? (loaded.value as { wrongShape?: unknown; missing?: unknown } | null) : null;
      if (value?.missing === true && k < interfaces.length - 1) continue;
      if (typeof value?.wrongShape === 'string') {
        const names = interfaces.map((i) => `"${i.exportName}"`).join(' or ');
        const why = value.missing === true && interfaces.length > 1 ? `it exports neither a default nor ${names}` : value.wrongShape;
        return unusable(`the module exports the wrong shape: ${why}; ${claimId} needs ${interfaces.map((i) => i.description).join('; or ')}`);
      }
      chosen = each;
      break;
    }
    const ask: Ask = (request) => {
      const reply = candidate.exchange({ request });
      if ('threw' in reply) throw new ModuleThrew(reply.threw);
      if ('invalid' in reply) refute(reply.invalid);
      return reply.value;
    };
    const run = resolveRun({ seed: options.seed || undefined, profile: options.profile || undefined });
    const t = trial(claim.id, chosen.property ?? prop, 'candidate', chosen.remote(ask), run, { path: options.path || undefined });
    // a limit that stopped the process ends the check, whatever the property made of the calls that followed
    return candidate.stopped !== undefined ? unusable(candidate.stopped) : { kind: 'checked', trial: t, seed: run.seed, profile: run.profile.name };
  } catch (e) {
    if (candidate.stopped !== undefined) return unusable(candidate.stopped);
    // examcheck's own failure, not the candidate's: reported as such, never as a refutation
    if (e instanceof InternalError) return unusable(e.message);
    throw e;
  } finally {
    candidate.close();
  }
}
