/**
 * The claim registry: every claim of the exam (DESIGN.md §1), with the exam's own words. The CLI,
 * the reports, the corpus and the tests are all driven from here. A new exam problem is one file
 * per layer (impl/, oracles/, properties/) plus its entries below.
 */
import type { Built, Claim } from './claim.ts';
import * as p1 from './p1.ts';
import * as p2 from './p2.ts';
import * as p3 from './p3.ts';
import * as p4 from './p4.ts';
import * as p5 from './p5.ts';
import * as p6 from './p6.ts';
import * as p7 from './p7.ts';
import * as p8 from './p8.ts';
import * as derivations from './derivations.ts';

export const CLAIM_IDS = [
  'P1.forward',
  'P1.backward',
  'P1.numpy',
  'P2.equivalence',
  'P2.induction',
  'P2.tuning',
  'P3.beta2',
  'P4.prior',
  'P4.stationary',
  'P5.hvp',
  'P6.bias',
  'P6.scale',
  'P6.derivation',
  'P6.xavier',
  'P7.highway',
  'P8.half-dropout',
] as const;

export type ClaimId = (typeof CLAIM_IDS)[number];

/** Built claims, by id: what each problem's property file adds to the entries below. */
export type BuiltClaims = { readonly [Id in ClaimId]?: Built<Id> };

