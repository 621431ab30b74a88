/** Nightly fuzzing: it finds and keeps failures, stops cleanly, and shards merge into one report. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { BuiltClaim } from '../properties/claim.ts';
import { loadCorpus } from '../properties/corpus.ts';
import { resolveRun } from '../properties/profile.ts';
import { claimById } from '../properties/registry.ts';
import { runClaim } from '../properties/run.ts';
import { withWrongReference } from '../properties/swap.ts';
import { writeReport } from '../reports/write.ts';
import { fuzzClaims, mergeResults, missingShards, parseDuration, parseShard } from './fuzz.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = resolveRun();
const tmp = () => mkdtempSync(join(tmpdir(), 'examcheck-fuzz-'));

describe('examcheck fuzz', () => {
  test('with a wrong answer swapped in, it finds the failure, saves it, and the next run replays it first', async () => {
    const corpusDir = tmp();
    const broken = withWrongReference('P1.backward', 'B-grad-1e-12');
    const { results } = await fuzzClaims([broken], { budgetMs: 1500, seed: run.seed, shard: { index: 1, count: 1 }, corpusDir });
    expect(results.claims[0]).toMatchObject({ id: 'P1.backward', verdict: 'refuted', ok: false });
    const saved = loadCorpus('P1.backward', corpusDir);
    expect(saved.length).toBeGreaterThan(0);

    const next = runClaim(broken, run, { corpusDir });
    expect(next.corpus.replayed).toBe(saved.length);
    expect(next.runs).toBe(1);
    expect(next.replay).toMatch(/--path corpus:0$/);
  });

  test('SIGTERM ends it after the slice under way, with a valid report and corpus', async () => {
    const corpusDir = tmp();
    const child = spawn(process.execPath, ['bin/examcheck.js', 'fuzz', '--budget', '60s', '--seed', '5', '--claim', 'P1.backward'], {
      cwd: root,
      env: { ...process.env, EXAMCHECK_CORPUS: corpusDir },
    });
    let out = '';
    let signalled = 0;
    child.stdout.on('data', (d) => {
      out += d;
      // once it has said its seed its signal handlers are in place; let it search a moment
      if (!signalled && out.includes('budget 60s')) setTimeout(() => ((signalled = performance.now()), child.kill('SIGTERM')), 1000);
    });
    const code = await new Promise((done) => child.on('exit', done));
    expect(performance.now() - signalled).toBeLessThan(10_000);
    expect(code, out).toBe(0);
    expect(out).toMatch(/fuzz interrupted after \d+s/);
    const results = JSON.parse(readFileSync(join(out.match(/^report: (.*)$/m)![1], 'results.json'), 'utf8'));
    expect(results.fuzz).toMatchObject({ interrupted: true, shard: '1/1' });
    expect(results.claims[0].runs).toBeGreaterThan(0);
    expect(loadCorpus('P1.backward', corpusDir)).toEqual([]);
  });

  test('a GitHub run id past 2³² is a seed: mapped, printed both ways, the run fuzzes and writes its report', async () => {
    const child = spawn(process.execPath, ['bin/examcheck.js', 'fuzz', '--budget', '2s', '--seed', '19876543210', '--claim', 'P3.beta2'], {
      cwd: root,
      env: { ...process.env, EXAMCHECK_CORPUS: tmp() },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((done) => child.on('exit', done));
    expect(code, out).toBe(0);
    expect(out).toMatch(/^examcheck: profile nightly, seed 19876543210 → -1598293270, budget 2s, shard 1\/1$/m);
    const results = JSON.parse(readFileSync(join(out.match(/^report: (.*)$/m)![1], 'results.json'), 'utf8'));
    expect(results.seed).toBe(-1598293270); // what replay commands carry
    expect(results.claims[0]).toMatchObject({ id: 'P3.beta2', ok: true });
    expect(results.claims[0].runs).toBeGreaterThan(0);
  });

  test('shards search disjoint seeds and merge into one report whose runs add up', async () => {
    const shards = await Promise.all(
      [1, 2].map((index) => fuzzClaims([withWrongReference('P1.numpy', 'mean-not-sum')], { budgetMs: 300, seed: 9, shard: { index, count: 2 }, corpusDir: tmp() })),
    );
    const dirs = await Promise.all(shards.map((s, k) => writeReport(s.results, join(tmp(), `shard${k}`))));
    const { results: merged, missing } = mergeResults(dirs, () => 'verified');
    expect(merged.claims[0].runs).toBe(shards[0].results.claims[0].runs + shards[1].results.claims[0].runs);
    expect(merged.claims[0]).toMatchObject({ verdict: 'refuted', ok: false });
    expect(shards[0].results.claims[0].counterexample).not.toBeNull();
    expect(missing).toEqual([]);
    expect(mergeResults(dirs.slice(1), () => 'verified').missing).toEqual(['1/2']);
  });

  test('the merge names each shard whose report is missing', () => {
    expect(missingShards(['1/4', '2/4', '4/4'])).toEqual(['3/4']);
    expect(missingShards(['2/4'])).toEqual(['1/4', '3/4', '4/4']);
    expect(missingShards(['1/2', '2/2'])).toEqual([]);
    expect(missingShards([undefined])).toEqual([]); // check reports are not shards
  });

  test('a shard whose outcome is not the expected one exits 0 with its report (the merge decides); unsharded, it exits 1', async () => {
    // a budget of 0s reaches no slice: P5.hvp, never run, is not as expected
    const exitOf = (extra: string[]) =>
      new Promise<number | null>((done) =>
        spawn(process.execPath, ['bin/examcheck.js', 'fuzz', '--budget', '0s', '--claim', 'P5.hvp', ...extra], { cwd: root, env: { ...process.env, EXAMCHECK_CORPUS: tmp() } }).on('exit', done),
      );
    expect(await Promise.all([exitOf([]), exitOf(['--shard', '2/3'])])).toEqual([1, 0]);
  });

  test.each([
    ['60', /invalid duration "60"/],
    ['1d', /invalid duration "1d"/],
  ])('rejects the budget %s', (text, message) => expect(() => parseDuration(text)).toThrowError(message));

  test.each(['0/2', '3/2', 'a/b', '2'])('rejects the shard %s', (text) => expect(() => parseShard(text)).toThrowError(/invalid shard/));
  test('reads budgets and shards', () => {
    expect([parseDuration('1.5h'), parseDuration('90s'), parseDuration('250ms')]).toEqual([5_400_000, 90_000, 250]);
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
  });
});

describe('zero runs is not checked (issue 16.10)', () => {
  test('a budget spent before a claim\'s turn leaves it unchecked, never verified, and the run not ok', async () => {
    const { results } = await fuzzClaims([claimById('P1.numpy') as BuiltClaim<string>, claimById('P8.half-dropout') as BuiltClaim<string>], { budgetMs: 0, seed: 1, shard: { index: 1, count: 1 }, corpusDir: tmp() });
    expect(results.claims.map((c) => [c.id, c.verdict, c.runs, c.ok])).toEqual([
      ['P1.numpy', 'unchecked', 0, false],
      ['P8.half-dropout', 'unchecked', 0, false],
    ]);
    expect(results.ok).toBe(false);
  });
});
