/**
 * The exam's written derivations, checked line by line (oracles/derivation.ts): Problem 2's
 * induction step and Problem 6's chain for 1/a. An answer is a derivation file's text; the
 * catalog of wrong derivations holds the slips the checker must pinpoint to their line.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { checkDerivation, DerivationError, parseDerivation, POINTS_PER_RUN } from '../oracles/derivation.ts';
import { property, type Answer, type Property } from './claim.ts';

const read = (name: string) => readFileSync(new URL(`../derivations/${name}`, import.meta.url), 'utf8');

/** A derivation and the steps of it a wrong variant must be caught at. */
export interface WrongDerivation extends Answer<string> {
  /**
   * The steps the checker may name, e.g. "line 3 → line 4": the one the slip is in, or, where the
   * slip removes a hypothesis, every step that relies on it (which fails first depends on the point).
   */
  readonly failsAt: readonly string[];
}

/** The reference text with one line replaced (it must be there exactly once). */
function edit(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`the derivation should hold "${from}" exactly once`);
  return text.replace(from, to);
}

const results = new Map<string, string | null>();

/** One run: the derivation's steps at POINTS_PER_RUN uniform points from the seed; a file that does not parse fails with its one-line error. */
const check = (file: string) => (text: string, input: { seed: number }): string | null => {
  const key = `${input.seed}\0${file}\0${text}`;
  if (results.has(key)) return results.get(key)!;
  let why: string | null;
  try {
    why = checkDerivation(parseDerivation(text, file), input.seed);
  } catch (e) {
    if (!(e instanceof DerivationError)) throw e;
    why = e.message;
  }
  if (results.size > 10000) results.clear();
  results.set(key, why);
  return why;
};

const seeds = () => fc.record({ seed: fc.noShrink(fc.integer()) });

const ORACLE = `each step evaluated exactly (rationals and square roots of rationals) at ${POINTS_PER_RUN} point(s) per run satisfying the hypotheses: reals uniform on a grid, uninterpreted functions with independent uniform values, expectations by enumeration over random discrete laws with the declared moments; a failing step is then shown at the simplest point fast-check shrinks to`;

const wrong = (reference: string, id: string, description: string, from: string, to: string, ...failsAt: string[]): WrongDerivation => ({
  id,
  description,
  answer: edit(reference, from, to),
  failsAt,
});

// ---------------------------------------------------------------------------------------------
// Problem 2: v^{t+1} = η′ĝ^{t+1} and Ψ^{t+1} = Θ^{t+1} from the induction hypothesis.

const P2 = read('p2-induction.deriv');

export const P2_WRONG: readonly WrongDerivation[] = [
  wrong(P2, 'eta-for-eta-prime', 'line 3 uses vᵗ = ηĝᵗ (η for η′) from the hypothesis', '= mu * (eta\' * ghat_t) + eta * grad(Psi_t)', '= mu * (eta * ghat_t) + eta * grad(Psi_t)', 'chain 1: line 2 → line 3'),
  wrong(P2, 'eta-ratio-inverted', "line 4 writes η′/η for η/η′", "= eta' * (mu * ghat_t + eta / eta' * grad(Psi_t))", "= eta' * (mu * ghat_t + eta' / eta * grad(Psi_t))", 'chain 1: line 3 → line 4'),
  wrong(P2, 'mu-for-one-minus-mu', 'line 5 writes μ for 1 − μ', "= eta' * (mu * ghat_t + (1 - mu) * grad(Psi_t))", "= eta' * (mu * ghat_t + mu * grad(Psi_t))", 'chain 1: line 4 → line 5'),
  wrong(P2, 'hypothesis-not-used', 'line 3 evaluates the gradient at Ψᵗ⁺¹ instead of Ψᵗ = Θᵗ', "= mu * (eta' * ghat_t) + eta * grad(Psi_t)", "= mu * (eta' * ghat_t) + eta * grad(Psi_next)", 'chain 1: line 2 → line 3'),
  wrong(P2, 'eta-prime-times-one-minus-mu', 'η′ defined as η(1 − μ)', "let eta' = eta / (1 - mu)", "let eta' = eta * (1 - mu)", 'chain 1: line 4 → line 5'),
];

/** A derivation file as a claim's property: every step checked, at points from a seed. */
const derivation = (file: string, text: string, domain: string, description: string, wrongAnswers: readonly WrongDerivation[], errata: Property<string, { seed: number }>['errata']) =>
  property<string, { seed: number }>({
    domain,
    arbitrary: seeds,
    check: check(file),
    oracle: ORACLE,
    reference: { id: 'reference', description: `derivations/${file}: ${description}`, answer: text },
    wrongAnswers,
    errata,
  });

