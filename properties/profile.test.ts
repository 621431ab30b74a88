/** Seeds: any integer maps into fast-check's 32-bit space by one stated map, the same everywhere. */
import { afterAll, describe, expect, test } from 'vitest';
import { UsageError } from './errors.ts';
import { describeRun, parseSeed, resolveRun } from './profile.ts';

describe('parseSeed', () => {
  // worked by hand: 19876543210 − 4·2³² = 2696674026 ≥ 2³¹, so − 2³² = −1598293270
  test.each([
    ['42', 42],
    ['-42', -42],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
    ['2147483648', -2147483648],
    ['4294967296', 0],
    ['4294967297', 1],
    ['-4294967297', -1],
    ['19876543210', -1598293270],
    ['1764455476123', -776082533], // a Date.now() in ms: − 411·2³² lands in range
    ['123456789012345678901234567890', Number(BigInt.asIntN(32, 123456789012345678901234567890n))],
    [' +7 ', 7],
  ])('%s → %d', (text, seed) => {
    const got = parseSeed(text)!;
    expect(got).toBe(seed);
    expect(got | 0).toBe(got); // fast-check takes it as it is
  });

  test('the map is s mod 2³² in [−2³¹, 2³¹): identity there, period 2³²', () => {
    for (const s of [0, 1, -1, 123456, -(2 ** 31), 2 ** 31 - 1]) {
      expect(parseSeed(String(s))).toBe(s);
      expect(parseSeed(String(s + 2 ** 32))).toBe(s);
      expect(parseSeed(String(s - 3 * 2 ** 32))).toBe(s);
    }
  });

  test.each(['abc', '1.5', '1e9', '0x10', '12 34', '--1'])('"%s" is a one-line usage error', (text) => {
    expect(() => parseSeed(text)).toThrow(UsageError);
    expect(() => parseSeed(text)).toThrowErrorWith(/^invalid seed "[^"\n]*": a seed is an integer[^\n]*$/);
  });

  test('nothing given: no seed (one is drawn)', () => {
    expect(parseSeed(undefined)).toBeUndefined();
    expect(parseSeed('')).toBeUndefined();
  });
});

describe('resolveRun and describeRun', () => {
  afterAll(() => resolveRun()); // back to this worker's seed for anything after

  test('a mapped seed is printed with what it maps to; option and EXAMCHECK_SEED agree', () => {
    const byOption = resolveRun({ seed: '19876543210' });
    const byEnv = resolveRun({}, { EXAMCHECK_SEED: '19876543210' });
    expect(byOption).toEqual(byEnv);
    expect(byOption.seed).toBe(-1598293270);
    expect(describeRun(byOption)).toBe('examcheck: profile default, seed 19876543210 → -1598293270');
  });

  test('a seed in range is printed once', () => {
    expect(describeRun(resolveRun({ seed: '42' }))).toBe('examcheck: profile default, seed 42');
    expect(describeRun(resolveRun({ seed: '-2147483648' }))).toBe('examcheck: profile default, seed -2147483648');
  });
});
