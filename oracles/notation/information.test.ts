/** H, I, KL and CE of finite laws (information.ts): known answers worked out by hand, and their wrong forms refuted. */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../discrete.ts';
import { decimal } from '../numbers/decimal.ts';
import { NotRepresentable } from '../numbers/tower.ts';
import { crossEntropy, entropy, kl, mutualInformation } from './information.ts';

const D = decimal(50);
const ln = (x: number, over = 1) => D.log(D.fromRational(new Fraction(x, over)));
/** A law from [keys…, probability] rows. */
const law = (...rows: [...string[], string][]): Outcome[] => rows.map((r) => ({ keys: r.slice(0, -1), p: new Fraction(r.at(-1)!) }));
/** a and b equal to 45 digits. */
const same = (a: { toString(): string }, b: { toString(): string }) => expect(D.fromRational(new Fraction(0)).plus(a.toString()).minus(b.toString()).abs().lt('1e-45')).toBe(true);

describe('entropy, conditional entropy, mutual information, KL and cross-entropy by hand', () => {
  it('H of a fair coin is ln 2; of {1/4, 1/4, 1/2}, 3/2 ln 2; of a point mass, 0 (an outcome of probability 0 is never listed: 0 ln 0 = 0)', () => {
    same(entropy(D, law(['0', '1/2'], ['1', '1/2']), 1), ln(2));
    same(entropy(D, law(['1', '1/4'], ['2', '1/4'], ['3', '1/2']), 1), ln(2).mul(1.5));
    same(entropy(D, law(['1', '1']), 1), 0);
  });

  it('outcomes with equal keys are one value: {1: 1/4, 1: 1/4, 2: 1/2} is a fair coin', () => {
    same(entropy(D, law(['1', '1/4'], ['1', '1/4'], ['2', '1/2']), 1), ln(2));
  });

  // P(1,1) = 1/2, P(1,2) = P(2,1) = 1/4: P(x = 1) = 3/4, y | x = 1 is {2/3, 1/3}, y | x = 2 is fixed
  const joint = law(['1', '1', '1/2'], ['1', '2', '1/4'], ['2', '1', '1/4']);
  it('H(x, y) = 3/2 ln 2; H(y | x) = 3/4 ln 3 − 1/2 ln 2, from −Σ p(x, y) ln p(y | x), not H(x, y) − H(x) (the keys after the first are the condition)', () => {
    same(entropy(D, joint, 2), ln(2).mul(1.5));
    // entropy(law, 1) conditions the first key on the second: H(x | y) here, and the table is symmetric
    const swapped = joint.map((o) => ({ keys: [o.keys[1], o.keys[0]], p: o.p }));
    same(entropy(D, swapped, 1), ln(3).mul(0.75).minus(ln(2).mul(0.5)));
    same(entropy(D, joint, 1), ln(3).mul(0.75).minus(ln(2).mul(0.5)));
  });

  it('I(x, y): ln 2 for x = y a fair bit, 0 for independent bits, and H(x) − H(x | y) on the joint above; I(x, y | z) = 0 when x = y = z', () => {
    same(mutualInformation(D, law(['0', '0', '1/2'], ['1', '1', '1/2'])), ln(2));
    same(mutualInformation(D, law(['0', '0', '1/4'], ['0', '1', '1/4'], ['1', '0', '1/4'], ['1', '1', '1/4'])), 0);
    // H(x) = −(3/4 ln 3/4 + 1/4 ln 1/4) = 2 ln 2 − 3/4 ln 3
    same(mutualInformation(D, joint), ln(2).mul(2).minus(ln(3).mul(0.75)).minus(ln(3).mul(0.75).minus(ln(2).mul(0.5))));
    same(mutualInformation(D, law(['0', '0', '0', '1/2'], ['1', '1', '1', '1/2'])), 0);
  });

  it('KL({1/2, 1/2}, {1/4, 3/4}) = 1/2 ln(4/3) (not 0, not negative, and not the reverse KL, 3/4 ln 3 − ln 2); CE = ln 2 + 1/2 ln(4/3) = H + KL', () => {
    // each outcome reads the two laws' values (the first key p's, the second q's): here independent, p fair, q {1/4, 3/4}
    const pq = law(['0', '0', '1/8'], ['0', '1', '3/8'], ['1', '0', '1/8'], ['1', '1', '3/8']);
    same(kl(D, pq), ln(4, 3).mul(0.5));
    const qp = pq.map((o) => ({ keys: [o.keys[1], o.keys[0]], p: o.p }));
    same(kl(D, qp), ln(3).mul(0.75).minus(ln(2)));
    same(crossEntropy(D, pq), ln(2).plus(ln(4, 3).mul(0.5)));
  });

  it('KL and CE are +infinity where q gives probability 0 to a value p does not: no value (NotRepresentable), never a number', () => {
    const pq = law(['0', '1', '1/2'], ['1', '1', '1/2']);
    expect(() => kl(D, pq)).toThrow(NotRepresentable);
    expect(() => crossEntropy(D, pq)).toThrowErrorWith(/CE is \+infinity: the second law gives 0 probability 0/);
    // and p's zeros cost nothing: KL({1}, {1/2, 1/2}) = ln 2
    same(kl(D, law(['1', '1', '1/2'], ['1', '2', '1/2'])), ln(2));
  });
});
