import { describe, expect, test } from 'vitest';
import { float64 } from './field.ts';
import { NotationError, parseStatement, runNotation } from './index-notation.ts';

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
});
