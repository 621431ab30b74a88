/**
 * The regression corpus: counterexamples found by any run, one JSON file per claim under
 * properties/corpus/, committed, and replayed before anything is generated in every later run.
 *
 * Writes are atomic (a temporary file renamed over the old one) and serialised by a lock file, so
 * two runs saving at once both keep what they found. A corrupt file is an error naming the file:
 * it is never ignored or overwritten.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { CorpusError } from './errors.ts';

/** properties/corpus/, or EXAMCHECK_CORPUS where a run keeps its own (a fuzzing shard, a test). */
export const CORPUS_DIR = process.env.EXAMCHECK_CORPUS || join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const SCHEMA = 1;

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

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Run `f` holding the claim's lock file; a lock older than 60 s is from a dead run and is taken over. */
function withLock<T>(path: string, f: () => T): T {
  const lock = `${path}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { force: true });
      } catch {
        // the holder released it between our two looks
      }
      if (attempt > 2000) throw new CorpusError(`corpus file ${path} stayed locked by ${lock}`);
      sleep(5);
    }
  }
  try {
    return f();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Add new counterexamples (those not saved already); returns how many were new. */
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
