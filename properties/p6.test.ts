/** Problem 6: the discrete-law oracle against known values, and the measurements. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { coupled, expectation, independentBlock, moments, q, withMoments, type Marginal } from '../oracles/discrete.ts';
import { rational as rationalField } from '../oracles/numbers/rational.ts';
import { rational, variance } from './arbitraries/distributions.ts';
import { fileClaimExtras } from './p6.ts';
import { resolveRun } from './profile.ts';

const run = resolveRun();
const die: Marginal = { values: [1, 2, 3, 4, 5, 6].map((v) => q(v)), probs: Array(6).fill(q(1).div(6)) };

describe('oracles/discrete.ts', () => {
  test('a fair die: E = 7/2, Var = 35/12; two independent dice: E[xy] = 49/4', () => {
    expect(moments(die)).toEqual({ mean: q('7/2'), variance: q('35/12') });
    const two = [independentBlock('a', die), independentBlock('b', die)];
    expect(expectation(two, (v) => v('a').mul(v('b')), rationalField).equals('49/4')).toBe(true);
  });

  test('only the blocks an expression reads are enumerated', () => {
    let calls = 0;
    const blocks = ['a', 'b', 'c'].map((n) => independentBlock(n, die));
    expectation(blocks, (v) => (calls++, v('a')), rationalField);
    expect(calls).toBe(6); // once per face of a (its first read fixes it at the first face)
  });

  test('withMoments hits any mean and variance exactly, from any offsets', () => {
    fc.assert(
      fc.property(rational, variance, fc.array(rational, { minLength: 1, maxLength: 2 }), (m, v, offs) => {
        const law = withMoments(q(m), q(v), offs.map(q));
        expect(law.probs.every((p) => p.compare(0) >= 0)).toBe(true);
        expect(law.probs.reduce((s, p) => s.add(p), q(0)).equals(1)).toBe(true);
        const got = moments(law);
        expect([got.mean.toFraction(), got.variance.toFraction()]).toEqual([q(m).toFraction(), q(v).toFraction()]);
      }),
    );
  });

  test('a coupling keeps each marginal: comonotone dice give E[ab] = E[a²] = 91/6, antitone 28/3', () => {
    const up = coupled(['a', 'b'], [die, die], [true, true]);
    const down = coupled(['a', 'b'], [die, die], [true, false]);
    expect(expectation([up], (v) => v('a').mul(v('b')), rationalField).toFraction()).toBe('91/6');
    expect(expectation([down], (v) => v('a').mul(v('b')), rationalField).toFraction()).toBe('28/3');
    expect(expectation([down], (v) => v('b'), rationalField).toFraction()).toBe('7/2');
  });
});

describe('P6 measurements', () => {
  test('with a and b set for the scale s, the gradient relative to ‖w‖ falls exactly as 1/s²', () => {
    const [m] = fileClaimExtras['P6.xavier'].measure!(run);
    const rows = m.table!.rows;
    const ratio = (k: number) => rows[k][3] as number;
    for (let k = 1; k < rows.length; k++) expect(ratio(k - 1) / ratio(k)).toBeCloseTo(16, 12); // s steps by 4
  });

  test('the assumptions table: the exam’s case is exact, each dropped assumption shows', () => {
    const [m] = fileClaimExtras['P6.bias'].measure!(run);
    const [exam, wx, xx] = m.table!.rows;
    expect(exam.slice(1)).toEqual([0, 1]);
    expect(wx[1]).toBeCloseTo(2 / Math.sqrt(6), 14);
    expect(xx[2]).toBeCloseTo(4 / 3, 14);
  });
});
