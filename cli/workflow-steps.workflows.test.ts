/**
 * The workflows' steps run here, with the values GitHub gives them: every `run:` step of ci.yml and
 * nightly.yml that calls npm, npx or examcheck (and the job summary) is executed in order on a
 * temporary copy of the repository, with a run id past 2³², each matrix shard, a short budget, and
 * the artifact layout upload-artifact/download-artifact produce between jobs. Validating the files
 * against GitHub's schema (workflows.test.ts) never ran a step; this does.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { REGISTRY } from '../properties/registry.ts';
import { SLICE_RUNS } from './fuzz.ts';
import { root } from './testing.ts';

interface Step {
  readonly job: string;
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with: Record<string, string>;
}

const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');

/**
 * The steps of a workflow, in order, for the shape our workflows have (one-line `run:`, `with:`
 * values one line or a `|` block). A `run: |` block is refused, so no step is skipped unread.
 */
function stepsOf(text: string): Step[] {
  const steps: { job: string; name?: string; run?: string; uses?: string; with: Record<string, string> }[] = [];
  let job = '';
  let inJobs = false;
  let block: { step: (typeof steps)[number]; key: string } | undefined;
  let inWith = false;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) inJobs = line.startsWith('jobs:');
    if (!inJobs) continue;
    if (block && (/^ {12}/.test(line) || line.trim() === '')) {
      block.step.with[block.key] += `${line.trim()}\n`;
      continue;
    }
    block = undefined;
    const jobMatch = /^ {2}([\w-]+):\s*$/.exec(line);
    if (jobMatch) job = jobMatch[1];
    const item = /^ {6}- (.*)$/.exec(line);
    if (item) {
      steps.push({ job, with: {} });
      inWith = false;
    }
    const key = item ? /^([\w-]+):\s*(.*)$/.exec(item[1]) : /^ {8}([\w-]+):\s*(.*)$/.exec(line);
    const step = steps.at(-1);
    if (key && step && (item || /^ {8}\S/.test(line))) {
      inWith = key[1] === 'with';
      if (key[1] === 'run' && key[2].startsWith('|')) throw new Error(`a multi-line run: step is not read by this test: ${line}`);
      if (key[1] === 'name' || key[1] === 'run' || key[1] === 'uses') step[key[1]] = unquote(key[2]);
    }
    const w = /^ {10}([\w-]+):\s*(.*)$/.exec(line);
    if (w && inWith && step) {
      step.with[w[1]] = w[2].trim() === '|' ? '' : unquote(w[2]);
      if (w[2].trim() === '|') block = { step, key: w[1] };
    }
  }
  return steps;
}

/** `${{ … }}` replaced by the test's value for that expression; one without a value fails the test. */
function expand(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => {
    if (!(e in values)) throw new Error(`no test value for \${{ ${e} }} in: ${text}`);
    return values[e];
  });
}

/**
 * Steps not run here, each with its reason; a reason for a step the file no longer has fails the
 * test, so the list cannot go stale.
 */
const NOT_RUN: Record<string, string> = {
  'npm ci': 'stood in for by linking node_modules into the copy',
  'npm test': 'the rest of the suite, run by .ci/run and by ci.yml beside this test',
  'npm run test:workflows': 'this test itself',
  'npm run test:browser': 'needs Chrome; reports/report.browser.test.ts runs it where one is installed',
  'npm run mutate': 'hours of mutation testing; the mutate job is not run',
};

const RUN_ID = '19876543210'; // GitHub run ids are past 2³² (issue 20)
// examples of fuzzing per shard, not seconds (a 1 s night left a claim whose failure is expected
// unreached on a slow machine, so the merge rightly failed): two slices of every claim over the
// shards, the same examples on any machine, however loaded
const budgetFor = (shards: number) => `${2 * SLICE_RUNS * Math.ceil(REGISTRY.filter((c) => c.status === 'built' && c.property).length / shards)}runs`;

