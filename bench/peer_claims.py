"""The checks course staff would write today for two claim-file claims: Python Hypothesis + numpy.

- 02MLP-p3 (exams/course-02MLP/p3.claims), a softmax backward: the problem's two loops through
  e[b] (e[b] = -sum_j p[b,j] p.grad[b,j], s.grad[b,j] = p[b,j] (p.grad[b,j] + e[b])) against
  float64 central differences of the loss sum(p.grad * softmax(s)) over each row, with PyTorch
  gradcheck's defaults (eps 1e-6, atol 1e-5, rtol 1e-3). Same shapes as ours (B, J in 1..4),
  s and p.grad in [-10, 10].
- P6.bias (exams/midterm-practice/p6.claims), an expectation: b = -E[sum_i w_i x_i] = -d mu_w mu_x,
  E enumerated over every joint outcome of two-point laws with the declared moments (mu +- sigma,
  each with probability 1/2), every w_i and x_i independent, d in 1..3, mu in [-10, 10], sigma in
  [0, 4]; compared within rtol 1e-9 and atol 1e-9 times the largest term, as the P2 and P8 peers do.
Prints one JSON object: examples/s for each on the exam's answer, and which relative errors in
the answer each refutes within 100 examples (the answer times 1 + delta).
"""
import itertools
import json
import sys

import numpy as np
from peer_common import falsify, rates as reference_rates
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
EPS, ATOL, RTOL = 1e-6, 1e-5, 1e-3
DELTAS = (1e-2, 1e-3, 1e-6, 1e-9, 1e-12)

values = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


@st.composite
def softmax_cases(draw):
    b, j = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    return draw(arrays(np.float64, (b, j), elements=values)), draw(arrays(np.float64, (b, j), elements=values))


def softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cheaper(s, G, delta=0.0):
    p = softmax(s)
    e = -(p * G).sum(axis=1, keepdims=True)
    return p * (G + e) * (1 + delta)


def numeric_grad(s, G):
    grad = np.zeros_like(s)
    for idx in np.ndindex(s.shape):
        up, down = s.copy(), s.copy()
        up[idx] += EPS
        down[idx] -= EPS
        grad[idx] = ((G * softmax(up)).sum() - (G * softmax(down)).sum()) / (2 * EPS)
    return grad


def softmax_check(case, delta=0.0):
    s, G = case
    return None if np.allclose(cheaper(s, G, delta), numeric_grad(s, G), atol=ATOL, rtol=RTOL) else 's.grad differs from central differences'


@st.composite
def moment_cases(draw):
    return draw(st.integers(1, 3)), draw(values), draw(values), draw(st.floats(0, 4)), draw(st.floats(0, 4))


def bias_check(case, delta=0.0):
    d, mu_w, mu_x, sigma_w, sigma_x = case
    # every joint outcome of w_1..w_d, x_1..x_d, each mu +- sigma with probability 1/2
    w_law, x_law = (mu_w - sigma_w, mu_w + sigma_w), (mu_x - sigma_x, mu_x + sigma_x)
    outcomes = np.array([sum(w * x for w, x in zip(o[:d], o[d:])) for o in itertools.product(*[w_law] * d, *[x_law] * d)])
    b = -outcomes.mean()
    answer = -d * mu_w * mu_x * (1 + delta)
    scale = max(1.0, np.abs(outcomes).max())
    return None if np.isclose(answer, b, rtol=1e-9, atol=1e-9 * scale) else f'b = {b}, answer {answer}'


CHECKS = {'02MLP-p3': (softmax_cases(), softmax_check), 'P6.bias': (moment_cases(), bias_check)}

rates, cpu_rates, first_cpu_rates, refutes, false_alarms = {}, {}, {}, {}, {}
for claim, (cases, check) in CHECKS.items():
    rates[claim], cpu_rates[claim], failure, first_cpu_rates[claim] = reference_rates(cases, check, N)
    if failure:
        false_alarms[claim] = failure
    refutes[claim] = {str(delta): falsify(cases, check, 100, delta=delta)[1] is not None for delta in DELTAS}

print(json.dumps({
    'peer': 'python3 hypothesis ' + __import__('hypothesis').__version__ + ' + numpy ' + np.__version__,
    'examplesPerSecond': rates,
    'examplesPerCpuSecond': cpu_rates,
    'firstRunExamplesPerCpuSecond': first_cpu_rates,
    'refutesRelativeError': refutes,
    **({'referenceRefuted': false_alarms} if false_alarms else {}),
}))
