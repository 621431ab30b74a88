/** The examcheck command as staff run it: its output and its exit code. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { beta2 } from '../properties/p3.ts';
import { resolveRun } from '../properties/profile.ts';
import type { BuiltClaim } from '../properties/claim.ts';
import { CLAIM_IDS, claimById } from '../properties/registry.ts';
import { trial } from '../properties/run.ts';
import { examcheck, examcheckProcess } from './testing.ts';

/** results.json without what differs between two runs of the same seed: timings. */
const withoutTimings = (json: string) =>
  JSON.stringify(JSON.parse(json), (key, value) => (key === 'ms' || key === 'startedAt' ? undefined : value));

describe('examcheck', () => {
  test('list --json lists every claim id of the design (a real process)', () => {
    const r = examcheckProcess(['list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((c: { id: string }) => c.id)).toEqual([...CLAIM_IDS]);
  });

  test.each([
    [['check', '--claim', 'nope'], {}, /^examcheck: unknown claim "nope": valid ids are (\S+, )*P1\.forward, .*P8\.half-dropout(, \S+)*$/],
    [['check', '--profile', 'fast'], {}, /^examcheck: unknown profile "fast": use one of quick, default, nightly$/],
    [['check'], { EXAMCHECK_SEED: 'abc' }, /^examcheck: invalid seed "abc"/],
    [['fuzz', '--budget', '2s', '--seed', '1.5'], {}, /^examcheck: invalid seed "1\.5": a seed is an integer/],
    [['replay', 'P1.backward', '--seed', '0x10', '--path', '0'], {}, /^examcheck: invalid seed "0x10"/],
    [['check', '--bogus'], {}, /^examcheck: Unknown option '--bogus'/],
    [['frobnicate'], {}, /^examcheck: unknown command "frobnicate"/],
  ])('%j is a usage error: one line, exit 2', async (args, env, message) => {
    const r = await examcheck(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test('the same seed twice gives the same results.json, timings aside', async () => {
    const args = ['check', '--seed', '12345', '--claim', 'P1.forward', '--claim', 'P1.numpy', '--json'];
    const [a, b] = [await examcheck(args), await examcheck(args)];
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(/^examcheck: profile default, seed 12345/);
    expect(JSON.parse(a.stdout)).toMatchObject({ schema: 1, seed: 12345, profile: 'default', ok: true });
    expect(withoutTimings(a.stdout)).toBe(withoutTimings(b.stdout));
  });

  test('a property or oracle that throws is an internal error: one line, exit 2, never a verdict', async () => {
    const spy = vi.spyOn(beta2, 'check').mockImplementation(() => {
      throw new TypeError('oracle bug');
    });
    try {
      const r = await examcheck(['check', '--claim', 'P3.beta2', '--seed', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^examcheck: internal error checking P3\.beta2 \(its oracle or property threw, not the answer\): oracle bug; input \{.*\}; replay: npx examcheck replay P3\.beta2 --profile default --seed 1 --path \S+\n$/);
      expect(r.stdout).not.toMatch(/ok |FAIL|refuted|verified|report:/);
    } finally {
      spy.mockRestore();
    }
  });

  test("a failure's replay command reproduces its counterexample exactly", () => {
    const run = resolveRun({ seed: '777' });
    const backward = (claimById('P1.backward') as BuiltClaim<string>).property!;
    const wrong = backward.wrongAnswers.find((w) => w.id === 'A-grad-1e-12')!;
    const t = trial('P1.backward', backward, wrong.id, wrong.answer, run);
    expect(t.replay).toMatch(/^npx examcheck replay P1\.backward --answer A-grad-1e-12 --profile default --seed 777 --path \S+$/);
    const r = examcheckProcess(t.replay!.split(' ').slice(2));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`P1.backward (A-grad-1e-12): ${t.failure}`);
    expect(r.stdout).toContain(`counterexample: ${JSON.stringify(t.counterexample)}`);
  });
});

describe('examcheck derive', () => {
  const file = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'examcheck-derive-')), 'steps.deriv');
    writeFileSync(path, text);
    return path;
  };

  test("checks the exam's own chains (a claim file's chain claims)", async () => {
    for (const f of ['exams/midterm-practice/p2.claims', 'exams/midterm-practice/p6.claims']) expect((await examcheck(['derive', f, '--runs', '5'])).code).toBe(0);
  });

  test('a wrong step is named by its lines, exit 1', async () => {
    const r = await examcheck(['derive', file('real a in [0, 1]\nreal b in [0, 1]\n(a + b)^2\n= a^2 + b^2\n')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 1 → line 2 fails/);
  });

  test.each([
    ['real a in [0, 1]\na + b\n= b + a\n', /^examcheck: .*steps\.deriv:2: undeclared variable "b"$/],
    ['real a in [0, 1]\n(a + 1\n= a\n', /^examcheck: .*steps\.deriv:2: syntax error/],
  ])('a file with an error is one line naming the line, exit 2', async (text, message) => {
    const r = await examcheck(['derive', file(text)]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});