/** A fresh checkout: the repository's files without node_modules, .git or reports/out, node_modules linked. */
function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'examcheck-workflow-'));
  const skip = new Set(['node_modules', '.git', 'out']);
  cpSync(root, dir, { recursive: true, filter: (src) => !skip.has(basename(src)) && !basename(src).startsWith('.stryker-tmp') });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

interface Ran {
  readonly label: string;
  readonly code: number | null;
  readonly output: string;
}

/** A run: step as GitHub runs it on Ubuntu (bash -e -o pipefail), without the test run's seed/profile. */
function runStep(label: string, command: string, cwd: string, env: Record<string, string>): Promise<Ran> {
  const { EXAMCHECK_SEED, EXAMCHECK_PROFILE, EXAMCHECK_CORPUS, EXAMCHECK_REPORTS, ...rest } = process.env;
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], { cwd, env: { ...rest, CI: 'true', ...env } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((done) => child.on('close', (code) => done({ label, code, output })));
}

/** The files under `dir`, relative to it. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

/** upload-artifact's root: the least common ancestor of the listed search paths (its README). */
function commonRoot(paths: string[]): string {
  const parts = paths.map((p) => p.replace(/\/+$/, '').split('/'));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length - (parts.length > 1 ? 0 : 1) && p[i] === parts[0][i]); i++) common.push(parts[0][i]);
  return paths.length === 1 ? paths[0].replace(/\/+$/, '') : common.join('/');
}

/** What upload-artifact stores and download-artifact (path P, no name) unpacks at P/<name>/. */
function upload(step: Step, from: string, to: string): void {
  const paths = step.with.path.split('\n').map((p) => p.trim()).filter(Boolean);
  const base = commonRoot(paths);
  for (const p of paths) {
    if (existsSync(join(from, p))) cpSync(join(from, p), join(to, relative(base, p)), { recursive: true });
  }
}

const read = (file: string) => readFileSync(join(root, '.github/workflows', file), 'utf8');
const log: string[] = [];
const ran = (r: Ran) => {
  log.push(`${r.label}: exit ${r.code}`);
  return r;
};

function executable(step: Step): boolean {
  if (step.run === undefined) return false;
  if (step.run in NOT_RUN) return false;
  return true;
}

