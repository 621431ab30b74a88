/** The matcher vitest.setup.ts adds: known answers, among them what vitest's own toThrow(/…/) lets through. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

describe('toThrowErrorWith', () => {
  test('an Error whose message matches passes; its negation fails', () => {
    expect(() => {
      throw new RangeError('line 3: no such size');
    }).toThrowErrorWith(/^line 3: no such/);
    expect(() =>
      expect(() => {
        throw new Error('line 3');
      }).not.toThrowErrorWith(/line 3/),
    ).toThrow('expected the function not to throw an Error whose message matches /line 3/: it threw Error: line 3');
  });

  test.each([
    ['undefined thrown (which toThrow(/…/) passes)', () => { throw undefined; }, 'it threw undefined, not an Error'],
    ['a string thrown', () => { throw 'line 3'; }, 'it threw line 3, not an Error'],
    ['an Error whose message does not match', () => { throw new TypeError('line 4'); }, 'it threw TypeError: line 4'],
    ['nothing thrown', () => 1, 'it returned'],
  ])('%s fails, saying what it got', (_, fn, got) => {
    expect(() => expect(fn).toThrowErrorWith(/line 3/)).toThrow(`expected the function to throw an Error whose message matches /line 3/: ${got}`);
  });

  test('a string is looked for in the message, as toThrow reads one', () => {
    expect(() => {
      throw new Error('f.claims:2: an expectation would enumerate');
    }).toThrowErrorWith('an expectation would');
    expect(() => expect(() => { throw undefined; }).toThrowErrorWith('line 3')).toThrow('expected the function to throw an Error whose message contains "line 3": it threw undefined, not an Error');
  });

  test('under .rejects, the rejection is what is judged', async () => {
    await expect(Promise.reject(new Error('line 3: no such size'))).rejects.toThrowErrorWith(/^line 3/);
    await expect(expect(Promise.reject(undefined)).rejects.toThrowErrorWith(/line 3/)).rejects.toThrow('it threw undefined, not an Error');
  });

  test("vitest's toThrow(/…/) passes when undefined is thrown: why this matcher exists", () => {
    expect(() => {
      throw undefined;
    }).toThrow(/any message at all/);
  });
});

test("no test pins a message with vitest's toThrow or toThrowError and a pattern or string (negated, it pins nothing: allowed)", () => {
  const files = ['impl', 'oracles', 'properties', 'reports', 'cli', 'bench']
    .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`))
    .filter((f) => f.endsWith('.test.ts'));
  const weak = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').flatMap((line, k) => (/(?<!\.not)\.toThrow(Error)?\(['"`/]/.test(line) ? [`${f}:${k + 1}`] : [])));
  expect(files.length).toBeGreaterThan(50);
  expect(weak).toEqual([]);
});
