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
import { fuzzClaims, mergeResults, missingShards, parseBudget, parseDuration, parseShard, SLICE_RUNS } from './fuzz.ts';
import { examcheck } from './testing.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = resolveRun();
const tmp = () => mkdtempSync(join(tmpdir(), 'examcheck-fuzz-'));

describe('examcheck fuzz', () => {
  // every fuzz here is bounded by a count of examples, so it runs the same examples however loaded the machine
  test('with a wrong answer swapped in, it finds the failure, saves it, and the next run replays it first', async () => {
    const corpusDir = tmp();
    const broken = withWrongReference('P1.backward', 'B-grad-1e-12');
    // one slice: every seed's first 40 examples hold a case that shows a relative 1e-12
    const { results } = await fuzzClaims([broken], { budget: { runs: SLICE_RUNS }, seed: run.seed, shard: { index: 1, count: 1 }, corpusDir });
    expect(results.claims[0]).toMatchObject({ id: 'P1.backward', verdict: 'refuted', ok: false });
    expect(results.fuzz).toMatchObject({ budgetRuns: SLICE_RUNS, interrupted: false });
    const saved = loadCorpus('P1.backward', corpusDir);
    expect(saved.length).toBeGreaterThan(0);

    const next = runClaim(broken, run, { corpusDir });
    expect(next.corpus.replayed).toBe(saved.length);
    expect(next.runs).toBe(1);
    expect(next.replay).toMatch(/--path corpus:0$/);
  });

  // one real process for what only a process shows: a signal, and a seed as the shell passes it
  test('SIGTERM ends it after the slice under way, with a valid report and corpus; a GitHub run id past 2³² is a seed, mapped and printed both ways', async () => {
    const corpusDir = tmp();
    const budget = 1_000_000_000; // examples: far more than it can run before the signal
    const child = spawn(process.execPath, ['bin/examcheck.js', 'fuzz', '--budget', `${budget}runs`, '--seed', '19876543210', '--claim', 'P1.backward'], {
      cwd: root,
      env: { ...process.env, EXAMCHECK_CORPUS: corpusDir },
    });
    let out = '';
    let signalled = false;
    child.stdout.on('data', (d) => {
      out += d;
      // once it has said its seed its signal handlers are in place; its first slice runs before
      // it looks at its events again, so the search is under way whenever the signal lands
      // (once: a second SIGTERM after it has let go of the signal would kill it)
      if (!signalled && out.includes(`budget ${budget}runs`)) signalled = child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((done) => child.on('exit', done));
    expect(code, out).toBe(0);
    expect(out).toMatch(/^examcheck: profile nightly, seed 19876543210 → -1598293270, budget 1000000000runs, shard 1\/1$/m);
    expect(out).toMatch(/fuzz interrupted after \d+s/);
    const results = JSON.parse(readFileSync(join(out.match(/^report: (.*)$/m)![1], 'results.json'), 'utf8'));
    expect(results.seed).toBe(-1598293270); // what replay commands carry
    expect(results.fuzz).toMatchObject({ interrupted: true, shard: '1/1', budgetRuns: budget });
    expect(results.claims[0]).toMatchObject({ id: 'P1.backward', ok: true });
    // stopped between slices, never inside one: whole slices of the reference, which passes them all
    expect(results.claims[0].runs).toBeGreaterThan(0);
    expect(results.claims[0].runs % SLICE_RUNS).toBe(0);
    expect(results.claims[0].runs).toBeLessThan(budget);
    expect(loadCorpus('P1.backward', corpusDir)).toEqual([]);
  });

  test('shards search disjoint seeds and merge into one report whose runs add up', async () => {
    const shards = await Promise.all(
      [1, 2].map((index) => fuzzClaims([withWrongReference('P1.numpy', 'mean-not-sum')], { budget: { runs: 2 * SLICE_RUNS }, seed: 9, shard: { index, count: 2 }, corpusDir: tmp() })),
    );
    const dirs = await Promise.all(shards.map((s, k) => writeReport(s.results, join(tmp(), `shard${k}`))));
    const { results: merged, missing } = mergeResults(dirs, () => 'verified');
    expect(merged.claims[0].runs).toBe(shards[0].results.claims[0].runs + shards[1].results.claims[0].runs);
    expect(merged.claims[0]).toMatchObject({ verdict: 'refuted', ok: false });
    expect(shards[0].results.claims[0].counterexample).not.toBeNull();
    expect(missing).toEqual([]);
    expect(mergeResults(dirs.slice(1), () => 'verified').missing).toEqual(['1/2']);
  });

  test('a budget of wall time (the nightly job\'s) ends the search too, and its report says which budget it had', async () => {
    // how far it gets in 100 ms is the clock's business: only that it ends, and what it reports, is asserted
    const { results, interrupted } = await fuzzClaims([withWrongReference('P1.numpy', 'mean-not-sum')], { budget: { ms: 100 }, seed: 9, shard: { index: 1, count: 1 }, corpusDir: tmp() });
    expect(interrupted).toBe(false);
    expect(results.fuzz).toMatchObject({ budgetMs: 100, interrupted: false, shard: '1/1' });
    expect(results.fuzz).not.toHaveProperty('budgetRuns');
  });

  test('the merge names each shard whose report is missing', () => {
    expect(missingShards(['1/4', '2/4', '4/4'])).toEqual(['3/4']);
    expect(missingShards(['2/4'])).toEqual(['1/4', '3/4', '4/4']);
    expect(missingShards(['1/2', '2/2'])).toEqual([]);
    expect(missingShards([undefined])).toEqual([]); // check reports are not shards
  });

  test('a shard whose outcome is not the expected one exits 0 with its report (the merge decides); unsharded, it exits 1', async () => {
    // a budget of 0s, or of 0 runs, reaches no slice (so nothing reaches a corpus): P5.hvp, never run, is not as expected
    const exitOf = async (budget: string, extra: string[]) => (await examcheck(['fuzz', '--budget', budget, '--claim', 'P5.hvp', ...extra])).code;
    expect([await exitOf('0s', []), await exitOf('0runs', ['--shard', '2/3'])]).toEqual([1, 0]);
  });

  test.each([
    ['60', /invalid duration "60"/],
    ['1d', /invalid duration "1d"/],
  ])('rejects the budget %s', (text, message) => expect(() => parseDuration(text)).toThrowError(message));

  test.each(['0/2', '3/2', 'a/b', '2'])('rejects the shard %s', (text) => expect(() => parseShard(text)).toThrowErrorWith(/invalid shard/));
  test('reads budgets and shards', () => {
    expect([parseDuration('1.5h'), parseDuration('90s'), parseDuration('250ms')]).toEqual([5_400_000, 90_000, 250]);
    expect([parseBudget('2s'), parseBudget('45m'), parseBudget('400runs'), parseBudget('0runs')]).toEqual([{ ms: 2000 }, { ms: 2_700_000 }, { runs: 400 }, { runs: 0 }]);
    for (const text of ['1.5runs', '400', 'runs', '-3runs']) expect(() => parseBudget(text), text).toThrowErrorWith(/^invalid budget ".*": a duration \(e\.g\. 60s, 45m, 2h\) or a whole number of examples \(e\.g\. 400runs\)$/);
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
  });
});

describe('zero runs is not checked (issue 16.10)', () => {
  test('a budget spent before a claim\'s turn leaves it unchecked, never verified, and the run not ok', async () => {
    const { results } = await fuzzClaims([claimById('P1.numpy') as BuiltClaim<string>, claimById('P8.half-dropout') as BuiltClaim<string>], { budget: { ms: 0 }, seed: 1, shard: { index: 1, count: 1 }, corpusDir: tmp() });
    expect(results.claims.map((c) => [c.id, c.verdict, c.runs, c.ok])).toEqual([
      ['P1.numpy', 'unchecked', 0, false],
      ['P8.half-dropout', 'unchecked', 0, false],
    ]);
    expect(results.ok).toBe(false);
  });
});