test('every step of ci.yml and nightly.yml runs and exits 0, shards merge with every run counted', async () => {
  const nightly = read('nightly.yml');
  const ci = read('ci.yml');
  const all = [...stepsOf(nightly), ...stepsOf(ci)];
  for (const run of Object.keys(NOT_RUN)) expect(all.map((s) => s.run), `NOT_RUN lists "${run}"`).toContain(run);
  for (const s of all.filter((s) => s.run !== undefined)) expect(s.run!, 'a run: step this test does not know how to run').toMatch(/^(npm|npx examcheck|cat )/);
  // a step that cannot run fails its job where staff see it: nothing is hidden
  expect(nightly + ci).not.toMatch(/continue-on-error/);

  const budgetDefault = /budget:[\s\S]*?default:\s*(\S+)/.exec(nightly)![1];
  const shards = JSON.parse(/shard: (\[[\d, ]+\])/.exec(nightly)![1]) as number[];
  expect(nightly).toContain(`inputs.budget || '${budgetDefault}'`); // the schedule's budget is the input's default
  const steps = stepsOf(nightly);
  const fuzzSteps = steps.filter((s) => s.job === 'fuzz');
  const mergeSteps = steps.filter((s) => s.job === 'merge');
  const values = (shard?: number): Record<string, string> => ({
    'github.run_id': RUN_ID,
    ...(shard === undefined ? {} : { 'matrix.shard': String(shard) }),
    [`inputs.budget || '${budgetDefault}'`]: budgetFor(shards.length),
  });

  // ci.yml's test job alongside; its check under the quick profile to keep this test short, with the
  // run id as EXAMCHECK_SEED so it is the same check every time (a drawn seed is check's own tests' business)
  const ciDir = checkout();
  const ciJob = (async () => {
    for (const s of stepsOf(ci).filter(executable)) {
      const r = ran(await runStep(`ci/test: ${s.run}`, s.run!, ciDir, { EXAMCHECK_PROFILE: 'quick', EXAMCHECK_SEED: RUN_ID }));
      expect(r.code, r.output).toBe(0);
    }
  })();

  // the fuzz matrix: one fresh checkout per shard, in parallel as GitHub runs them
  const mergeDir = checkout();
  const shardReports = await Promise.all(
    shards.map(async (shard) => {
      const dir = checkout();
      for (const s of fuzzSteps) {
        if (executable(s)) {
          const r = ran(await runStep(`nightly/fuzz (shard ${shard}): ${expand(s.name ?? s.run!, values(shard))}`, expand(s.run!, values(shard)), dir, {}));
          expect(r.code, r.output).toBe(0);
        } else if (s.uses?.startsWith('actions/upload-artifact')) {
          upload(s, dir, join(mergeDir, 'shards', expand(s.with.name, values(shard))));
        }
      }
      return { shard, dir };
    }),
  );

  // the merge job: download-artifact with a path and no name puts each artifact at path/<name>/
  const download = mergeSteps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
  expect(download.with.path).toBe('shards');
  const perShard = shardReports.map(({ shard }) => {
    const out = join(mergeDir, 'shards', `shard-${shard}`);
    const reports = readdirSync(join(out, 'reports/out'));
    expect(reports, `shard ${shard}'s report where merge looks`).toHaveLength(1);
    const results = JSON.parse(readFileSync(join(out, 'reports/out', reports[0], 'results.json'), 'utf8'));
    const saved = results.claims.reduce((n: number, c: { corpus: { saved: number } }) => n + c.corpus.saved, 0);
    expect(files(join(out, 'properties/corpus')).length, `shard ${shard}'s corpus where merge looks`).toBeGreaterThanOrEqual(saved > 0 ? 1 : 0);
    return results as { seed: number; claims: { id: string; runs: number }[] };
  });
  const merge = mergeSteps.find((s) => s.run?.includes('examcheck merge'))!;
  for (const { shard } of shardReports) expect(merge.run, `merge reads shard ${shard}'s corpus`).toContain(`--corpus-from shards/shard-${shard}/properties/corpus`);
  const summary = join(mergeDir, 'step-summary.md');
  for (const s of mergeSteps.filter(executable)) {
    const r = ran(await runStep(`nightly/merge: ${s.name ?? s.run}`, expand(s.run!, values()), mergeDir, { GITHUB_STEP_SUMMARY: summary }));
    expect(r.code, r.output).toBe(0);
  }
  await ciJob;

  const merged = JSON.parse(readFileSync(join(mergeDir, 'reports/out/nightly/results.json'), 'utf8')) as { merged: number; claims: { id: string; runs: number }[] };
  expect(merged.merged).toBe(shards.length);
  for (const c of merged.claims) {
    const sum = perShard.reduce((n, r) => n + (r.claims.find((x) => x.id === c.id)?.runs ?? 0), 0);
    expect(c.runs, `${c.id}: merged runs are every shard's`).toBe(sum);
    log.push(`merged ${c.id}: ${c.runs} runs (${perShard.map((r) => r.claims.find((x) => x.id === c.id)?.runs ?? 0).join(' + ')})`);
  }
  expect(perShard.every((r) => r.seed === perShard[0].seed)).toBe(true);
  expect(readFileSync(summary, 'utf8').length).toBeGreaterThan(0);

  // a shard that could not run (exit 2, so no report to upload) is named by the merge, which fails;
  // its job still uploads its checkout's corpus folder (always there: properties/corpus/README.md)
  rmSync(join(mergeDir, 'shards/shard-3/reports'), { recursive: true });
  const without3 = ran(await runStep('nightly/merge without shard 3', expand(merge.run!, values()), mergeDir, {}));
  expect(without3.code, without3.output).toBe(1);
  expect(without3.output).toMatch(/^MISSING shard 3\/4: no report/m);
  console.log(log.join('\n'));
});
