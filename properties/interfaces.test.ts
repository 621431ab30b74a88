/**
 * The candidate interfaces of issue 21, items 6–9, judged in this process: each right answer
 * passes, each plausible wrong one is refuted, and the oracles they add agree with independent
 * computations (the closed form of P3's criterion, central differences of the loss's gradient).
 */
import { Complex } from 'complex.js';
import { describe, expect, test } from 'vitest';
import { kinkedGradient } from '../impl/kinked-loss.ts';
import { smoothingStep } from '../impl/momentum.ts';
import { affineStationary, binomialLaw, D, decimalOf, relativeSd } from '../oracles/adam.ts';
import { kinkedHessianVector } from '../oracles/kinked-loss.ts';
import { float64 } from '../oracles/numbers/float64.ts';
import { optimizerProperty, type Optimizer } from './p2.ts';
import { ruleProperty } from './p3.ts';
import { gradientCodeProperty } from './p5.ts';
import { pairProperty } from './p8.ts';
import { q } from '../oracles/discrete.ts';
import { resolveRun } from './profile.ts';
import { trial } from './run.ts';
import type { Property } from './claim.ts';

const quick = resolveRun({ profile: 'quick' });
const verdict = <A>(p: Property<A, any>, answer: A) => trial('test', p, 'answer', answer, quick);

describe.each([
  ['P2 optimizer', optimizerProperty],
  ['P3 second-moment rule', ruleProperty],
  ['P5 gradient code', gradientCodeProperty],
  ['P8 training and test rules', pairProperty],
] as [string, Property<unknown, unknown>][])('%s', (_name, p) => {
  test.each(p.wrongAnswers.map((a) => [a.id, a.answer]))('wrong answer %s is refuted', (_id, answer) => {
    expect(verdict(p, answer).failed).toBe(true);
  });
});

describe('right answers pass', () => {
  // each a test of its own: exact trajectories of 30 cases take about 200 ms an optimizer
  test.each(['reference', 'scaled', 'smoothing'] as const)('P2: %s (the exam\'s velocity, a velocity scaled by η, gradient smoothing with η′ = η/(1 − μ))', (which) => {
    const scaled: Optimizer = (theta0, { mu, eta }, steps, gradient) => {
      const path = [[...theta0]];
      let u = theta0.map(() => 0);
      for (let t = 0; t < steps; t++) {
        u = u.map((x, i) => mu * x + gradient(t)[i]);
        path.push(path[t].map((p, i) => p - eta * u[i]));
      }
      return path;
    };
    const smoothing: Optimizer = (theta0, { mu, eta }, steps, gradient) => {
      const step = smoothingStep(float64, { mu, etaPrime: eta / (1 - mu) });
      const path = [[...theta0]];
      let average = theta0.map(() => 0);
      for (let t = 0; t < steps; t++) [path[t + 1], average] = step(path[t], average, gradient(t));
      return path;
    };
    expect(verdict(optimizerProperty, { reference: optimizerProperty.reference.answer, scaled, smoothing }[which]).failure).toBeNull();
  });

  test('P3: the moving average with the corrected window passes; the exam\'s β₂ fails where P3.beta2 does (bε large)', () => {
    const corrected = (s: number, g: number, e: number, b: number) => {
      const beta = Math.max(0, 1 - (b * e) / 20);
      return beta * s + (1 - beta) * g * g;
    };
    expect(verdict(ruleProperty, corrected).failure).toBeNull();
    expect(ruleProperty.check(ruleProperty.reference.answer, { epsilon: 0.1, b: 9 })).toMatch(/relative standard deviation of 0\.500/);
  });

  test('P5: complex-step-safe gradient code passes', () => {
    expect(verdict(gradientCodeProperty, kinkedGradient).failure).toBeNull();
  });

  test('P8: inverted dropout and the exam\'s pair pass', () => {
    const inverted = { train: (a: ReturnType<typeof q>) => q(1).div(q(1).sub(a.div(2))), test: () => q(1) };
    expect(verdict(pairProperty, inverted).failure).toBeNull();
    expect(verdict(pairProperty, pairProperty.reference.answer).failure).toBeNull();
  });
});

describe('the oracles the interfaces add', () => {
  test('the stationary law of an affine rule: the exam\'s moving average gives E[g²] and the closed form of P3.beta2', () => {
    for (const [epsilon, b, beta2] of [[0.1, 1, 0.98], [0.01, 4, 0.9], [1e-6, 16, 0.999]] as const) {
      const law = binomialLaw(epsilon, b);
      const outcomes = law.map((p, k) => ({ p, B: decimalOf(beta2), C: new D(1).minus(decimalOf(beta2)).times(new D(k).div(b).pow(2)) }));
      const { mean, second } = affineStationary(outcomes)!;
      const meanSquare = law.reduce((s, p, k) => s.plus(p.times(new D(k).div(b).pow(2))), new D(0));
      expect(mean.minus(meanSquare).abs().div(meanSquare).toNumber()).toBeLessThan(1e-40);
      const sd = second.minus(mean.pow(2)).sqrt().div(meanSquare);
      expect(sd.minus(relativeSd(beta2, epsilon, b)).abs().toNumber()).toBeLessThan(1e-40);
    }
    // by hand: b = 1, ε = 1/2, skip g = 0 (B = 1, C = 0) else B = 1/2, C = 1/2: E[B] = 3/4, E[C] = 1/4, so E[s] = 1
    const half = new D(0.5);
    expect(affineStationary([{ p: half, B: new D(1), C: new D(0) }, { p: half, B: half, C: half }])!.mean.toNumber()).toBe(1);
    expect(affineStationary([{ p: new D(1), B: new D(1), C: new D(0) }])).toBeNull();
    // E[B] = 3/4 < 1 but E[B²] = 9/8 ≥ 1 (B = 0 or 3/2): the mean settles, the second moment grows without bound
    expect(affineStationary([{ p: half, B: new D(0), C: new D(0) }, { p: half, B: new D(1.5), C: half }])).toBeNull();
  });

  test('the closed-form Hessian of the kinked loss agrees with central differences of its gradient (real arithmetic)', () => {
    const real = (theta: number[]) => kinkedGradient(theta.map((t) => new Complex(t, 0))).map((g) => g.re);
    for (const [theta, dtheta] of [[[1.5, -0.25, 0], [1, 2, -0.5]], [[-3], [0.75]], [[0, 0.5], [1, 1]]]) {
      const h = 1e-6; // at a kink (Θᵢ = 0) the third derivative jumps: central differences are then off by about h·ΔΘᵢ², not h²
      const plus = real(theta.map((t, i) => t + h * dtheta[i]));
      const minus = real(theta.map((t, i) => t - h * dtheta[i]));
      const { hv } = kinkedHessianVector(theta, dtheta);
      hv.forEach((v, j) => expect(Math.abs((plus[j] - minus[j]) / (2 * h) - v.toNumber())).toBeLessThan(1e-5));
    }
    // by hand: Θ = (1), ΔΘ = (1): 2 + 2 + (2 − 1)/2^{3/2}
    expect(kinkedHessianVector([1], [1]).hv[0].toNumber()).toBeCloseTo(4 + 1 / 2 ** 1.5, 14);
  });
});