export const induction = derivation(
  'p2-induction.deriv',
  P2,
  'μ ∈ [0, 1), η ∈ (0, 4], any ĝᵗ, Θᵗ and any gradient function; vᵗ and Ψᵗ from the induction hypothesis',
  'the exam’s five lines, then Ψᵗ⁺¹ = Θᵗ⁺¹',
  P2_WRONG,
  [
    {
      id: 'velocity-update',
      asWritten: String.raw`$\hat{v}^{t+1} = \mu v^t + \eta \nabla_{\Theta} \ell^t(\Theta)$, $\Theta = v^{t+1}$; and $\Psi^t \mathrel{-}= \eta' \hat{g}^{t+1}$`,
      corrected: String.raw`$v^{t+1} = \mu v^t + \eta \nabla_{\Theta} \ell^t(\Theta^t)$, $\Theta^{t+1} = \Theta^t - v^{t+1}$; and $\Psi^{t+1} = \Psi^t - \eta' \hat{g}^{t+1}$`,
      literal: edit(P2, 'let Theta_next = Theta_t - v_next', 'let Theta_next = v_next'),
      fixed: P2,
    },
  ],
);

// ---------------------------------------------------------------------------------------------
// Problem 6a: the chain for 1/a.

const P6 = read('p6-scale.deriv');

export const P6_WRONG: readonly WrongDerivation[] = [
  wrong(P6, 'b-without-d', 'line 2 subtracts μ_wμ_x instead of dμ_wμ_x', '= sqrt(E[(sum(i, w[i]*x[i]) - d*mu_w*mu_x)^2])', '= sqrt(E[(sum(i, w[i]*x[i]) - mu_w*mu_x)^2])', 'line 1 → line 2', 'line 2 → line 3'),
  wrong(P6, 'dropped-cross-term', 'line 7 drops the εₓ²ε_w² term', '= sqrt(d*E[mu_w^2*eps_x^2 + mu_x^2*eps_w^2 + eps_x^2*eps_w^2])', '= sqrt(d*E[mu_w^2*eps_x^2 + mu_x^2*eps_w^2])', 'line 6 → line 7'),
  wrong(P6, 'inputs-dependent', '"other terms are zero" with the xᵢ not independent of each other (only the wᵢ declared independent)', 'independent w, x', 'independent w', 'line 3 → line 4'),
  wrong(P6, 'w-dependent-on-x', 'no independence hypothesis at all: wᵢ and xᵢ dependent', 'independent w, x', '', 'line 1 → line 2', 'line 3 → line 4'),
  wrong(P6, 'sigma-not-squared', 'line 8 writes σ for σ²', '= sqrt(d*(mu_w^2*sigma_x^2 + mu_x^2*sigma_w^2 + sigma_x^2*sigma_w^2))', '= sqrt(d*(mu_w^2*sigma_x + mu_x^2*sigma_w + sigma_x*sigma_w))', 'line 7 → line 8'),
  wrong(P6, 'square-outside-sum', 'line 4 moves the square outside E without the cross terms: E[Σ]² for E[Σ²]', '= sqrt(E[sum(i, (w[i]*x[i] - mu_w*mu_x)^2)])', '= sqrt(sum(i, E[w[i]*x[i] - mu_w*mu_x])^2)', 'line 3 → line 4'),
];

export const chain = derivation(
  'p6-scale.deriv',
  P6,
  'd ∈ {1, 2, 3}; μ_w, μ_x ∈ [−4, 4]; σ_w, σ_x ∈ [0, 4]; independent wᵢ, xᵢ with those means and variances, each with its own 2- or 3-point law',
  'the exam’s eight lines for 1/a',
  P6_WRONG,
  [
    {
      id: 'unbalanced-line-2',
      asWritten: String.raw`$\frac{1}{a} = \sqrt{E\left[\left(\sum_{i} w_{i}x_{i}\right) - d\mu_{w}\mu_{x}\right)^{2}\right]}$`,
      corrected: String.raw`$\frac{1}{a} = \sqrt{E\left[\left(\sum_{i} w_{i}x_{i} - d\mu_{w}\mu_{x}\right)^{2}\right]}$`,
      literal: edit(P6, '= sqrt(E[(sum(i, w[i]*x[i]) - d*mu_w*mu_x)^2])', '= sqrt(E[(sum(i, w[i]*x[i])) - d*mu_w*mu_x)^2])'),
      fixed: P6,
    },
    {
      id: 'unbalanced-line-6',
      asWritten: String.raw`$= \sqrt{d\mathbb{E}\left[((\mu_w \epsilon_x + \mu_x \epsilon_w + \epsilon_x \epsilon_w)^2\right]}$`,
      corrected: String.raw`$= \sqrt{d\mathbb{E}\left[(\mu_w \epsilon_x + \mu_x \epsilon_w + \epsilon_x \epsilon_w)^2\right]}$`,
      literal: edit(P6, '= sqrt(d*E[(mu_w*eps_x + mu_x*eps_w + eps_x*eps_w)^2])', '= sqrt(d*E[((mu_w*eps_x + mu_x*eps_w + eps_x*eps_w)^2])'),
      fixed: P6,
    },
  ],
);
