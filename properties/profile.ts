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

/**
 * Any integer seed (a GitHub run id past 2³², a timestamp, a negative number, `$RANDOM`) maps into
 * fast-check's 32-bit seed space by one stated map: its low 32 bits in two's complement, i.e.
 * s mod 2³² taken in [−2³¹, 2³¹) (`BigInt.asIntN(32, s)`; exact for integers of any length).
 * Seeds already in that range map to themselves, so older replay commands still replay; e.g.
 * 19876543210 → -1598293270. Replay commands and reports carry the mapped value. Every entry point
 * (check, fuzz, replay, candidate, answer, derive, vitest via EXAMCHECK_SEED) parses seeds here.
 * Throws UsageError (exit 2) on anything but an optionally signed decimal integer.
 */
export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^[-+]?\d+$/.test(text.trim())) throw new UsageError(`invalid seed "${text}": a seed is an integer, e.g. 42 or a run id such as 19876543210`);
  return Number(BigInt.asIntN(32, BigInt(text.trim())));
}

export const randomSeed = (): number => (Date.now() ^ (process.pid << 16)) | 0;

export interface RunSettings {
  readonly profile: Profile;
  /** The seed fast-check runs with: the given one mapped by `parseSeed`. */
  readonly seed: number;
  /** The seed as given, when the map changed it (for the run's first line). */
  readonly givenSeed?: string;
}

/** Options win over the environment (EXAMCHECK_PROFILE, EXAMCHECK_SEED); a missing seed is drawn. */
export function resolveRun(options: { profile?: string; seed?: string } = {}, env = process.env): RunSettings {
  const profile = parseProfile(options.profile ?? env.EXAMCHECK_PROFILE);
  const text = options.seed ?? env.EXAMCHECK_SEED;
  const seed = parseSeed(text) ?? randomSeed();
  fc.configureGlobal({ seed, numRuns: profile.numRuns, baseSize: profile.size });
  return text !== undefined && text !== '' && text.trim().replace(/^\+/, '') !== String(seed) ? { profile, seed, givenSeed: text.trim() } : { profile, seed };
}

/** "seed 42", or "seed 19876543210 → -1598293270" when the seed was mapped. */
export const describeSeed = (run: RunSettings): string => `seed ${run.givenSeed === undefined ? '' : `${run.givenSeed} → `}${run.seed}`;

/** "examcheck: profile default, seed 42" (see describeSeed). */
export const describeRun = (run: RunSettings): string => `examcheck: profile ${run.profile.name}, ${describeSeed(run)}`;
