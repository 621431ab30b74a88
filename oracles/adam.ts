/**
 * The oracle for Problem 3: how good an estimate of E[g²] the exam's sᵢ is, in closed form, in
 * quad-double (decimal.js at 50 digits where a value leaves quad's band), so ε down to 1e-9 and b
 * up to millions lose nothing.
 *
 * The gradient of a batch is the mean of b per-example gradients, each 1 with probability ε and 0
 * otherwise, independently: g = X/b with X ~ Binomial(b, ε); b = 1 is the per-example reading.
 * s^{t+1} = β₂s^t + (1−β₂)g_t² unrolls to s = Σⱼ (1−β₂)β₂ʲ g²_{t−j}. For β₂ ∈ [0,1) the weights
 * are ≥ 0 and sum to 1, and at stationarity
 *     E[s] = E[g²],   Var[s] = Σⱼ (1−β₂)²β₂²ʲ Var[g²] = (1−β₂)/(1+β₂) · Var[g²],
 * so the relative standard deviation is sd(s)/E[g²] = √((1−β₂)/(1+β₂) · (E[g⁴]/E[g²]² − 1)).
 * Binomial moments come from factorial moments E[X(X−1)…(X−k+1)] = b(b−1)…(b−k+1)εᵏ and the
 * Stirling numbers of the second kind: X² = X₍₁₎ + X₍₂₎, X⁴ = X₍₁₎ + 7X₍₂₎ + 6X₍₃₎ + X₍₄₎.
 */
import { Decimal } from 'decimal.js';
import { decimalOf as exactDecimal, inQuadElseDecimal } from './numbers/decimal.ts';
import type { Analytic } from './numbers/tower.ts';

export const D = Decimal.clone({ precision: 50 });
export type Dec = InstanceType<typeof D>;

/** A double as a decimal, exactly (every digit of its binary value). */
export const decimalOf = (x: number): Dec => exactDecimal(D, x);

/** E[X⁴]/E[X²]² − 1 for X ~ Binomial(b, ε), in the number system N. */
function relativeVarianceIn<T>(N: Analytic<T>, epsilon: number, b: number): T {
  const e = N.fromNumber(epsilon);
  const falling = (k: number) => {
    let r = N.one;
    for (let i = 0; i < k; i++) r = N.mul(r, N.mul(N.fromNumber(b - i), e));
    return r;
  };
  const [f1, f2, f3, f4] = [1, 2, 3, 4].map(falling);
  const m2 = N.add(f1, f2);
  const m4 = N.add(N.add(N.add(f1, N.mul(N.fromNumber(7), f2)), N.mul(N.fromNumber(6), f3)), f4);
  return N.sub(N.div(m4, N.mul(m2, m2)), N.one);
}

/** E[X⁴]/E[X²]² − 1 for X ~ Binomial(b, ε): the relative variance of g², the same for g = X or X/b. */
export const relativeVarianceOfSquare = (epsilon: number, b: number): Dec => inQuadElseDecimal(D, (N, toDecimal) => toDecimal(relativeVarianceIn(N, epsilon, b)));

/** sd(s)/E[g²] at stationarity, for β₂ ∈ [0,1) (the caller checks the range). */
export const relativeSd = (beta2: number, epsilon: number, b: number): Dec =>
  inQuadElseDecimal(D, (N, toDecimal) => {
    const beta = N.fromNumber(beta2);
    return toDecimal(N.sqrt(N.mul(N.div(N.sub(N.one, beta), N.add(N.one, beta)), relativeVarianceIn(N, epsilon, b))));
  });

/**
 * "A reasonable estimate", as a checkable criterion: s is a weighted average of past g² (β₂ ∈ [0,1)),
 * so E[s] = E[g²] at stationarity, and its relative standard deviation is at most 1/2.
 */
export const REASONABLE_RELATIVE_SD = 0.5;

/** P(X = k), k = 0 … b, for X ~ Binomial(b, ε): C(b, k)·εᵏ(1 − ε)^(b−k), at 50 digits. */
export function binomialLaw(epsilon: number, b: number): Dec[] {
  const e = decimalOf(epsilon);
  const law: Dec[] = [];
  let choose = new D(1);
  for (let k = 0; k <= b; k++) {
    law.push(choose.times(e.pow(k)).times(new D(1).minus(e).pow(b - k)));
    choose = choose.times(b - k).div(k + 1);
  }
  return law;
}

/** One value of the gradient: its probability, and a rule's s' = B·s + C there. */
export interface AffineOutcome {
  readonly p: Dec;
  readonly B: Dec;
  readonly C: Dec;
}

/**
 * The stationary mean and second moment of s^{t+1} = B_t s^t + C_t with (B_t, C_t) drawn
 * independently at each step (the gradient's value picks the outcome): s^t is independent of
 * (B_t, C_t), so taking expectations of s' and of s'² at stationarity gives (`forget` is 1 − E[B])
 *     E[s] = E[C]/(1 − E[B]),   E[s²] = (E[C²] + 2E[s]E[BC])/(1 − E[B²]).
 * null when E[B] ≥ 1 or E[B²] ≥ 1: s then has no stationary law that forgets s⁰ (or its variance
 * grows without bound). The exam's rule, B = β₂ and C = (1 − β₂)g², gives E[s] = E[g²] and
 * Var[s] = (1 − β₂)/(1 + β₂)·Var[g²], as above.
 */
export function affineStationary(outcomes: readonly AffineOutcome[]): { mean: Dec; second: Dec; forget: Dec } | null {
  const E = (f: (o: AffineOutcome) => Dec) => outcomes.reduce((sum, o) => sum.plus(o.p.times(f(o))), new D(0));
  // 1 − E[B] as E[1 − B] (the probabilities sum to 1): a rule with B = 1 everywhere gives exactly 0, not the probabilities' rounding
  const [forget, forgetSquare] = [E((o) => new D(1).minus(o.B)), E((o) => new D(1).minus(o.B.pow(2)))];
  if (forget.lte(0) || forgetSquare.lte(0)) return null;
  const mean = E((o) => o.C).div(forget);
  const second = E((o) => o.C.pow(2)).plus(mean.times(2).times(E((o) => o.B.times(o.C)))).div(forgetSquare);
  return { mean, second, forget };
}
