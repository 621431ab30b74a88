/**
 * Finite laws in claim files (laws.ts's `finiteOutcomes`: `random … ~ categorical{…}`, joint
 * `random (x, y) ~ categorical{(a, b): p, …}`, and `~ any law on 1..n`) and the information quantities over them (compile.ts, information.ts), through the
 * chain checker: known answers verified, claims over every law of a family verified over many
 * random laws, false ones refuted with the smallest witness (fewest outcomes, simplest probabilities).
 */
import { describe, expect, it } from 'vitest';
import { checkDerivation, DerivationError, parseDerivation } from './derivation.ts';

/** The first failure over seeds 1 … seeds (one random point each, then the simple points), or null where every seed passes. */
function firstFailure(text: string, seeds = 10): string | null {
  const der = parseDerivation(text, 'f.deriv');
  for (let seed = 1; seed <= seeds; seed++) {
    const why = checkDerivation(der, seed);
    if (why) return why;
  }
  return null;
}

const BIT = 'real P in [0, 1]\nrandom y ~ categorical{0: 1/2, 1: 1/2}\nrandom eps ~ categorical{0: 1 - P, 1: P}\nindependent y, eps\nlet yp = abs(y - eps)\n';
const ANY_JOINT = 'integer m in [1, 3]\ninteger n in [1, 3]\nrandom (x, y) ~ any law on 1..m, 1..n\n';
const ANY_TWO = 'integer n in [1, 3]\nrandom u ~ any law on 1..n\nrandom v ~ any law on 1..n\nindependent u, v\n';
const TABLE = 'random (x, y) ~ categorical{(0, 0): 1/2, (0, 1): 1/4, (1, 1): 1/4}\n';

describe('a table law: exact probabilities from the point, conditional forms by hand', () => {
  it.each([
    ['Pr of a table entry, exactly in rationals', `${BIT}Pr(eps == 1)\n= P\n`],
    ['a bit through a channel that flips it with probability P: Pr(y = y′) = 1 − P', `${BIT}Pr(y == yp)\n= 1 - P\n= E[ind(y == yp)]\n`],
    // y = 1: x is 0 or 1 with 1/4 each; x = 0: y is 0 with 1/2, 1 with 1/4
    ['E[x | y == 1] = 1/2, E[y | x == 0] = 1/3, Pr(y == 1 | x == 0) = 1/3', `${TABLE}E[x | y == 1]\n= 1/2\nE[y | x == 0]\n= 1/3\nPr(y == 1 | x == 0)\n= 1/3\n`],
    // E[x | y] is 0 at y = 0 and 1/2 at y = 1, each with probability 1/2
    ['E[x | y] a random variable: E[E[x | y]^2] = 1/8, and the tower rule E[E[x | y]] = E[x]', `${TABLE}E[E[x | y]^2]\n= 1/8\nE[E[x | y]]\n= E[x]\n`],
    // Pr(x, y) inside E is the law at the outcome: E[Pr(x, y)] = 1/4 + 1/16 + 1/16
    ['Pr(x, y) inside E[...] is the law at the outcome drawn: E[Pr(x, y)] = Σ p² = 3/8', `${TABLE}E[Pr(x, y)]\n= 3/8\nE[Pr(y | x)]\n= 1/2*2/3 + 1/4*1/3 + 1/4*1\n`],
    ['H of the joint table by hand: 3/2 ln 2; I(x, y) = H(x) − H(x | y)', `${TABLE}H(x, y)\n= 3/2*ln(2)\nI(x, y)\n= H(x) - H(x | y)\n`],
    ['the binary symmetric channel: I(y, y′) = ln 2 − H(ε) at every P in [0, 1], ends included (0 ln 0 = 0)', `${BIT}I(y, yp)\n= ln(2) - H(eps)\n`],
  ])('%s', (_, text) => {
    expect(firstFailure(text, 5)).toBeNull();
  });

  it.each([
    // the simplest P first: 0, where ε is 0 for sure
    ['Pr(eps == 1) = 1 − P', `${BIT}Pr(eps == 1)\n= 1 - P\n`, 'line 1 → line 2 fails (f.deriv:7): line 1 = 0, line 2 = 1, at P = 0, y ∈ {0: 1/2, 1: 1/2}, eps ∈ {0: 1}'],
    ['E[E[x | y]^2] = E[x]^2 (the variance of E[x | y] is not 0)', `${TABLE}E[E[x | y]^2]\n= E[x]^2\n`, 'line 1 → line 2 fails (f.deriv:3): line 1 = 1/8, line 2 = 1/16, at (x, y) ∈ {(0, 0): 1/2, (0, 1): 1/4, (1, 1): 1/4}'],
    ['I(y, y′) = H(ε) (the capacity taken as the noise)', `${BIT}I(y, yp)\n= H(eps)\n`, /^line 1 → line 2 fails \(f\.deriv:7\): line 1 = 0\.693147, line 2 = 0, at P = 0,/],
  ])('refuted: %s', (_, text, message) => {
    const why = firstFailure(text, 5);
    if (typeof message === 'string') expect(why).toBe(message);
    else expect(why).toMatch(message);
  });
});

