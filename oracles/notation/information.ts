/**
 * Information quantities of finite laws, from their definitions, by enumeration: the engine's
 * H, I, KL and CE (exams/README.md, "Laws, expectations and information"). A law is the list of its outcomes
 * with nonzero probability, each a tuple of exact keys (the values of the quantity's arguments,
 * computed in the surds) and its probability, a rational; outcomes with equal keys are added up.
 * Every probability and ratio is exact; each term takes one logarithm of an exact rational in
 * the number system N (decimal at 50 digits in the chain engine), so a quantity is within a few
 * roundings of 10^-49 of its value, relative, per term. Natural logarithms (nats): bits are the
 * value divided by ln 2. 0 ln 0 = 0: outcomes of probability 0 are never listed, so they add
 * nothing. Sources: Cover & Thomas, Elements of Information Theory (2nd ed.), §2.1–2.3 (H, H(Y|X),
 * I(X;Y), D(p‖q), and D = +∞ where q(v) = 0 < p(v)); §5.4 for the cross-entropy H(p, q) = H(p) + D(p‖q).
 */
import type Fraction from 'fraction.js';
import type { Outcome } from '../discrete.ts';
import { NotRepresentable, type Analytic } from '../numbers/tower.ts';

/** A key tuple as one string (keys are shown numbers: no unit separator in them). */
const join = (keys: readonly string[]): string => keys.join('\u001f');

/** The law of the keys at positions `pick`: each tuple's probability, the outcomes that give it added up. */
function marginal(law: readonly Outcome[], pick: readonly number[]): Map<string, Fraction> {
  const m = new Map<string, Fraction>();
  for (const o of law) {
    const k = join(pick.map((i) => o.keys[i]));
    const had = m.get(k);
    m.set(k, had ? had.add(o.p) : o.p);
  }
  return m;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);

/** Σ over the tuples of `joint` of p · ln(ratio(tuple)), each ratio an exact rational, in N. */
function sumPLogs<T>(N: Analytic<T>, joint: ReadonlyMap<string, Fraction>, ratio: (key: string, p: Fraction) => Fraction): T {
  let total = N.zero;
  for (const [k, p] of joint) total = N.add(total, N.mul(N.fromRational(p), N.log(N.fromRational(ratio(k, p)))));
  return total;
}

/** The given part of a joint tuple's key (the keys after the first `split`). */
const tail = (key: string, split: number): string => join(key.split('\u001f').slice(split));

/**
 * H(A | B) = −Σ_{a,b} p(a, b) ln(p(a, b) / p(b)), A the first `split` keys of each outcome and B
 * the rest (none: H(A) = −Σ p(a) ln p(a)).
 */
export function entropy<T>(N: Analytic<T>, law: readonly Outcome[], split: number): T {
  const width = law[0]?.keys.length ?? split;
  const joint = marginal(law, range(0, width));
  const given = marginal(law, range(split, width));
  return N.neg(sumPLogs(N, joint, (k, p) => p.div(given.get(tail(k, split))!)));
}

/** I(X; Y | Z) = Σ p(x, y, z) ln(p(x, y, z) p(z) / (p(x, z) p(y, z))), X the first key, Y the second, Z the rest (none: I(X; Y)). */
export function mutualInformation<T>(N: Analytic<T>, law: readonly Outcome[]): T {
  const width = law[0]?.keys.length ?? 2;
  const z = range(2, width);
  const [xyz, xz, yz, zs] = [range(0, width), [0, ...z], [1, ...z], z].map((pick) => marginal(law, pick));
  return sumPLogs(N, xyz, (k, p) => {
    const keys = k.split('\u001f');
    const rest = keys.slice(2);
    return p.mul(zs.get(join(rest))!).div(xz.get(join([keys[0], ...rest]))!.mul(yz.get(join([keys[1], ...rest]))!));
  });
}

/** The laws of the first and the second key (each outcome reads both: the two arguments of KL or CE). */
const twoLaws = (law: readonly Outcome[]) => [marginal(law, [0]), marginal(law, [1])] as const;

/** q(v) for p's value v, where p(v) > 0: NotRepresentable (the quantity is +∞) where q(v) = 0. */
function against(q: ReadonlyMap<string, Fraction>, v: string, what: string): Fraction {
  const qv = q.get(v);
  if (qv === undefined) throw new NotRepresentable(`${what} is +infinity: the second law gives ${v} probability 0 and the first does not`);
  return qv;
}

/** KL(p, q) = Σ_v p(v) ln(p(v) / q(v)): p the first key's law, q the second's. */
export function kl<T>(N: Analytic<T>, law: readonly Outcome[]): T {
  const [p, q] = twoLaws(law);
  return sumPLogs(N, p, (v, pv) => pv.div(against(q, v, 'KL')));
}

/** CE(p, q) = −Σ_v p(v) ln q(v): the cross-entropy of q relative to p. */
export function crossEntropy<T>(N: Analytic<T>, law: readonly Outcome[]): T {
  const [p, q] = twoLaws(law);
  return N.neg(sumPLogs(N, p, (v) => against(q, v, 'CE')));
}
