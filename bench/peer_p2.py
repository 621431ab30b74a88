"""The check course staff would write today for Problem 2: Python Hypothesis + numpy.

Same claims as examcheck's P2 claims (both now claims of exams/midterm-practice/p2.claims), in float64, at the same shapes (1..4 parameters,
1..8 steps, values in [-12, 12], eta in [1e-3, 64]), mu in [0, 0.999] (not [0, 1): near 1,
eta' = eta/(1 - mu) is huge and float64 cancellation swamps any fixed tolerance):
- P2.equivalence: momentum as velocity (v^0 = 0, Theta -= v) and as gradient smoothing
  (g^0 = 0, Psi -= eta' g) run side by side, each taking the gradient b^t + A Theta at its own
  parameters; Psi^t = Theta^t and eta' g^t = v^t at every step, within rtol 1e-9 and atol 1e-9
  times the largest magnitude in the run (the runs may grow to 1e27).
- P2.induction: each line of the exam's induction step equals the next, and Psi^{t+1} =
  Theta^{t+1}, for mu in [0, 0.999], eta in [2^-10, 4], g^t and Theta^t in [-10, 10] and any
  gradient function (Hypothesis's pure st.functions), within rtol 1e-9, atol 1e-9.
Prints one JSON object: examples/s for each property on the exam's answer, and for each wrong
answer of ours (same ids) the ms to find and shrink a counterexample within 100 examples,
whether it was refuted, and the counterexample Hypothesis shrank to.
"""
import json
import sys
from collections import namedtuple

import numpy as np
from peer_common import falsify, rates as reference_rates
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

RTOL = ATOL = 1e-9
N = int(sys.argv[1]) if len(sys.argv) > 1 else 300

values = st.floats(-12, 12, allow_nan=False, allow_infinity=False)
mus = st.floats(0, 0.999)
MomentumCase = namedtuple('MomentumCase', 'mu eta theta0 steps b A')
InductionCase = namedtuple('InductionCase', 'mu eta g_t theta_t grad')


@st.composite
def momentum_cases(draw):
    d, steps, k = draw(st.integers(1, 4)), draw(st.integers(1, 8)), draw(st.integers(1, 8))
    theta0 = draw(arrays(np.float64, (d,), elements=values))
    b = draw(arrays(np.float64, (k, d), elements=values))
    # a quadratic part, so the gradient follows the parameters (zero shrinks first)
    A = draw(st.one_of(st.just(np.zeros((d, d))), arrays(np.float64, (d, d), elements=values)))
    return MomentumCase(draw(mus), draw(st.floats(1e-3, 64)), theta0, steps, b, A)


def velocity(mu, eta, theta0, steps, grad, v0_first_step=False):
    theta, v = theta0, (eta * grad(0, theta0) if v0_first_step else np.zeros_like(theta0))
    thetas, vs = [theta], [v]
    for t in range(steps):
        v = mu * v + eta * grad(t, theta)
        theta = theta - v
        thetas.append(theta), vs.append(v)
    return np.array(thetas), np.array(vs)


def smoothing(mu, eta_p, psi0, steps, grad, g0_first_gradient=False, old_average=False):
    psi, g = psi0, (grad(0, psi0) if g0_first_gradient else np.zeros_like(psi0))
    psis, gs = [psi], [g]
    for t in range(steps):
        new = mu * g + (1 - mu) * grad(t, psi)
        psi, g = psi - eta_p * (g if old_average else new), new
        psis.append(psi), gs.append(g)
    return np.array(psis), np.array(gs)


def eta_prime(eta, mu):
    return eta / (1 - mu)


def equivalence(case, eta_prime=eta_prime, v0_first_step=False, **smoothing_variant):
    mu, eta, theta0, steps, b, A = case
    grad = lambda t, p: b[t % len(b)] + A @ p
    eta_p = eta_prime(eta, mu)
    thetas, vs = velocity(mu, eta, theta0, steps, grad, v0_first_step)
    psis, gs = smoothing(mu, eta_p, theta0, steps, grad, **smoothing_variant)
    # rounding scales with the largest value the run has seen, not with each entry (cancellation)
    scale = max(1.0, np.abs(thetas).max(), np.abs(vs).max())
    for name, a, b in (('Psi != Theta', psis, thetas), ("eta' g != v", eta_p * gs, vs)):
        bad = ~np.isclose(a, b, rtol=RTOL, atol=ATOL * scale)
        if bad.any():
            return f'{name} at t = {np.argwhere(bad)[0][0]}'
    return None


