/** The regression corpus: replayed first, written atomically, never silently lost or overwritten. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { addToCorpus, corpusPath, loadCorpus, type CorpusEntry } from './corpus.ts';
import { CorpusError } from './errors.ts';
import { resolveRun } from './profile.ts';
import { runClaim } from './run.ts';
import { withWrongReference } from './swap.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = resolveRun();
const tmp = () => mkdtempSync(join(tmpdir(), 'examcheck-corpus-'));
const entry = (input: unknown): CorpusEntry => ({ input, answer: 'reference', failure: 'f', foundBy: { seed: 1, profile: 'default', at: 'now' } });

describe('the regression corpus', () => {
  test('a counterexample found is saved, and replayed first on the next run', () => {
    const dir = tmp();
    const first = runClaim(withWrongReference('P1.backward', 'B-grad-1e-12'), run, { corpusDir: dir });
    expect(first.verdict).toBe('refuted');
    expect(first.corpus).toEqual({ replayed: 0, saved: 1 });
    expect(loadCorpus('P1.backward', dir).map((e) => e.input)).toEqual([first.counterexample]);

    const next = runClaim(withWrongReference('P1.backward', 'B-grad-1e-12'), { ...run, seed: run.seed + 1 }, { corpusDir: dir });
    expect(next.corpus).toEqual({ replayed: 1, saved: 0 });
    expect(next.runs).toBe(1); // the corpus case, before anything is generated
    expect(next.counterexample).toEqual(first.counterexample);
    expect(next.replay).toMatch(/--path corpus:0$/);
  });

  test('a corrupt file is a one-line error naming it, and is left as it was', () => {
    const dir = tmp();
    writeFileSync(corpusPath('P1.numpy', dir), '{"schema": 1, "claim": "P1.numpy", "entries": [tru');
    expect(() => loadCorpus('P1.numpy', dir)).toThrowError(CorpusError);
    expect(() => addToCorpus('P1.numpy', [entry(1)], dir)).toThrowError(new RegExp(`^corrupt corpus file ${corpusPath('P1.numpy', dir)}: `));
    expect(readFileSync(corpusPath('P1.numpy', dir), 'utf8')).toContain('[tru');

    const r = spawnSync(process.execPath, ['bin/examcheck.js', 'check', '--claim', 'P1.numpy'], { cwd: root, encoding: 'utf8', env: { ...process.env, EXAMCHECK_CORPUS: dir } });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^examcheck: corrupt corpus file .*P1\.numpy\.json/);
  });

  test('four runs saving at once lose nothing', async () => {
    const dir = tmp();
    const script = (k: number) =>
      `import { addToCorpus } from ${JSON.stringify(join(root, 'properties/corpus.ts'))};
       for (let i = 0; i < 25; i++) addToCorpus('P1.forward', [{ input: ${k} * 100 + i, answer: 'reference', failure: 'f', foundBy: { seed: 1, profile: 'default', at: 'now' } }], ${JSON.stringify(dir)});`;
    const exits = await Promise.all(
      [0, 1, 2, 3].map(
        (k) =>
          new Promise<number | null>((done) =>
            spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(k)], { cwd: root, stdio: 'inherit' }).on('exit', done),
          ),
      ),
    );
    expect(exits).toEqual([0, 0, 0, 0]);
    const saved = loadCorpus('P1.forward', dir).map((e) => e.input as number);
    expect(saved.sort((a, b) => a - b)).toEqual([0, 1, 2, 3].flatMap((k) => Array.from({ length: 25 }, (_, i) => k * 100 + i)));
  });
});