const listed: { [Id in ClaimId]: Claim<Id> } = {
  'P1.forward': {
    id: 'P1.forward',
    problem: 1,
    part: 'a',
    kind: 'identity',
    statement: String.raw`$\forall b, x, y, c \quad L'.\text{value}[b, x, y, c] \mathrel{{+}{=}} A.\text{value}[c] * (L.\text{value}[b, x, y, c] + B.\text{value}[c])$, which the forward method computes as \texttt{self.value = self.A.value*(self.L.value + self.B.value)}`,
    status: 'pending',
    domain: 'every shape (B,H,W,C) and all float64 values',
  },
  'P1.backward': {
    id: 'P1.backward',
    problem: 1,
    part: 'b',
    kind: 'identity',
    statement: String.raw`$\forall b, x, y, c$: $L.\operatorname{grad}[b, x, y, c] \mathrel{{+}{=}} L'.\operatorname{grad}[b, x, y, c]\, A.\operatorname{value}[c]$; $A.\operatorname{grad}[c] \mathrel{{+}{=}} L'.\operatorname{grad}[b, x, y, c]\, (L.\operatorname{value}[b, x, y, c] + B.\operatorname{value}[c])$; $B.\operatorname{grad}[c] \mathrel{{+}{=}} L'.\operatorname{grad}[b, x, y, c]\, A.\operatorname{value}[c]$`,
    status: 'pending',
    domain: 'every shape (B,H,W,C) and all float64 values',
  },
  'P1.numpy': {
    id: 'P1.numpy',
    problem: 1,
    part: 'c',
    kind: 'identity',
    statement: String.raw`$L.\operatorname{grad} \mathrel{{+}{=}} L'.\operatorname{grad} * A.\operatorname{value}$; $A.\operatorname{grad} \mathrel{{+}{=}} (L'.\operatorname{grad} * (L.\operatorname{value} + B.\operatorname{value})).\operatorname{sum}(\operatorname{axis} = (0, 1, 2))$; $B.\operatorname{grad} \mathrel{{+}{=}} (L'.\operatorname{grad} * A.\operatorname{value}).\operatorname{sum}(\operatorname{axis} = (0, 1, 2))$`,
    status: 'pending',
    domain: 'every shape (B,H,W,C) and all float64 values',
  },
  'P2.equivalence': {
    id: 'P2.equivalence',
    problem: 2,
    kind: 'identity',
    statement: String.raw`Assume that $\Psi^0 = \Theta^0$ and that $v^0 = \hat{g}^0 = 0$ and define $\eta' = \frac{\eta}{1 - \mu}$. Show by induction on $t$ that we have $v^t = \eta' \, \hat{g}^t$ and $\Psi^t = \Theta^t$.`,
    status: 'pending',
    domain: 'every t, μ ∈ [0,1), η > 0, parameter vectors of any dimension, every gradient stream',
  },
  'P2.induction': {
    id: 'P2.induction',
    problem: 2,
    kind: 'identity',
    statement: String.raw`$v^{t+1} = \mu v^t + \eta \nabla_{\Theta} \ell(\Theta)@\Theta^t = \mu(\eta' \hat{g}^t) + \eta \nabla_{\Psi} \ell(\Psi)@\Psi^t = \eta' \left( \mu \hat{g}^t + \frac{\eta}{\eta'} \nabla_{\Psi} \ell(\Psi)@\Psi^t \right) = \eta' \left( \mu \hat{g}^t + (1 - \mu) \nabla_{\Psi} \ell(\Psi)@\Psi^t \right) = \eta' \hat{g}^{t+1}$. And this implies $\Psi^{t+1} = \Theta^{t+1}$.`,
    status: 'pending',
    domain: 'each line of the induction step, under the induction hypothesis',
  },
  'P2.tuning': {
    id: 'P2.tuning',
    problem: 2,
    kind: 'empirical',
    statement: String.raw`we expect the optimum value of $\eta'$ to be near the optimal value of $\eta$ when momentum is not used. We also expect that $\mu$ and $\eta'$ are more nearly conjugate in meta-parameter search (we can optimize $\mu$ and $\eta'$ independently).`,
    status: 'pending',
    domain: 'quadratics of several condition numbers, with and without gradient noise',
  },
  'P3.beta2': {
    id: 'P3.beta2',
    problem: 3,
    kind: 'statistical',
    statement: String.raw`we will want to average over a number $k$ of batches satisfying say $\epsilon b k > 5$ or $k \ge \frac{5}{\epsilon b}$; averaging over $k$ batches corresponds to $\beta_2 = 1 - \frac{1}{k}$ or $\beta_2 = 1 - \frac{b\epsilon}{5}$`,
    status: 'pending',
    domain: 'every ε ∈ (0,1), every batch size b ≥ 1',
  },
  'P4.prior': {
    id: 'P4.prior',
    problem: 4,
    kind: 'identity',
    statement: String.raw`An intuitive prior on numbers is the log-uniform prior where $\log_2 |\Theta_i|$ is taken to be uniformly distributed between, say, -10 and 10. A log-uniform prior corresponds to a density $p(\Theta_i) \propto 1/|\Theta_i|$. This corresponds to the following regularizer. $\Theta^* = \operatorname{argmin}_{\Theta} \ell(\Theta) + \lambda \sum_{i} \ln |\Theta_i|$`,
    status: 'pending',
    domain: '|Θ| ∈ [2^-10, 2^10]',
  },
  'P4.stationary': {
    id: 'P4.stationary',
    problem: 4,
    kind: 'identity',
    statement: String.raw`$\frac{\partial \ell}{\partial \Theta_i} + \lambda \frac{1}{\Theta_i} = 0$`,
    status: 'pending',
    domain: 'smooth losses ℓ, λ > 0, Θᵢ > 0',
  },
  'P5.hvp': {
    id: 'P5.hvp',
    problem: 5,
    kind: 'numerical',
    statement: String.raw`$H\Delta\Theta = \frac{Im\left[\Theta.\mathrm{grad}@(\Theta + i\epsilon\Delta\Theta)\right]}{\epsilon}$ where $\epsilon = 2^{-50}$`,
    status: 'pending',
    domain: 'smooth (analytic) losses, every Θ and ΔΘ',
  },
  'P6.bias': {
    id: 'P6.bias',
    problem: 6,
    part: 'a',
    kind: 'identity',
    statement: String.raw`$b = -E\left[\sum_{i=1}^{d} w_{i}x_{i}\right] = -d\mu_{w}\mu_{x}$`,
    status: 'pending',
    domain: 'independent wᵢ, xᵢ with any means and variances, every dimension d',
  },
  'P6.scale': {
    id: 'P6.scale',
    problem: 6,
    part: 'a',
    kind: 'identity',
    statement: String.raw`$\frac{1}{a} = \sqrt{d(\mu_w^2 \sigma_x^2 + \mu_x^2 \sigma_w^2 + \sigma_x^2 \sigma_w^2)}$`,
    status: 'pending',
    domain: 'independent wᵢ, xᵢ with any means and variances, every dimension d',
  },
  'P6.derivation': {
    id: 'P6.derivation',
    problem: 6,
    part: 'a',
    kind: 'identity',
    statement: String.raw`$\frac{1}{a} = \sqrt{E\left[\left(\sum_{i} w_{i}x_{i} - d\mu_{w}\mu_{x}\right)^{2}\right]} = \sqrt{E\left[\left(\sum_{i} (w_{i}x_{i} - \mu_{w}\mu_{x})\right)^{2}\right]} = \sqrt{E\left[\sum_{i} (w_{i}x_{i} - \mu_{w}\mu_{x})^{2}\right]} = \sqrt{d\,E\left[((\mu_w + \epsilon_w)(\mu_x + \epsilon_x) - \mu_w \mu_x)^2\right]} = \sqrt{d\,E\left[(\mu_w \epsilon_x + \mu_x \epsilon_w + \epsilon_x \epsilon_w)^2\right]} = \sqrt{d\,E\left[\mu_w^2 \epsilon_x^2 + \mu_x^2 \epsilon_w^2 + \epsilon_x^2 \epsilon_w^2\right]} = \sqrt{d(\mu_w^2 \sigma_x^2 + \mu_x^2 \sigma_w^2 + \sigma_x^2 \sigma_w^2)}$`,
    status: 'pending',
    domain: 'each line of the chain, under the independence assumptions',
  },
  'P6.xavier': {
    id: 'P6.xavier',
    problem: 6,
    part: 'b',
    kind: 'identity',
    statement: String.raw`y will have zero mean and unit variance after initialization whether or not we use Xavier initialization on w. However, Xavier initialization has an interaction with SGD in this case which is difficult to analyze.`,
    status: 'pending',
    domain: "every scale of w's initialization",
  },
  'P7.highway': {
    id: 'P7.highway',
    problem: 7,
    kind: 'discussion',
    statement: String.raw`$L_{i+1} = F_i * L_i + (1 - F_i) * D_i(L_i)$ with $F_i$ a parameter: this would be a reasonable architecture provided that the diversions have independent parameters at each layer (as in Resnet). This is not a reasonable architecture for an RNN where the diversions at the different layers have the same parameters.`,
    status: 'pending',
    domain: 'CNN (separate parameters per layer) and RNN (shared parameters) highway stacks',
  },
  'P8.half-dropout': {
    id: 'P8.half-dropout',
    problem: 8,
    kind: 'identity',
    statement: String.raw`We want the expectation of $\sum_j W_{i,j} \mu_j x_j$ at test time to match that at train time. This works out to be $y_i = \text{Relu}\left(\left(1 - \frac{\alpha}{2}\right) \sum_j W_{i,j} x_j\right)$`,
    status: 'pending',
    domain: 'every α ∈ [0,1], every W and x',
  },
};

const built: BuiltClaims = { ...p1.built, ...p2.built, ...p3.built, ...p4.built, ...p5.built, ...p6.built, ...p7.built, ...p8.built, ...derivations.built };

const claims = Object.fromEntries(
  CLAIM_IDS.map((id) => {
    const entry = listed[id];
    const overlay = built[id];
    return [id, overlay ? { ...entry, ...overlay, status: 'built' } : entry];
  }),
) as { [Id in ClaimId]: Claim<Id> };

export const REGISTRY: readonly Claim<ClaimId>[] = CLAIM_IDS.map((id) => claims[id]);

export const isClaimId = (id: string): id is ClaimId => (CLAIM_IDS as readonly string[]).includes(id);

export const claimById = (id: ClaimId): Claim<ClaimId> => claims[id];