describe('each check of the new interfaces refutes what it is for', () => {
  const x = { epsilon: 0.1, b: 2 };
  test('P3: a rule that is not a moving average, one that can go negative or grow, one that never forgets s⁰', () => {
    expect(ruleProperty.check((s, g) => Math.max(s, g * g), x)).toMatch(/not a moving average s' = B·s \+ C/);
    expect(ruleProperty.check((s, g) => 0.9 * s + 0.1 * g * g - 0.01, x)).toMatch(/not a weighted average .* go negative/);
    expect(ruleProperty.check((s, g) => 1.01 * s + g * g, x)).toMatch(/grow without bound/);
    expect(ruleProperty.check((s) => s, x)).toMatch(/E\[B\] ≥ 1 .* never forgets/);
    expect(ruleProperty.check(() => NaN, x)).toMatch(/not finite/);
  });

  test('P8: a factor that is not a finite number', () => {
    expect(() => pairProperty.check({ train: () => { throw new Error('x'); }, test: () => q(1) }, { alpha: '1/2', W: [['1']], x: ['1'], masks: 'all' })).toThrow();
  });

  test('P2, P5, P8: replies of the wrong shape are refuted by the interfaces (the checker\'s side)', async () => {
    const { fileClaimExtras } = await import('./p2.ts');
    const equivalence = fileClaimExtras['P2.equivalence'];
    const { hvp } = await import('./p5.ts');
    const { halfDropout } = await import('./p8.ts');
    const optimizer = equivalence.candidate!.remote(() => ({ params: [1] })) as unknown as Optimizer;
    expect(() => optimizer([0], { mu: 0, eta: 1 }, 1, () => [1])).toThrowErrorWith(/init gives an object, not a state \{ theta, … \}/);
    const short = equivalence.candidate!.remote(() => ({ theta: [1, 2] })) as unknown as Optimizer;
    expect(() => short([0], { mu: 0, eta: 1 }, 1, () => [1])).toThrowErrorWith(/Θ\^0 \(state\.theta\) should have 1 values/);
    const code = hvp.candidate!.alternatives![0].remote(() => [[1, 0]]) as (at: Complex[]) => Complex[];
    expect(() => code([new Complex(1, 0), new Complex(2, 0)])).toThrowErrorWith(/grad gives 1 values, not 2 complex values/);
    const pair = halfDropout.candidate!.alternatives![0].remote(() => ({ train: Infinity, test: 1 }));
    expect(() => pair.train(q(1))).toThrowErrorWith(/the training factor is Infinity, not a finite number/);
  });
});

describe('issue 21, item 1: each claim judges what its interface says and nothing more', () => {
  test('P6.bias judges b alone (a module whose a is 0 passes it), P6.scale a alone (whatever b is)', async () => {
    const { claimById } = await import('./registry.ts');
    const judge = (id: 'P6.bias' | 'P6.scale', reply: (m: { d: number; mu_w: number; var_w: number; mu_x: number; var_x: number }) => { a: number; b: number }) => {
      const claim = claimById(id);
      const prop = claim.status === 'built' ? claim.property! : undefined;
      const answer = prop!.candidate!.remote((r) => reply((r as { args: [Parameters<typeof reply>[0]] }).args[0]));
      return trial(id, prop!, 'module', answer, quick);
    };
    const b = (m: { d: number; mu_w: number; mu_x: number }) => -m.d * m.mu_w * m.mu_x;
    const inverseA = (m: { d: number; mu_w: number; var_w: number; mu_x: number; var_x: number }) => Math.sqrt(m.d * (m.mu_w ** 2 * m.var_x + m.mu_x ** 2 * m.var_w + m.var_x * m.var_w));
    expect(judge('P6.bias', (m) => ({ a: 0, b: b(m) })).failure).toBeNull();
    expect(judge('P6.bias', (m) => ({ a: 1, b: -b(m) + 1 })).failed).toBe(true);
    expect(judge('P6.scale', (m) => ({ a: -1 / inverseA(m), b: NaN })).failure).toBeNull();
    expect(judge('P6.scale', () => ({ a: 0, b: 0 })).failure).toMatch(/init returned a = 0/);
  });
});
