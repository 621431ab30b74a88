"""The check course staff would write today for Problem 8: Python Hypothesis + numpy.

Same claim as examcheck's P8.half-dropout, in float64, at the same shapes (1..4 rows, 1..4
inputs, values in [-12, 12], alpha in [0, 1]): the test rule y = Relu(c(alpha) W x) equals
Relu(E[W (mu * x)]) for every row, the expectation over every one of the 2^n training masks
(each entry 1/2 with probability alpha, else 1) enumerated, within rtol 1e-9 and atol 1e-9
times (1 + |W| |x|), the row's largest possible cancellation. One mask entry per input; per row
a mask per weight has the same law, so the check covers both readings. Unlike ours, no large
sampled case (W and x repeated 64 times): enumerating 2^256 masks is out of reach.
Prints one JSON object: examples/s on the exam's answer, and for each wrong answer of ours (same
ids) the ms to find and shrink a counterexample within 100 examples, whether it was refuted, and
the counterexample Hypothesis shrank to.
"""
import itertools
import json
import sys
from collections import namedtuple

import numpy as np
from peer_common import falsify, rates
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

RTOL = ATOL = 1e-9
N = int(sys.argv[1]) if len(sys.argv) > 1 else 300

values = st.floats(-12, 12, allow_nan=False, allow_infinity=False)
Case = namedtuple('Case', 'alpha W x')


@st.composite
def cases(draw):
    rows, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    return Case(draw(st.floats(0, 1)), draw(arrays(np.float64, (rows, n), elements=values)), draw(arrays(np.float64, (n,), elements=values)))


relu = lambda z: np.maximum(z, 0)


def train_expectation(alpha, W, x):
    """E[W (mu * x)] over every mask, each with its probability: no use of E[mu_j]."""
    masks = np.array(list(itertools.product((0.5, 1.0), repeat=len(x))))
    probs = np.where(masks == 0.5, alpha, 1 - alpha).prod(axis=1)
    return probs @ ((masks * x) @ W.T)


def check(case, scale=lambda alpha: 1 - alpha / 2):
    alpha, W, x = case
    y, want = relu(scale(alpha) * (W @ x)), relu(train_expectation(alpha, W, x))
    bad = ~np.isclose(y, want, rtol=RTOL, atol=ATOL * (1 + np.abs(W) @ np.abs(x)))
    return f'y_{np.argmax(bad) + 1} = {float(y[bad][0])}, Relu(E) = {float(want[bad][0])}' if bad.any() else None


WRONG = {
    'one-minus-alpha': lambda a: 1 - a,
    'inverse': lambda a: 1 / (1 - a / 2),
    'alpha-over-two': lambda a: a / 2,
    'half-of-keep': lambda a: (1 - a) / 2,
}


wall, cpu, failure, first_cpu = rates(cases(), check, N)
shrink = {wid: falsify(cases(), check, 100, scale=scale) for wid, scale in WRONG.items()}
print(json.dumps({
    'peer': 'python3 hypothesis ' + __import__('hypothesis').__version__ + ' + numpy ' + np.__version__,
    'examplesPerSecond': {'P8.half-dropout': wall},
    'examplesPerCpuSecond': {'P8.half-dropout': cpu},
    'firstRunExamplesPerCpuSecond': {'P8.half-dropout': first_cpu},
    'shrinkMs': {'P8.half-dropout': {wid: round(1000 * s, 1) for wid, (s, _) in shrink.items()}},
    'refuted': {'P8.half-dropout': {wid: f is not None for wid, (_, f) in shrink.items()}},
    'counterexamples': {'P8.half-dropout': {wid: f for wid, (_, f) in shrink.items()}},
    **({'referenceRefuted': {'P8.half-dropout': failure}} if failure else {}),
}))
