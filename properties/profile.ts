/**
 * Profiles and seeds: the one place that decides how hard a run searches and from where. Both the
 * vitest setup and the CLI call `resolveRun`, so `npx vitest run` and `npx examcheck check` run
 * the same examples for the same seed.
 */
import fc from 'fast-check';
import { UsageError } from './errors.ts';

export interface Profile {
  readonly name: 'quick' | 'default' | 'nightly';
  /** Examples per property. */
  readonly numRuns: number;
  /** Largest extent of any tensor axis. */
  readonly maxDim: number;
  /** fast-check's size: how long generated arrays grow. */
  readonly size: fc.Size;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  quick: { name: 'quick', numRuns: 30, maxDim: 3, size: 'small' },
  default: { name: 'default', numRuns: 100, maxDim: 4, size: 'small' },
  nightly: { name: 'nightly', numRuns: 2000, maxDim: 8, size: 'medium' },
};

export function parseProfile(name: string | undefined): Profile {
  if (name === undefined || name === '') return PROFILES.default;
  const profile = PROFILES[name as Profile['name']];
  if (!profile) throw new UsageError(`unknown profile "${name}": use one of ${Object.keys(PROFILES).join(', ')}`);
  return profile;
}

/** A seed is a 32-bit integer, as fast-check takes it. */
export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text)) || Math.abs(Number(text)) > 2 ** 31 - 1) {
    throw new UsageError(`invalid seed "${text}": a seed is an integer between -2147483647 and 2147483647`);
  }
  return Number(text);
}

export const randomSeed = (): number => (Date.now() ^ (process.pid << 16)) | 0;

export interface RunSettings {
  readonly profile: Profile;
  readonly seed: number;
}

/** Options win over the environment (EXAMCHECK_PROFILE, EXAMCHECK_SEED); a missing seed is drawn. */
export function resolveRun(options: { profile?: string; seed?: string } = {}, env = process.env): RunSettings {
  const profile = parseProfile(options.profile ?? env.EXAMCHECK_PROFILE);
  const seed = parseSeed(options.seed ?? env.EXAMCHECK_SEED) ?? randomSeed();
  fc.configureGlobal({ seed, numRuns: profile.numRuns, baseSize: profile.size });
  return { profile, seed };
}

export const describeRun = (run: RunSettings): string => `examcheck: profile ${run.profile.name}, seed ${run.seed}`;
