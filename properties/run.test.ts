/**
 * The runner's guard and its one verdict decision, on a property small enough to work out by
 * hand: f(x) = x² over the integers −100 … 100.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ErratumResult, WrongAnswerResult } from '../reports/schema.ts';
import { property, type BuiltClaim, type PendingClaim } from './claim.ts';
import { InternalError, render } from './errors.ts';
import { PROFILES } from './profile.ts';
import { callAnswer, checkOnce, claimResult, decide, replayCommand, runClaim, trial } from './run.ts';

type Square = (x: number) => number;
const run = { profile: PROFILES.default, seed: 42 };

/** x² checked exactly; `oracle` is the truth, which a test may make crash. */
const squares = (oracle: (x: number) => number = (x) => x * x) =>
  property<Square, number>({
    domain: 'integers −100 … 100',
    arbitrary: () => fc.integer({ min: -100, max: 100 }),
    check: (f, x) => {
      const got = callAnswer(
        () => f(x),
        (y) => (Number.isFinite(y) ? null : `f(${x}) = ${y}`),
      );
      const want = oracle(x);
      return got === want ? null : `f(${x}) = ${got}, not ${want}`;
    },
    oracle: 'x·x',
    reference: { id: 'reference', description: 'x²', answer: (x) => x * x },
    wrongAnswers: [{ id: 'double', description: '2x', answer: (x) => 2 * x }],
  });

const claim = (prop = squares()): BuiltClaim<'T.square'> => ({ id: 'T.square', exam: 'test', problem: 0, statement: 'f(x) = x²', kind: 'identity', status: 'built', property: prop, expected: 'verified' });

describe('the guard', () => {
  test('an answer that throws is refuted with "the answer threw: …"', () => {
    const t = trial('T.square', squares(), 'throws', () => {
      throw new Error('not implemented');
    }, run);
    expect(t).toMatchObject({ failed: true, failure: 'the answer threw: not implemented' });
  });

  test('an output the property calls malformed (NaN) is refuted as the property says', () => {
    const t = trial('T.square', squares(), 'nan', (x) => (x > 5 ? NaN : x * x), run);
    expect(t).toMatchObject({ failed: true, failure: 'f(6) = NaN', counterexample: 6 });
  });

  test('a wrong value is refuted by the check itself; the reference is not', () => {
    const t = trial('T.square', squares(), 'double', (x) => 2 * x, run);
    expect(t.failed).toBe(true);
    expect(t.failure).toBe(`f(${t.counterexample}) = ${2 * (t.counterexample as number)}, not ${(t.counterexample as number) ** 2}`);
    expect(trial('T.square', squares(), 'reference', (x) => x * x, run)).toMatchObject({ failed: false, runs: 100 });
  });

  test('an oracle that throws is an InternalError naming claim, input and replay: not a refutation, not verified', () => {
    let callsAfterCrash = 0;
    let crashed = false;
    const broken = squares((x) => {
      if (crashed) callsAfterCrash++;
      if (x === 17 || x > 90) throw ((crashed = true), new RangeError('oracle bug'));
      return x * x;
    });
    let error: unknown;
    try {
      trial('T.square', broken, 'reference', (x) => x * x, run);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InternalError);
    const e = error as InternalError;
    expect(e.claimId).toBe('T.square');
    expect(e.input === 17 || (e.input as number) > 90).toBe(true);
    // the replay command leads to the crash
    const path = /--path (\S+)$/.exec(e.message)![1];
    expect(fc.check(fc.property(fc.integer({ min: -100, max: 100 }), (x) => x !== e.input), { seed: 42, path }).counterexample?.[0]).toBe(e.input);
    expect(e.message).toMatch(/^internal error checking T\.square \(its oracle or property threw, not the answer\): oracle bug; input \d+; replay: npx examcheck replay T\.square --profile default --seed 42 --path \S+$/);
    // the run stops at the crash: nothing else is checked, shrinking included
    expect(callsAfterCrash).toBe(0);
    // the whole claim stops: no verdict at all
    expect(() => runClaim(claim(broken), run, { corpusDir: null })).toThrow(InternalError);
  });

  test('an oracle crash met while shrinking a refutation still stops the claim (no replay: the path leads elsewhere)', () => {
    // x² + 1 is refuted at the first input (4 for this seed); shrinking tries 0 first, where the oracle crashes
    const fragile = squares((x) => {
      if (x === 0) throw new Error('oracle bug at 0');
      return x * x;
    });
    expect(() => trial('T.square', fragile, 'off-by-one', (x) => x * x + 1, run)).toThrowErrorWith(/: oracle bug at 0; input 0$/);
  });

  test('a throw in the property outside callAnswer is the property\'s own (checkOnce, for tests on one input)', () => {
    expect(checkOnce('T.square', squares(), (x) => x * x, 3)).toBeNull();
    expect(checkOnce('T.square', squares(), () => Infinity, 3)).toBe('f(3) = Infinity');
    const buggy = property<Square, number>({ ...squares(), check: () => JSON.parse('{') });
    expect(() => checkOnce('T.square', buggy, (x) => x * x, 3)).toThrow(InternalError);
  });

  test('an InternalError is one line, its input shortened', () => {
    const e = new InternalError('T.big', Array.from({ length: 1000 }, (_, i) => i), new Error('bad\nsecond line'));
    const line = render(e)!;
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^examcheck: internal error checking T\.big .*: bad; input \[0,1,2,.*…$/);
    expect(line.length).toBeLessThan(400);
  });
});

