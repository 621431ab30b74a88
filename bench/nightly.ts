/**
 * `npm run nightly -- [--budget 45m] [--shards N] [--seed S]`: the GitHub nightly fuzz job on one
 * machine (for a lab machine's cron). N shards (default: one per core) run `examcheck fuzz --shard
 * i/N` in parallel with one seed (default: the time in ms; any integer is mapped as every seed is),
 * each with its own copy of the corpus, as each GitHub shard has its own checkout; then `examcheck
 * merge` adds up their reports into reports/out/nightly-local/ and adds what they found to
 * properties/corpus/. Exit: merge's (0 every outcome as expected, 1 not or a shard missing, 2 an error).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { budget: { type: 'string', default: '45m' }, shards: { type: 'string' }, seed: { type: 'string' } } });
const shards = Number(values.shards ?? availableParallelism());
if (!Number.isInteger(shards) || shards < 1) {
  console.error(`nightly: invalid --shards "${values.shards}": a whole number, at least 1`);
  process.exit(2);
}
const seed = values.seed ?? String(Date.now());

/** Run the examcheck command, its output passed through with a prefix; resolves to its stdout and exit code. */
function examcheck(prefix: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/examcheck.js'), ...args], { cwd: root, env });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => process.stderr.write(`${prefix}${d}`));
  child.on('close', () => process.stdout.write(stdout.replace(/^(?=.)/gm, prefix)));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout })));
}

const corpora = Array.from({ length: shards }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'examcheck-nightly-corpus-'));
  if (existsSync(join(root, 'properties/corpus'))) cpSync(join(root, 'properties/corpus'), dir, { recursive: true });
  return dir;
});
const runs = await Promise.all(
  corpora.map((corpus, k) =>
    examcheck(`[shard ${k + 1}/${shards}] `, ['fuzz', '--budget', values.budget, '--shard', `${k + 1}/${shards}`, '--seed', seed], { ...process.env, EXAMCHECK_CORPUS: corpus }),
  ),
);
// a shard that could not run has no report: merge names it as missing
const reports = runs.flatMap((r) => [...r.stdout.matchAll(/^report: (.*)$/gm)].map((m) => m[1]));
const merged = await examcheck('', ['merge', ...reports, ...corpora.flatMap((c) => ['--corpus-from', c]), '--out', join(root, 'reports/out/nightly-local')]);
process.exit(merged.code ?? 2);
