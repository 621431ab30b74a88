/**
 * The regression corpus: counterexamples found by any run, one JSON file per claim under
 * properties/corpus/, committed, and replayed before anything is generated in every later run.
 *
 * Writes are atomic (a temporary file renamed over the old one) and serialised by a lock file
 * that names its holder (pid and the process's start time), so two runs saving at once both keep
 * what they found, and a lock left by a killed run is taken over at once. A corrupt file, or an
 * entry whose input is not of the shape the claim's generator makes, is an error naming the file
 * (and the entry): it is never ignored, overwritten, or replayed as a refutation.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import fc from 'fast-check';
import type { Property } from './claim.ts';
import { CorpusError } from './errors.ts';
import { PROFILES } from './profile.ts';

/** properties/corpus/, or EXAMCHECK_CORPUS where a run keeps its own (a fuzzing shard, a test). */
export const CORPUS_DIR = process.env.EXAMCHECK_CORPUS || join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const SCHEMA = 1;

/** The repository's root: a claim file's source is named relative to it (properties/exams.ts). */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The corpus a claim's run replays and saves to: EXAMCHECK_CORPUS where it is set; else the
 * committed corpus (properties/corpus/) for the repository's own claims (a TypeScript claim, or a
 * claim file under its exams/); else none (null): a claim of an exam folder elsewhere
 * (EXAMCHECK_EXAMS, a draft) neither reads nor writes a corpus, since its ids and its examples'
 * shapes are its own and change as it is written.
 */
export function corpusDirOf(claim: { readonly source?: { readonly file: string } }, corpusEnv = process.env.EXAMCHECK_CORPUS): string | null {
  if (corpusEnv) return corpusEnv;
  if (!claim.source) return CORPUS_DIR;
  const inside = relative(join(ROOT, 'exams'), resolve(ROOT, claim.source.file));
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? CORPUS_DIR : null;
}

export interface CorpusEntry {
  /** The input, as the claim's generator produces it. */
  input: unknown;
  /** Which answer it refuted ('reference' for the exam's answer). */
  answer: string;
  failure: string;
  foundBy: { seed: number; profile: string; at: string };
}

interface CorpusFile {
  schema: typeof SCHEMA;
  claim: string;
  entries: CorpusEntry[];
}

export const corpusPath = (claimId: string, dir = CORPUS_DIR): string => join(dir, `${claimId}.json`);

function parseCorpus(path: string, claimId: string, text: string): CorpusEntry[] {
  let data: CorpusFile;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CorpusError(`corrupt corpus file ${path}: ${(e as Error).message}`);
  }
  const entriesOk =
    Array.isArray(data?.entries) &&
    data.entries.every((e) => e && typeof e === 'object' && 'input' in e && typeof e.answer === 'string' && typeof e.failure === 'string');
  if (data?.schema !== SCHEMA || data.claim !== claimId || !entriesOk) {
    throw new CorpusError(`corrupt corpus file ${path}: expected {"schema": ${SCHEMA}, "claim": "${claimId}", "entries": [{input, answer, failure, foundBy}]}`);
  }
  return data.entries;
}

/** The claim's saved counterexamples, oldest first; none when it has no file yet. */
export function loadCorpus(claimId: string, dir = CORPUS_DIR): CorpusEntry[] {
  const path = corpusPath(claimId, dir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CorpusError(`cannot read corpus file ${path}: ${(e as Error).message}`);
  }
  return parseCorpus(path, claimId, text);
}

/**
 * The JSON shape of a generator's inputs, learnt from its samples (of every profile, after a JSON
 * round trip, as the corpus stores them): at each place in the input, which JSON kinds occur, the
 * shape of array items, and each object key with how many of the objects there had it.
 */
