/**
 * `npm run seeds -- --profile quick --seeds 1..60`: `examcheck check` on many seeds, in one
 * process. For each seed it runs every claim (or each `--claim ID`) as `check` does — the
 * committed corpus replayed first, read from a copy so a surprise found here is never written
 * into it — and prints one line per seed: ok, or what broke the profile's promise (a verdict not
 * the expected one, a wrong answer not refuted, an erratum's reading not decided). Ends with the
 * count of seeds whose check would exit 0; exits 0 only if every seed's would.
 * Options: --profile P (default "default"), --seeds A..B or N (default 1..20), --claim ID
 * (repeatable), --no-corpus (generated inputs only: the properties' own power).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_DIR } from '../properties/corpus.ts';
import { UsageError } from '../properties/errors.ts';
import { resolveRun } from '../properties/profile.ts';
import { REGISTRY } from '../properties/registry.ts';
import { runClaim, runsOf } from '../properties/run.ts';
import type { ClaimResult } from '../reports/schema.ts';

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'default' },
    seeds: { type: 'string', default: '1..20' },
    claim: { type: 'string', multiple: true },
    'no-corpus': { type: 'boolean', default: false },
  },
});

/** "1..60" → 1, 2, …, 60; "42" → 42. */
function seedRange(text: string): number[] {
  const m = /^(-?\d+)(?:\.\.(-?\d+))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--seeds "${text}": give a seed (42) or a range (1..60)`);
  const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
  if (to < from) throw new UsageError(`--seeds "${text}": the range is empty`);
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** What keeps a claim's result from being ok, one phrase each; empty when it is ok. */
function broken(r: ClaimResult, runs: number): string[] {
  const why: string[] = [];
  if (!r.expected) why.push(`${r.id} ${r.verdict}${r.failure ? ` (${r.failure.slice(0, 160)})` : ''}`);
  for (const w of r.wrongAnswers) if (!w.refuted) why.push(`${r.id} wrong answer ${w.id} not refuted in ${runs} runs`);
  for (const e of r.errata) {
    if (!e.asWrittenRefuted) why.push(`${r.id} erratum ${e.id} as written not refuted`);
    if (!e.correctedVerified) why.push(`${r.id} erratum ${e.id} corrected refuted (${(e.correctedFailure ?? '').slice(0, 160)})`);
  }
  return why;
}

/** The run `check --profile P --seed S` resolves (fast-check's global size included). */
const run = (seed: number) => resolveRun({ profile: values.profile, seed: String(seed) });
const { profile } = run(0);
const seeds = seedRange(values.seeds);
const claims = REGISTRY.filter((c) => !values.claim || values.claim.includes(c.id));
const unknown = (values.claim ?? []).filter((id) => !REGISTRY.some((c) => c.id === id));
if (unknown.length) throw new UsageError(`unknown claim ${unknown.join(', ')}`);

const corpus = values['no-corpus'] ? null : mkdtempSync(join(tmpdir(), 'examcheck-seeds-'));
if (corpus && existsSync(CORPUS_DIR)) cpSync(CORPUS_DIR, corpus, { recursive: true });
const started = performance.now();
const failing: number[] = [];
try {
  for (const seed of seeds) {
    const t0 = performance.now();
    const why = claims.flatMap((c) => broken(runClaim(c, run(seed), { corpusDir: corpus }), c.status === 'built' && c.property ? runsOf(c.property, profile) : 0));
    const ms = Math.round(performance.now() - t0);
    if (why.length) failing.push(seed);
    console.log(`seed ${String(seed).padStart(4)} ${why.length ? 'FAIL' : 'ok  '} ${String(ms).padStart(6)} ms${why.map((w) => `\n     ${w}`).join('')}`);
  }
} finally {
  if (corpus) rmSync(corpus, { recursive: true, force: true });
}
const scope = values.claim ? values.claim.join(', ') : `all ${claims.length} claims`;
console.log(
  `profile ${profile.name}, ${scope}${corpus ? '' : ', no corpus'}: ${seeds.length - failing.length} of ${seeds.length} seeds exit 0` +
    `${failing.length ? ` (failing: ${failing.join(', ')})` : ''}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
process.exitCode = failing.length ? 1 : 0;