describe('claims over every law of a family: verified over random laws, false ones refuted at the smallest support', () => {
  // an inequality step is also tried at 300 simple points per seed (simple laws: point masses, halves, zeros): one seed each
  it.each([
    ['KL(P, Q) ≥ 0 for every P, Q on n outcomes (Gibbs)', `${ANY_TWO}KL(u, v)\n>= 0\n`, 1],
    ['I(x, y) ≤ H(x) for every joint law', `${ANY_JOINT}I(x, y)\n<= H(x)\n`, 1],
    ['the chain rule H(x, y) = H(x) + H(y | x) = H(y) + H(x | y), and CE(P, Q) = H(P) + KL(P, Q), for every law', `${ANY_JOINT}${ANY_TWO.replace('integer n in [1, 3]\n', '')}H(x, y)\n= H(x) + H(y | x)\n= H(y) + H(x | y)\nCE(u, v)\n= H(u) + KL(u, v)\n`, 10],
  ])('%s', (_, text, seeds) => {
    expect(firstFailure(text, seeds)).toBeNull();
  });

  it.each([
    // the smallest witness: two outcomes, P a point mass, Q uniform on them
    ['KL(P, Q) ≤ 0', `${ANY_TWO}KL(u, v)\n<= 0\n`, 'line 1 → line 2 fails (f.deriv:6): line 1 = 0.693147, line 2 = 0, at n = 2, u ∈ {1: 1}, v ∈ {1: 1/2, 2: 1/2}'],
    // KL is 0 where P = Q: one outcome suffices
    ['KL(P, Q) > 0', `${ANY_TWO}KL(u, v)\n> 0\n`, 'line 1 → line 2 fails (f.deriv:6): line 1 = 0, line 2 = 0, at n = 1, u ∈ {1: 1}, v ∈ {1: 1}'],
    // two outcomes on which x is fair and y is a function of x
    ['I(x, y) ≥ H(x)', `${ANY_JOINT}I(x, y)\n>= H(x)\n`, 'line 1 → line 2 fails (f.deriv:5): line 1 = 0, line 2 = 0.693147, at m = 2, n = 1, (x, y) ∈ {(1, 1): 1/2, (2, 1): 1/2}'],
  ])('refuted: %s', (_, text, message) => {
    expect(firstFailure(text)).toBe(message);
  });

  it('H(x, y) = H(x) + H(y) (independence assumed) is refuted at a law of two outcomes where x and y vary together', () => {
    const why = firstFailure(`${ANY_JOINT}H(x, y)\n= H(x) + H(y)\n`, 20);
    expect(why).toMatch(/^line 1 → line 2 fails \(f\.deriv:5\): line 1 = 0\.693147, line 2 = 1\.38629, at m = [23], n = [23], \(x, y\) ∈ \{\(\d, \d\): 1\/2, \(\d, \d\): 1\/2\}$/);
  });
});

describe('what a file may not say about laws: one line, file:line', () => {
  it.each([
    ['probabilities that do not sum to 1', 'random x ~ categorical{0: 1/2, 1: 1/4}\nE[x]\n= 1\n', 'f.deriv:1: the probabilities sum to 3/4 here, not 1'],
    ['a negative probability at the point', 'real P in [0, 2]\nrandom x ~ categorical{0: 1 - P, 1: P}\nE[x]\n= P\n', /^f\.deriv:2: the probability 1 - P is -\d+(\/\d+)? here: a probability is at least 0$/],
    // a Bernoulli is the table {0: 1 - (p), 1: p}: the same check, the same line
    ['a Bernoulli parameter above 1 at the point', 'real p in [0, 2]\nrandom b ~ bernoulli(p)\nE[b]\n= p\n', /^f\.deriv:2: the probability 1 - \(p\) is -\d+(\/\d+)? here: a probability is at least 0$/],
    ['an entry without its probability', 'random x ~ categorical{0, 1}\nE[x]\n= 1\n', 'f.deriv:1: a categorical law lists values and their probabilities: categorical{a: p, b: q}'],
    ['a joint entry with one value', 'random (x, y) ~ categorical{0: 1}\nE[x]\n= 0\n', 'f.deriv:1: the entry "0: 1" needs one value per variable: (x, y)'],
    ['ranges for a joint law', 'random (x, y) ~ any law on 1..2\nE[x]\n= 0\n', 'f.deriv:1: 2 variables need 2 ranges (1..m, 1..n), not 1'],
    ['a bar outside H, I, Pr and E', 'random x ~ categorical{0: 1}\nE[x] | 1\n= 0\n', 'f.deriv:2: the bar | (a condition) is read at the top of an argument of H, I or Pr, or inside E[...] (write abs(x) for |x|)'],
    ['KL of one law', 'random x ~ categorical{0: 1}\nKL(x)\n= 0\n', 'f.deriv:2: KL takes two random variables (laws): KL(x, y)'],
    ['H of a real', 'real b\nrandom x ~ categorical{0: 1}\nH(x + b)\n= 0\n', 'f.deriv:3: H(...) reads the real "b": its arguments are random variables and expressions of them (with index letters, sizes and numbers), whose values are exact'],
  ])('%s', (_, text, message) => {
    let error: unknown = null;
    try {
      firstFailure(text, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DerivationError);
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });

  it('Pr(x, y) is the law at the outcome drawn: outside E[...] it has no outcome, one line', () => {
    expect(() => firstFailure('random (x, y) ~ categorical{(0, 0): 1}\nPr(x, y)\n= 1\n', 1)).toThrowErrorWith(/^f\.deriv:2: Pr\(x, y\) is the law at the outcome drawn: put it inside E\[\.\.\.\]$/);
    expect(() => firstFailure('random (x, y) ~ categorical{(0, 0): 1}\nE[x | y]\n= 0\n', 1)).toThrowErrorWith(/^f\.deriv:2: E\[\.\.\. \| \.\.\.\] is a random variable \(a function of y\): put it inside E\[\.\.\.\]$/);
  });
});
