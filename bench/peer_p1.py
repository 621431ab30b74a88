"""The check course staff would write today for Problem 1: Python Hypothesis + numpy.

Same claims as examcheck's P1 properties, at the same shapes (every extent 1..4): the forward
against the exam's loops, the backward against float64 central differences with PyTorch
gradcheck's defaults (eps 1e-6, atol 1e-5, rtol 1e-3), and the numpy backward against part b's
loops. Prints one JSON object: examples/s for each property, which relative errors the
gradient check sees, and the ms to find and shrink one wrong answer of ours per property.
"""
import json
import sys
import time

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from hypothesis.extra.numpy import arrays

EPS, ATOL, RTOL = 1e-6, 1e-5, 1e-3
N = int(sys.argv[1]) if len(sys.argv) > 1 else 300

# values as a float64 gradcheck can bear: at ±1e3 its own rounding already exceeds atol
floats = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
shapes = st.tuples(*[st.integers(1, 4)] * 4)


@st.composite
def cases(draw):
    b, h, w, c = draw(shapes)
    L = draw(arrays(np.float64, (b, h, w, c), elements=floats))
    A = draw(arrays(np.float64, (c,), elements=floats))
    B = draw(arrays(np.float64, (c,), elements=floats))
    G = draw(arrays(np.float64, (b, h, w, c), elements=floats))
    return L, A, B, G


def forward(L, A, B):
    return A * (L + B)


def backward(L, A, B, G, nudge=0.0):
    return G * A * (1 + nudge), (G * (L + B)).sum(axis=(0, 1, 2)), (G * A).sum(axis=(0, 1, 2))


def loops_forward(L, A, B):
    out = np.zeros_like(L)
    for b, x, y, c in np.ndindex(*L.shape):
        out[b, x, y, c] += A[c] * (L[b, x, y, c] + B[c])
    return out


def loops_backward(L, A, B, G):
    gL, gA, gB = np.zeros_like(L), np.zeros_like(A), np.zeros_like(B)
    for b, x, y, c in np.ndindex(*L.shape):
        gL[b, x, y, c] += G[b, x, y, c] * A[c]
        gA[c] += G[b, x, y, c] * (L[b, x, y, c] + B[c])
        gB[c] += G[b, x, y, c] * A[c]
    return gL, gA, gB


def numeric_grad(L, A, B, G):
    loss = lambda L, A, B: float((G * forward(L, A, B)).sum())
    grads = []
    for k, x in enumerate((L, A, B)):
        g = np.zeros_like(x)
        for i in np.ndindex(*x.shape):
            args = [L.copy(), A.copy(), B.copy()]
            args[k][i] += EPS
            up = loss(*args)
            args[k][i] -= 2 * EPS
            g[i] = (up - loss(*args)) / (2 * EPS)
        grads.append(g)
    return grads


def gradcheck(case, nudge=0.0, b_grad=None):
    L, A, B, G = case
    grads = backward(L, A, B, G, nudge)
    if b_grad:
        grads = grads[:2] + (b_grad(L, A, B, G),)
    return all(np.allclose(a, n, atol=ATOL, rtol=RTOL) for a, n in zip(grads, numeric_grad(L, A, B, G)))


PROPERTIES = {
    'P1.forward': lambda case: np.array_equal(forward(*case[:3]), loops_forward(*case[:3])),
    'P1.backward': gradcheck,
    'P1.numpy': lambda case: all(np.allclose(a, b, rtol=1e-12, atol=1e-300) for a, b in zip(backward(*case), loops_backward(*case))),
}


def rate(check, n):
    @settings(max_examples=n, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(cases())
    def prop(case):
        assert check(case)

    # twice: the second is the figure (warm, as ours is timed after a warm-up of the same size), the first's process time beside it
    cpu = time.process_time()
    prop()
    first = n / (time.process_time() - cpu)
    start, cpu = time.perf_counter(), time.process_time()
    prop()
    return n / (time.perf_counter() - start), n / (time.process_time() - cpu), first


def sensitivity():
    """Which relative errors in L.grad the gradcheck-style property refutes within 100 examples."""
    seen = {}
    for nudge in (1e-2, 1e-3, 1e-6, 1e-9, 1e-12):
        @settings(max_examples=100, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
        @given(cases())
        def prop(case):
            assert gradcheck(case, nudge)

        try:
            prop()
            seen[str(nudge)] = False
        except AssertionError:
            seen[str(nudge)] = True
    return seen


# wrong answers of ours (same ids) this peer can express, each as the property it breaks
WRONG = {
    'P1.forward': {'precedence': lambda case: np.array_equal(case[1] * case[0] + case[2], loops_forward(*case[:3]))},
    'P1.backward': {'B-grad-without-A': lambda case: gradcheck(case, b_grad=lambda L, A, B, G: G.sum(axis=(0, 1, 2)))},
    'P1.numpy': {'mean-not-sum': lambda case: all(np.allclose(a, b, rtol=1e-12, atol=1e-300) for a, b in zip(
        backward(*case)[:2] + ((case[3] * case[1]).mean(axis=(0, 1, 2)),), loops_backward(*case)))},
}


def shrink_ms(check):
    """Time to find and shrink a counterexample within 100 examples (no explain phase, as ours)."""
    @settings(max_examples=100, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck), phases=set(Phase) - {Phase.explain})
    @given(cases())
    def prop(case):
        assert check(case)

    start = time.perf_counter()
    try:
        prop()
        return None
    except AssertionError:
        return round(1000 * (time.perf_counter() - start), 1)


rates = {name: rate(check, N) for name, check in PROPERTIES.items()}
print(json.dumps({
    'peer': 'python3 hypothesis ' + __import__('hypothesis').__version__ + ' + numpy ' + np.__version__,
    'examplesPerSecond': {name: round(wall, 1) for name, (wall, _, _) in rates.items()},
    'examplesPerCpuSecond': {name: round(cpu, 1) for name, (_, cpu, _) in rates.items()},
    'firstRunExamplesPerCpuSecond': {name: round(first, 1) for name, (_, _, first) in rates.items()},
    'gradcheckRefutesRelativeError': sensitivity(),
    'shrinkMs': {claim: {wid: shrink_ms(check) for wid, check in wrong.items()} for claim, wrong in WRONG.items()},
}))
