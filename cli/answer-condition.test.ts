/**
 * `examcheck answer` for a claim whose answer is a condition (P4.stationary, issue 21 item 1): the
 * verdict is the claim's, by the condition's zeros, not equality with the exam's formula.
 */
import { describe, expect, test } from 'vitest';
import type { BuiltClaim } from '../properties/claim.ts';
import { resolveRun } from '../properties/profile.ts';
import { REGISTRY } from '../properties/registry.ts';
import { asCondition, judgeFormula } from './formula.ts';
import { examcheck } from './testing.ts';

describe('examcheck answer P4.stationary: the stationarity condition, by its zeros in dl', () => {
  test.each(['theta*dl + lambda', '2*dl + 2*lambda/theta'])('%s has the exam\'s zeros: exit 0', async (formula) => {
    const r = await examcheck(['answer', 'P4.stationary', formula, '--profile', 'quick', '--seed', '1']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^holds: the same zeros as the exam's condition \(the claim's property decides\); as a value \(a condition needs only its zeros\), not equivalent to the exam's answer: /m);
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
    expect(r.stdout).toMatch(/^refuted: not the zeros of the exam's condition \(the claim's property decides\); as a value/m);
    expect(r.stdout).toContain(`the claim's property refutes it: line 1 → line 2 fails (exams/midterm-practice/p4.claims:20): ${witness}`);
  });
});

describe('a condition is also tried at simple points (0, ±1, ±2, ½ inside each interval), both ways', () => {
  const run = resolveRun({ seed: '1', profile: 'quick' });
  const judged = (id: string, text: string) => judgeFormula(id, (REGISTRY.find((c) => c.id === id) as BuiltClaim<string>).property!, text, run, true);

  // red when only uniform grid points were drawn: φ = 0, λ = 1 is never one of them
  test.each([
    ['07reg-p9', 'phi*(phi + N_train*sigma^2*g_i)', 'at g_i = 1 the answer phi*(phi + N_train*sigma^2*g_i) is 0 and line 1 is 1: the condition holds under one form and not the other, at phi = 0'],
    ['P4.stationary', '(dl + lambda/theta)*(lambda - 1)', 'the condition holds under one form and not the other, at theta = 1, lambda = 1'],
  ])('%s "%s" is refuted where it is 0 for every value', (id, text, why) => {
    const t = judged(id, text).claimTrial!;
    expect(t.failed).toBe(true);
    expect(t.failure).toContain(why);
  });

  test.each([
    ['07reg-p9', '2*phi + 2*N_train*sigma^2*g_i'],
    // Θ = 0 is excluded by the open end of (0, 4]: Θ·(Θ·dl + λ) has the exam's zeros there
    ['P4.stationary', 'theta*(theta*dl + lambda)'],
  ])('%s "%s" still holds', (id, text) => {
    expect(judged(id, text).claimTrial!.failed).toBe(false);
  });
});