def induction(case, edit=None):
    """The chain's lines as the exam writes them; `edit` replaces one, as our wrong derivations do."""
    mu, eta, g_t, theta_t, grad = case
    eta_p = eta * (1 - mu) if edit == 'eta-prime-times-one-minus-mu' else eta / (1 - mu)  # eta'
    v_t, psi_t = eta_p * g_t, theta_t  # the induction hypothesis
    v_next = mu * v_t + eta * grad(theta_t)
    theta_next = theta_t - v_next
    g_next = mu * g_t + (1 - mu) * grad(psi_t)
    psi_next = psi_t - eta_p * g_next
    lines = [
        v_next,
        mu * v_t + eta * grad(theta_t),
        mu * ((eta if edit == 'eta-for-eta-prime' else eta_p) * g_t) + eta * grad(psi_next if edit == 'hypothesis-not-used' else psi_t),
        eta_p * (mu * g_t + (eta_p / eta if edit == 'eta-ratio-inverted' else eta / eta_p) * grad(psi_t)),
        eta_p * (mu * g_t + (mu if edit == 'mu-for-one-minus-mu' else 1 - mu) * grad(psi_t)),
        eta_p * g_next,
    ]
    for k in range(len(lines) - 1):
        if not np.isclose(lines[k], lines[k + 1], rtol=RTOL, atol=ATOL):
            return f'line {k + 1} -> line {k + 2}'
    return None if np.isclose(psi_next, theta_next, rtol=RTOL, atol=ATOL) else 'Psi_next != Theta_next'


induction_cases = st.builds(
    InductionCase, mu=mus, eta=st.floats(2 ** -10, 4), g_t=st.floats(-10, 10), theta_t=st.floats(-10, 10),
    grad=st.functions(like=lambda x: 0.0, returns=st.floats(-10, 10), pure=True))

PROPERTIES = {
    'P2.equivalence': (momentum_cases(), equivalence, {
        'eta-prime-is-eta': dict(eta_prime=lambda eta, mu: eta),
        'eta-prime-times': dict(eta_prime=lambda eta, mu: eta * (1 - mu)),
        'eta-prime-one-plus': dict(eta_prime=lambda eta, mu: eta / (1 + mu)),
        'old-average': dict(old_average=True),
        'g0-first-gradient': dict(g0_first_gradient=True),
        'v0-first-step': dict(v0_first_step=True),
    }),
    'P2.induction': (induction_cases, induction, {w: dict(edit=w) for w in (
        'eta-for-eta-prime', 'eta-ratio-inverted', 'mu-for-one-minus-mu', 'hypothesis-not-used', 'eta-prime-times-one-minus-mu')}),
}


rates, cpu_rates, first_cpu_rates, shrink_ms, refuted, counterexamples, false_alarms = {}, {}, {}, {}, {}, {}, {}
for claim, (cases, check, wrong) in PROPERTIES.items():
    rates[claim], cpu_rates[claim], failure, first_cpu_rates[claim] = reference_rates(cases, check, N)
    if failure:
        false_alarms[claim] = failure
    shrink_ms[claim], refuted[claim], counterexamples[claim] = {}, {}, {}
    for wid, variant in wrong.items():
        seconds, failure = falsify(cases, check, 100, **variant)
        shrink_ms[claim][wid], refuted[claim][wid] = round(1000 * seconds, 1), failure is not None
        counterexamples[claim][wid] = failure

print(json.dumps({
    'peer': 'python3 hypothesis ' + __import__('hypothesis').__version__ + ' + numpy ' + np.__version__,
    'examplesPerSecond': rates,
    'examplesPerCpuSecond': cpu_rates,
    'firstRunExamplesPerCpuSecond': first_cpu_rates,
    'shrinkMs': shrink_ms,
    'refuted': refuted,
    'counterexamples': counterexamples,
    **({'referenceRefuted': false_alarms} if false_alarms else {}),
}))
