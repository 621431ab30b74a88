/**
 * `examcheck answer` for a claim whose answer is a condition (P4.stationary, issue 21 item 1): the
 * verdict is the claim's, by the condition's zeros, not equality with the exam's formula.
 */
import { describe, expect, test } from 'vitest';
import { examcheck } from './testing.ts';

describe('examcheck answer P4.stationary: the stationarity condition, by its zeros in dl', () => {
  test.each(['theta*dl + lambda', '2*dl + 2*lambda/theta'])('%s has the exam\'s zeros: exit 0', async (formula) => {
    const r = await examcheck(['answer', 'P4.stationary', formula, '--profile', 'quick', '--seed', '1']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^holds: not equivalent to the exam's answer as a value \(a condition needs only its zeros\)/m);
    // the point shown is inside the domain: Θ and λ are declared in (0, 4], an open end is no point of it
    const [, theta, lambda] = /as a value .*: at theta = (\S+), lambda = (\S+),/.exec(r.stdout)!;
    expect(Number(theta)).toBeGreaterThan(0);
    expect(Number(lambda)).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/the claim's property does not refute it in 30 runs\nP4\.stationary takes a condition \(the same zeros as the exam's\): the verdict is its property's\n$/);
  });

  test.each([
    ['dl - lambda/theta', 'at dl = -1 line 1 is 0 and the answer dl - lambda/theta is -2: the condition holds under one form and not the other, at theta = 1, lambda = 1, dl = -1'],
    ['dl + lambda*theta', 'at dl = -0.5 line 1 is 0 and the answer dl + lambda*theta is 1.5: the condition holds under one form and not the other, at theta = 2, lambda = 1, dl = -0.5'],
  ])('%s is refuted at a point stationary under one form only: exit 1', async (formula, witness) => {
    const r = await examcheck(['answer', 'P4.stationary', formula, '--profile', 'quick', '--seed', '1']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^refuted: not equivalent to the exam's answer as a value/m);
    expect(r.stdout).toContain(`the claim's property refutes it: line 1 → line 2 fails (exams/midterm-practice/p4.claims:20): ${witness}`);
  });
});