describe('a value where the claim takes a condition (06SGD-p3.a, answer condition on y_inf): U = EXPR, and EXPR alone, mean the condition U - (EXPR)', () => {
  const run = resolveRun({ seed: '1', profile: 'quick' });
  const judged = (text: string) => judgeFormula('06SGD-p3.a', (REGISTRY.find((c) => c.id === '06SGD-p3.a') as BuiltClaim<string>).property!, text, run, true);

  test('asCondition: an assignment to U and a value without U become U - (EXPR); a condition, and a claim without one, are kept', () => {
    expect([asCondition('y_inf = N*c', 'y_inf'), asCondition(' N*c ', 'y_inf'), asCondition('y_inf - N*c', 'y_inf'), asCondition('y_inf = (1 - 1/N)*y_inf + c', 'y_inf')]).toEqual(['y_inf - (N*c)', 'y_inf - (N*c)', 'y_inf - N*c', 'y_inf - ((1 - 1/N)*y_inf + c)']);
    expect([asCondition("eta' = 1", "eta'"), asCondition("eta'' + 1", "eta'"), asCondition('N*c', undefined)]).toEqual(["eta' - (1)", "eta' - (eta'' + 1)", 'N*c']);
    // an equation over other names is a condition too (07reg-p9, "solve for Phi"); two = are left for the language's refusal
    expect([asCondition('phi = 1', 'g_i'), asCondition('ind(phi >= 1) + ind(phi == 2)', 'g_i'), asCondition('a = b = c', 'g_i')]).toEqual(['phi - (1)', 'g_i - (ind(phi >= 1) + ind(phi == 2))', 'a = b = c']);
  });

  test('asCondition: an equation with an empty side is left as written, for the language\'s refusal; red: "= N*c" (the U forgotten) is read as the condition " - (N*c)" and refuted, exit 1, where it was a one-line refusal (found by review)', () => {
    expect([asCondition('= N*c', 'y_inf'), asCondition('y_inf =', 'y_inf'), asCondition(' = ', 'y_inf')]).toEqual(['= N*c', 'y_inf =', ' = ']);
  });

  test('asCondition: only a top-level = makes an equation; red: "ind(y_inf > = N*c)" (>= typed with a space) is split inside the parentheses and read as the condition ind(y_inf > - (N*c)), and "abs(y_inf = N*c)" as abs(y_inf - (N*c)), where each is a misspelt formula for the language to refuse (found by review)', () => {
    expect([asCondition('ind(y_inf > = N*c)', 'y_inf'), asCondition('abs(y_inf = N*c)', 'y_inf')]).toEqual(['ind(y_inf > = N*c)', 'abs(y_inf = N*c)']);
  });

  test.each(['N*c', 'y_inf = N*c', 'y_inf - N*c'])('"%s" holds, equivalent to the exam\'s condition', (text) => {
    const v = judged(text);
    expect([v.equivalent, v.claimTrial!.failed]).toEqual([true, false]);
  });

  test('the command says what it judged: exit 0, "read as the condition y_inf - (N*c) = 0"', async () => {
    const r = await examcheck(['answer', '06SGD-p3.a', 'y_inf = N*c', '--profile', 'quick', '--seed', '1']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^holds: the same zeros as the exam's condition .*\nread as the condition y_inf - \(N\*c\) = 0\n/m);
  });

  test.each(['c', 'y_inf = c', 'y_inf = (N - 1)*c'])('"%s" is refuted', (text) => {
    expect(judged(text).claimTrial!.failed).toBe(true);
  });
});

describe('a count claim draws sizes far past their declared range: nothing runs', () => {
  const run = resolveRun({ seed: '1', profile: 'quick' });
  const p2 = (REGISTRY.find((c) => c.id === '03CNNs-p2') as BuiltClaim<string>).property!;
  const exam = 'B*X*Y*DeltaX*DeltaY*N_out*N_in';

  // red when sizes came from 1..4 alone: each agrees with the count there
  test.each([`${exam} + (B-1)*(B-2)*(B-3)*(B-4)`, `min(B, 4)*X*Y*DeltaX*DeltaY*N_out*N_in`])('"%s" is refuted, by the claim and by equivalence', (text) => {
    const v = judgeFormula('03CNNs-p2', p2, text, run, true);
    expect(v.equivalent).toBe(false);
    expect(v.claimTrial!.failed).toBe(true);
  });

  test('the exam\'s count holds, and the bound printed is the one the sizes give', () => {
    const v = judgeFormula('03CNNs-p2', p2, exam, run, true);
    expect(v.claimTrial!.failed).toBe(false);
    expect(v.evidence).toMatch(/of a 2\^20 grid .* ≤ \(D\/2\^20\)\^40$/);
  });
});

describe("07reg-p9 asks to solve for Phi: the published answer's equation is the condition", () => {
  // found by review: `phi = -N_train*sigma^2*g_i`, the item's own line 4, was refused as an assignment (exit 2)
  test.each([
    ['phi = -N_train*sigma^2*g_i', false],
    ['phi = N_train*sigma^2*g_i', true],
  ])('"%s": refuted %s', (text, refuted) => {
    const run = resolveRun({ seed: '1', profile: 'quick' });
    const t = judgeFormula('07reg-p9', (REGISTRY.find((c) => c.id === '07reg-p9') as BuiltClaim<string>).property!, text, run, true).claimTrial!;
    expect(t.failed).toBe(refuted);
  });
});