describe('the verdict: one decision for every entry point', () => {
  const wrong = (refuted: boolean) => ({ refuted }) as WrongAnswerResult;
  const erratum = (asWrittenRefuted: boolean, correctedVerified: boolean) => ({ asWrittenRefuted, correctedVerified }) as ErratumResult;

  test.each([
    ['verified', 'verified', [true], [[true, true]], true, true],
    ['refuted', 'verified', [true], [], false, false],
    ['verified', 'verified', [false], [], true, false],
    ['verified', 'verified', [], [[false, true]], true, false],
    ['verified', 'verified', [], [[true, false]], true, false],
    ['refuted', 'refuted', [true], [], true, true],
    ['pending', 'pending', [], [], true, true],
    ['discussion', 'verified', [], [], false, false],
  ] as const)('verdict %s, registry expects %s, wrong answers refuted %j, errata %j: expected %s, ok %s', (verdict, expects, refuted, errata, expected, ok) => {
    const result = { verdict, wrongAnswers: refuted.map(wrong), errata: errata.map(([a, c]) => erratum(a, c)) };
    expect(decide(result, expects)).toEqual({ expected, ok });
  });

  test('claimResult: a pending claim is pending and ok; a built one takes its verdict from the reference trial', () => {
    const pending: PendingClaim<'T.later'> = { id: 'T.later', exam: 'test', problem: 0, statement: 's', kind: 'identity', status: 'pending', domain: 'd' };
    expect(claimResult(pending, { reference: null })).toMatchObject({ verdict: 'pending', expected: true, ok: true, runs: 0, domain: 'd', oracle: null });
    const refuted = { failed: true, runs: 7, counterexample: 3, failure: 'no', shrinks: 1, replay: 'r', path: 'p' };
    expect(claimResult(claim(), { reference: refuted })).toMatchObject({ verdict: 'refuted', expected: false, ok: false, runs: 7, counterexample: 3, failure: 'no', replay: 'r', oracle: 'x·x' });
  });

  test('runClaim on the small property: verified, its wrong answer refuted, ok', () => {
    expect(runClaim(claim(), run, { corpusDir: null })).toMatchObject({ verdict: 'verified', expected: true, ok: true, runs: 100, wrongAnswers: [{ id: 'double', refuted: true }] });
  });
});

describe('a replay command carries the environment the run read', () => {
  // found by review: a draft's replay (EXAMCHECK_EXAMS=draft/) run as printed read exams/ and found no such claim
  test('EXAMCHECK_EXAMS always, quoted for the shell; EXAMCHECK_CORPUS for a corpus entry; neither where unset', () => {
    const saved = { exams: process.env.EXAMCHECK_EXAMS, corpus: process.env.EXAMCHECK_CORPUS };
    const run = { profile: PROFILES.quick, seed: 7 };
    try {
      delete process.env.EXAMCHECK_EXAMS;
      delete process.env.EXAMCHECK_CORPUS;
      expect(replayCommand('Q1.x', run, '0:1')).toBe('npx examcheck replay Q1.x --profile quick --seed 7 --path 0:1');
      process.env.EXAMCHECK_EXAMS = "/tmp/my draft's";
      process.env.EXAMCHECK_CORPUS = '/tmp/corpus';
      expect(replayCommand('Q1.x', run, '0:1')).toBe(`EXAMCHECK_EXAMS='/tmp/my draft'\\''s' npx examcheck replay Q1.x --profile quick --seed 7 --path 0:1`);
      expect(replayCommand('Q1.x', run, 'corpus:0', 'wrong')).toBe(`EXAMCHECK_EXAMS='/tmp/my draft'\\''s' EXAMCHECK_CORPUS=/tmp/corpus npx examcheck replay Q1.x --answer wrong --profile quick --seed 7 --path corpus:0`);
    } finally {
      for (const [name, value] of [['EXAMCHECK_EXAMS', saved.exams], ['EXAMCHECK_CORPUS', saved.corpus]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