interface Skeleton {
  kinds: Set<string>;
  items?: Skeleton;
  objects: number;
  keys: Map<string, { shape: Skeleton; seen: number }>;
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function learn(s: Skeleton | undefined, v: unknown): Skeleton {
  const k: Skeleton = s ?? { kinds: new Set<string>(), objects: 0, keys: new Map() };
  k.kinds.add(kindOf(v));
  if (Array.isArray(v)) for (const x of v) k.items = learn(k.items, x);
  else if (v !== null && typeof v === 'object') {
    k.objects++;
    for (const [key, x] of Object.entries(v)) {
      const seen = k.keys.get(key);
      k.keys.set(key, { shape: learn(seen?.shape, x), seen: (seen?.seen ?? 0) + 1 });
    }
  }
  return k;
}

/**
 * How deep an entry is held to the skeleton: the input, its fields, and their items or fields.
 * Deeper places (a recursive expression's subtrees) are a few branches each, too rarely sampled
 * to say what cannot occur there; required keys are asked of the input's own fields only.
 */
const CHECKED_DEPTH = 2;

/**
 * Where `v` departs from the skeleton, in words, or null. Lenient where samples may not have
 * shown everything: null is taken where numbers occur (NaN and ±∞ are stored as null), extra keys
 * are taken, and places deeper than CHECKED_DEPTH are not checked. A kind never seen at its place,
 * or one of the input's keys that every sample had, missing, is a departure.
 */
function departure(s: Skeleton | undefined, v: unknown, at: string, depth = 0): string | null {
  if (s === undefined || depth > CHECKED_DEPTH) return null;
  const kind = kindOf(v);
  if (!s.kinds.has(kind) && !(kind === 'null' && s.kinds.has('number'))) {
    return `at ${at}, ${kind === 'object' ? 'an object' : kind === 'array' ? 'a list' : `the ${kind} ${JSON.stringify(v).slice(0, 40)}`} where the claim's inputs have ${[...s.kinds].join(' or ')}`;
  }
  if (Array.isArray(v)) return v.reduce<string | null>((d, x, i) => d ?? departure(s.items, x, `${at}[${i}]`, depth + 1), null);
  if (kind !== 'object') return null;
  const o = v as Record<string, unknown>;
  for (const [key, { shape, seen }] of s.keys) {
    if (!(key in o)) {
      if (seen === s.objects && depth === 0) return `at ${at}, no "${key}", which every input of the claim has`;
      continue;
    }
    const d = departure(shape, o[key], `${at}.${key}`, depth + 1);
    if (d) return d;
  }
  return null;
}

const skeletons = new WeakMap<object, Skeleton>();

/** Samples per profile: the nightly profile's larger inputs take the same branches, at 10 times the cost. */
const SAMPLES: Record<string, number> = { quick: 30, default: 30, nightly: 6 };

/** The skeleton of a property's inputs: SAMPLES of each profile, from a fixed seed (the same every run). */
function skeletonOf(prop: Pick<Property<unknown, unknown>, 'arbitrary'>): Skeleton {
  let s = skeletons.get(prop);
  if (!s) {
    for (const profile of Object.values(PROFILES)) {
      for (const x of fc.sample(prop.arbitrary(profile), { seed: 1, numRuns: SAMPLES[profile.name] })) s = learn(s, JSON.parse(JSON.stringify(x) ?? 'null'));
    }
    skeletons.set(prop, s!);
  }
  return s!;
}

/**
 * The claim's corpus entries, each checked to be of the shape of the claim's inputs before it is
 * replayed: an entry that is not (`"input": "garbage"`) would otherwise reach the exam's answer
 * as an input and be reported as refuting it. Throws CorpusError naming the file and the entry.
 */
export function loadCorpusFor(claimId: string, prop: Pick<Property<unknown, unknown>, 'arbitrary' | 'fits'>, dir = CORPUS_DIR): CorpusEntry[] {
  const entries = loadCorpus(claimId, dir);
  if (entries.length > 0) checkShapes(corpusPath(claimId, dir), entries, prop);
  return entries;
}

/**
 * An entry the claim's own `fits` refuses was saved before its claim file changed (a tensor
 * added, a size's range narrowed): an error naming it, not a warning, because a corpus entry is
 * never passed over unseen — the user deletes it (a run then searches afresh).
 */
function checkShapes(path: string, entries: readonly CorpusEntry[], prop: Pick<Property<unknown, unknown>, 'arbitrary' | 'fits'>): void {
  entries.forEach((e, k) => {
    const stale = prop.fits?.(e.input);
    if (stale) throw new CorpusError(`${path}: entry ${k} no longer fits the claim's inputs (its claim file changed: ${stale}): delete the entry`);
    const d = departure(skeletonOf(prop), e.input, 'input');
    if (d) throw new CorpusError(`corrupt corpus file ${path}: entry ${k} (its input) is not of the claim's input shape: ${d}`);
  });
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** A process's start time (clock ticks after boot, /proc/<pid>/stat field 22), or null where there is no /proc. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** What a lock file holds: who holds it. The start time tells a live holder from a new process that reuses a dead one's pid. */
export interface LockHolder {
  pid: number;
  start: string | null;
  host: string;
}

export const thisHolder = (pid = process.pid): LockHolder => ({ pid, start: startTimeOf(pid), host: hostname() });

/**
 * Is the lock's holder still running? A holder on another host cannot be asked, and is taken to
 * be; a lock that names no holder (unreadable, or written by an older examcheck) is not.
 */
export function holderAlive(text: string): boolean {
  let h: LockHolder;
  try {
    h = JSON.parse(text);
    if (!Number.isSafeInteger(h.pid) || h.pid <= 0) return false;
  } catch {
    return false;
  }
  if (h.host !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = startTimeOf(h.pid);
  return h.start === null || start === null || start === h.start;
}

/** How long a save waits for a live holder: 2000 looks, 5 ms apart. */
const LOOKS = 2000;

/**
 * Run `f` holding the claim's lock file. The lock is made whole (written, then linked into place)
 * so it always names its holder; one held by a process that is not running (killed during a
 * save) is taken over at once. Throws CorpusError when a live holder keeps it for every look.
 */
function withLock<T>(path: string, f: () => T): T {
  const lock = `${path}.lock`;
  const me = `${process.pid}-${threadId}`;
  const mine = `${lock}.${me}`;
  const record = JSON.stringify(thisHolder());
  writeFileSync(mine, record);
  try {
    for (let look = 0; ; look++) {
      try {
        linkSync(mine, lock);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const held = readOr(lock, null);
      if (held !== null && !holderAlive(held)) {
        takeOver(lock, held, `${lock}.${me}.stale`);
        continue;
      }
      if (look >= LOOKS) throw new CorpusError(`corpus file ${path} stayed locked by ${lock} (held by ${held ?? 'a process that just let go'}), so nothing was saved`);
      sleep(5);
    }
  } finally {
    rmSync(mine, { force: true });
  }
  try {
    return f();
  } finally {
    if (readOr(lock, null) === record) rmSync(lock, { force: true });
  }
}

const readOr = <T>(path: string, otherwise: T): string | T => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return otherwise;
  }
};

/**
 * Remove a dead holder's lock: moved aside atomically, then checked to be the one judged dead.
 * If another process took it over and locked anew in between, its lock is put back.
 */
function takeOver(lock: string, dead: string, aside: string): void {
  try {
    renameSync(lock, aside);
  } catch {
    return; // gone already: another process took it over
  }
  if (readOr(aside, null) !== dead) {
    try {
      linkSync(aside, lock);
    } catch {
      // a third process holds it now; the one moved aside was released meanwhile
    }
  }
  rmSync(aside, { force: true });
}

/** Add new counterexamples (those not saved already); returns how many were new. Throws CorpusError (or the file system's error) when it cannot. */
export function addToCorpus(claimId: string, found: readonly CorpusEntry[], dir = CORPUS_DIR): number {
  if (found.length === 0) return 0;
  const path = corpusPath(claimId, dir);
  mkdirSync(dirname(path), { recursive: true });
  return withLock(path, () => {
    const entries = loadCorpus(claimId, dir);
    const known = new Set(entries.map((e) => `${e.answer}\n${JSON.stringify(e.input)}`));
    const fresh = found.filter((e) => !known.has(`${e.answer}\n${JSON.stringify(e.input)}`));
    if (fresh.length === 0) return 0;
    const file: CorpusFile = { schema: SCHEMA, claim: claimId, entries: [...entries, ...fresh] };
    const tmp = `${path}.${process.pid}-${threadId}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`);
    renameSync(tmp, path);
    return fresh.length;
  });
}

/**
 * Save a run's finding to the corpus, where the run goes on whatever happens: a save that cannot
 * complete (a lock held throughout, a full disk, a corrupt file) is a warning through `warn`,
 * and the finding is still reported. Returns how many entries were new (0 when not saved).
 */
export function saveToCorpus(claimId: string, found: readonly CorpusEntry[], dir = CORPUS_DIR, warn: (line: string) => void = console.error): number {
  try {
    return addToCorpus(claimId, found, dir);
  } catch (e) {
    warn(`examcheck: warning: ${claimId}'s counterexample was not saved to the corpus (${(e as Error).message.split('\n')[0]}); it is reported all the same`);
    return 0;
  }
}
