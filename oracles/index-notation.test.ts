import { describe, expect, test } from 'vitest';
import { float64 } from './numbers/float64.ts';
import { NotationError, parseStatement, runNotation, type FieldTensor } from './index-notation.ts';

describe('the += index-notation interpreter', () => {
  test('runs a matrix product literally, accumulating into what is there', () => {
    const C = { shape: [2, 2], data: [100, 0, 0, 0] };
    runNotation(float64, [parseStatement('forall i,j,k: C.value[i,k] += A.value[i,j] * B.value[j,k]')], {
      'C.value': C,
      'A.value': { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] },
      'B.value': { shape: [3, 2], data: [7, 8, 9, 10, 11, 12] },
    });
    expect(C.data).toEqual([158, 64, 139, 154]);
  });

  test("reads the exam's primes, parentheses, + and -", () => {
    const out = { shape: [2], data: [0, 0] };
    runNotation(float64, [parseStatement("forall c: Y.value[c] += 2 * (L'.grad[c] - B.value[c])")], {
      'Y.value': out,
      "L'.grad": { shape: [2], data: [5, 1] },
      'B.value': { shape: [2], data: [1, 4] },
    });
    expect(out.data).toEqual([8, -6]);
  });

  test.each([
    ['forall c: Y.value[c] += X.value[d]', 'index "d" is not bound by forall'],
    ['forall c: Y.value[c] += (X.value[c]', 'expected ")"'],
    ['forall c: Y.value[c] = X.value[c]', 'expected "+="'],
    ['Y.value[c] += X.value[c]', 'expected "forall"'],
    ['forall c: Y.value[c] += X.value[c] $', 'cannot read "$"'],
    ['forall c: Y.value[c] += X.value[c] * Z.value[d]', 'index "d" is not bound by forall'], // inside a product
    ['forall c: Y.value[c', 'expected "]" but found "end"'],
    ['forall c: Y.value[', 'expected a name but found "end"'],
    ['forall 1: Y.value[c] += X.value[c]', 'expected a name but found "1"'],
    ['forall c: Y.value[c] += X.value[c] )', 'unexpected ")"'],
  ])('rejects %s with one line naming the problem', (source, message) => {
    expect(() => parseStatement(source)).toThrowError(NotationError);
    expect(() => parseStatement(source)).toThrowError(message);
  });

  test('rejects an index that ranges over two different extents', () => {
    const s = parseStatement('forall c: Y.value[c] += X.value[c]');
    expect(() => runNotation(float64, [s], { 'Y.value': { shape: [2], data: [0, 0] }, 'X.value': { shape: [3], data: [1, 2, 3] } })).toThrowError(
      'index "c" ranges over 2 and 3',
    );
  });

  // Y.value is frozen: a run that should stop before writing throws a TypeError if it writes at all.
  const run = (source: string, env: Record<string, FieldTensor<number>>) => {
    const y = { shape: [...env['Y.value'].shape], data: Object.freeze([...env['Y.value'].data]) as number[] };
    runNotation(float64, [parseStatement(source)], { ...env, 'Y.value': y });
  };
  const v = (...data: number[]) => ({ shape: [data.length], data });

  test.each([
    ['forall c: Y.value[c] += X.value[c]', { 'Y.value': v(0, 0) }, 'unknown tensor "X.value"'],
    ['forall c: Y.value[c] += X.value[c]', { 'Y.value': v(0, 0), 'X.value': { shape: [2, 1], data: [1, 2] } }, 'X.value has 2 axes but is indexed by 1 indices'],
    // an empty extent is still an extent
    ['forall c: Y.value[c] += X.value[c]', { 'Y.value': v(), 'X.value': v(1, 2, 3) }, 'index "c" ranges over 0 and 3'],
    // the first index, so that its slot is 0
    ['forall d,c: Y.value[c] += X.value[c]', { 'Y.value': v(0, 0), 'X.value': v(1, 2) }, 'index "d" is never used, so its range is unknown'],
  ])('refuses to run %s on %j: %s', (source, env, message) => {
    expect(() => run(source, env)).toThrowError(NotationError);
    expect(() => run(source, env)).toThrowError(message);
  });

  test('an index with no values runs nothing: the target is not written at all', () => {
    expect(() => run('forall c,k: Y.value[c] += X.value[c,k]', { 'Y.value': v(5, 7), 'X.value': { shape: [2, 0], data: [] } })).not.toThrow();
  });

  test.each([
    ['forall c: Y.value[c] += X.value[c] + 1', [11, 21]],
    ['forall c: Y.value[c] += X.value[c] - 1', [9, 19]],
    ['forall c: Y.value[c] += W1.value[c] * 2', [6, 10]], // a name with a digit is not a number
    ['forall c: Y.value[c] += 3 * X.value[c]  \n\t ', [30, 60]], // trailing whitespace, more than one character
  ])('evaluates %s', (source, want) => {
    const y = v(0, 0);
    runNotation(float64, [parseStatement(source)], { 'Y.value': y, 'X.value': v(10, 20), 'W1.value': v(3, 5) });
    expect(y.data).toEqual(want);
  });
});
