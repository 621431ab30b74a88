import { describe, expect, test } from 'vitest';
import { memo } from './memo.ts';

describe('memo', () => {
  test('computes once per key, by JSON of the argument unless told', () => {
    let calls = 0;
    const square = memo((x: { v: number }) => (calls++, x.v * x.v));
    expect([square({ v: 3 }), square({ v: 3 }), square({ v: 4 })]).toEqual([9, 9, 16]);
    expect(calls).toBe(2);
    const byParity = memo((n: number) => n, { key: (n) => String(n % 2) });
    expect([byParity(1), byParity(3), byParity(2)]).toEqual([1, 1, 2]);
  });

  test('starts over when full, and does not remember a throw', () => {
    let calls = 0;
    const f = memo((n: number) => (calls++, n), { size: 2 });
    f(1), f(2), f(3), f(1);
    expect(calls).toBe(4);
    let first = true;
    const flaky = memo((n: number) => {
      if (first) throw new Error((first = false, 'once'));
      return n;
    });
    expect(() => flaky(1)).toThrowErrorWith('once');
    expect(flaky(1)).toBe(1);
  });
});
