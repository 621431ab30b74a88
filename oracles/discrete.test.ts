import { describe, expect, it } from 'vitest';
import { coupled, expectation, independentBlock, moments, ONE, q, withMoments, type Block, type Marginal, type Q } from './discrete.ts';
import { rational } from './numbers/rational.ts';

/** '0:1/4 2:3/4' is the law with value 0 at probability 1/4 and 2 at 3/4. */
const law = (text: string): Marginal => {
  const pairs = text.split(' ').map((pair) => pair.split(':').map(q));
  return { values: pairs.map(([v]) => v), probs: pairs.map(([, p]) => p) };
};
const showLaw = (m: Marginal) => m.values.map((v, k) => `${v.toFraction()}:${m.probs[k].toFraction()}`).join(' ');
/** '1/4:0,2' is the joint outcome (0, 2) at probability 1/4. */
const showBlock = (b: Block) => b.outcomes.map((o) => `${o.p.toFraction()}:${o.values.map((v) => v.toFraction()).join(',')}`).join(' ');

describe('withMoments', () => {
  it.each([
    ['3', '0', [], '3:1'], // variance 0: the point mass, whatever the offsets
    ['0', '1', [], '-1:1/2 1:1/2'], // no offset: a = −1
    ['0', '1', ['0'], '-1:1/2 1:1/2'], // a zero offset is replaced by −1
    ['0', '1', ['2'], '2:1/5 -1/2:4/5'], // one offset a: mean + a and mean − variance/a
    ['1', '1', ['-2', '3'], '-1:1/10 4:1/15 1:5/6'], // −ac = 6 > variance: the two points mixed with the mean, weight 1/6
    ['0', '1', ['2', '3'], '2:1/10 -3:1/15 0:5/6'], // a > 0: the second offset goes to the other side
    ['0', '1', ['-1', '1'], '-1:1/2 1:1/2'], // −ac = variance exactly: weight 1, no point at the mean
    ['0', '4', ['-1', '1'], '-1:4/5 4:1/5'], // −ac = 1 < variance: c is pushed out to 4, weight 1
  ])('mean %s, variance %s, offsets %j: %s', (mean, variance, offsets, expected) => {
    const m = withMoments(q(mean), q(variance), offsets.map(q));
    expect(showLaw(m)).toBe(expected);
    // the hand-worked laws above do have the asked moments
    const got = moments(m);
    expect([got.mean.toFraction(), got.variance.toFraction()]).toEqual([q(mean).toFraction(), q(variance).toFraction()]);
  });

  it('refuses a negative variance', () => {
    expect(() => withMoments(q(0), q('-1/2'), [])).toThrowErrorWith('negative variance -1/2');
  });
});

describe('expectation', () => {
  const x = independentBlock('x', law('0:0 2:1/2 4:1/2'));
  const failing = (value: (name: string) => Q): Q => {
    value('x');
    throw new Error('f failed');
  };
  it.each<[string, (value: (name: string) => Q) => Q, string | RegExp]>([
    // an outcome of probability 0 is never evaluated: 1/x need only be defined where x can land
    ['E[1/x] skips x = 0 at probability 0', (value) => ONE.div(value('x')), '3/8'],
    ['a variable no block owns is refused by name', (value) => value('y'), /^no distribution for y$/],
    ["f's own error passes through", failing, /^f failed$/],
  ])('%s', (_, f, expected) => {
    if (typeof expected === 'string') expect(expectation([x], f, rational).toFraction()).toBe(expected);
    else expect(() => expectation([x], f, rational)).toThrow(expected);
  });
  it('runs f once per joint outcome of what it reads, a block only where it is read', () => {
    const a = independentBlock('a', law('0:1/2 1:1/2'));
    const b = independentBlock('b', law('10:1/4 20:3/4'));
    const seen: string[] = [];
    // b is read only where a = 1: 1/2·0 + 1/2·(1/4·10 + 3/4·20) = 35/4
    const e = expectation([a, b], (value) => (value('a').equals(0) ? (seen.push('a=0'), q(0)) : (seen.push(`a=1 b=${value('b').toFraction()}`), value('b'))), rational);
    expect(e.toFraction()).toBe('35/4');
    expect(seen).toEqual(['a=0', 'a=1 b=10', 'a=1 b=20']);
  });
});

describe('coupled', () => {
  it.each([
    [['0:1/2 1:1/2', '0:1/2 1:1/2'], [true, true], '1/2:0,0 1/2:1,1'],
    [['0:1/2 1:1/2', '0:1/2 1:1/2'], [true, false], '1/2:0,1 1/2:1,0'],
    [['2:3/4 0:1/4', '0:1/2 1:1/2'], [true, true], '1/4:0,0 1/4:2,0 1/2:2,1'], // values given unsorted
    [['0:1/2 1:0 2:1/2'], [true], '1/2:0 1/2:2'], // a value of probability 0 makes no outcome
    // x's last value has probability 0: x is not past its end when y is, and the loop must stop there
    [['0:1 1:0', '0:1/2 1:1/2'], [true, true], '1/2:0,0 1/2:0,1'],
  ])('%j rising %j: %s', (marginals, rising, expected) => {
    expect(showBlock(coupled(marginals.map((_, k) => `v${k}`), marginals.map(law), rising))).toBe(expected);
  });
});
