"""What the Hypothesis peers share: a property run to its first failure, timed, its report on one line."""
import re
import time

from hypothesis import HealthCheck, Phase, given, settings


class Run(tuple):
    """(seconds, failure), and .cpu: the run's process time, which other jobs on a shared machine do not inflate."""


def falsify(cases, check, n, **variant):
    # no explain phase: the time is to find and shrink, as ours is
    @settings(max_examples=n, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck), phases=set(Phase) - {Phase.explain})
    @given(cases)
    def prop(case):
        why = check(case, **variant)
        assert why is None, why

    start, cpu = time.perf_counter(), time.process_time()

    def ran(seconds, failure):
        run = Run((seconds, failure))
        run.cpu = time.process_time() - cpu
        return run

    try:
        prop()
        return ran(time.perf_counter() - start, None)
    except AssertionError as e:
        seconds = time.perf_counter() - start
        # Hypothesis's report, on one line: the case, then the values st.functions returned
        notes = ' '.join(getattr(e, '__notes__', [])).replace('# or any other generated value', '')
        notes = re.sub(r'Falsifying example: prop\(\s*case=(.*),\s*\)', r'\1', notes, flags=re.S)
        return ran(seconds, f'{e}: ' + re.sub(r'\s+', ' ', notes.replace('Called function: (lambda x: 0.0)', 'grad')).replace('( ', '(').replace(', )', ')'))


def rates(cases, check, n):
    """The reference run of n examples, twice: the second is the figure (warm: the first pays Hypothesis's
    and numpy's first-call costs once, as ours is timed after a warm-up of the same size). Returns
    (examples per second, examples per process-second, the failure or None, the first run's examples
    per process-second)."""
    first = falsify(cases, check, n)
    run = falsify(cases, check, n)
    seconds, failure = run
    return round(n / seconds, 1), round(n / run.cpu, 1), failure, round(n / first.cpu, 1)
