/** Problem 8: the mask oracles on known values, the sampled check's power, readable counterexamples. */
import { describe, expect, test } from 'vitest';
import { halfDropoutTest, relu, scaledRule } from '../impl/half-dropout.ts';
import { q } from '../oracles/discrete.ts';
import { exactExpectation, sampledExpectation } from '../oracles/half-dropout.ts';
import type { HalfDropoutCase } from './arbitraries/masks.ts';
import { halfDropout } from './p8.ts';
import { resolveRun } from './profile.ts';
import { trial } from './run.ts';

const run = resolveRun();
const id = (z: ReturnType<typeof q>) => z;

describe('exact expectation over all masks', () => {
  test('one weight, α = 1/2: E[μ] = 1/2·1/2 + 1/2·1 = 3/4', () => {
    expect(exactExpectation(q('1/2'), [[q(1)]], [q(1)], id)[0].toFraction()).toBe('3/4');
  });
  test('α = 1/3, W = (2, 3), x = (1, −1): E = (2 − 3)·(1 − 1/6) = −5/6', () => {
    expect(exactExpectation(q('1/3'), [[q(2), q(3)]], [q(1), q(-1)], id)[0].toFraction()).toBe('-5/6');
  });
  test('E[Relu] for W = (1, −1), x = (1, 1), α = 1/2 is 1/8 (masks (1/2, 1) and (1, 1/2) give ∓1/2)', () => {
    expect(exactExpectation(q('1/2'), [[q(1), q(-1)]], [q(1), q(1)], relu)[0].toFraction()).toBe('1/8');
  });
});

describe('sampled expectation', () => {
  const W = [Array.from({ length: 64 }, (_, j) => q((j % 7) - 3).div(16))];
  const x = Array.from({ length: 64 }, (_, j) => q((j % 5) - 1).div(3));
  test('each reading’s interval holds the exact mean, (1 − 1/6)·Σ W x here', () => {
    const truth = W[0].reduce((s, w, j) => s.add(w.mul(x[j])), q(0)).mul(q(5).div(6));
    for (const reading of ['input', 'parameter'] as const) {
      const [b] = sampledExpectation(q(1).div(3), W, x, reading, 12345, 2000);
      expect(b.mean.sub(truth).abs().compare(b.h)).toBeLessThanOrEqual(0);
    }
  });
  test('a large case with a clear signal refutes 1 − α by sampling alone', () => {
    const c: HalfDropoutCase = { alpha: '1/2', W: [['1/2']], x: ['1/2'], masks: { repeat: 128, samples: 2000, seed: 7 } };
    expect(halfDropout.check(halfDropoutTest, c)).toBeNull();
    expect(halfDropout.check(scaledRule((a) => q(1).sub(a)), c)).toMatch(/outside/);
  });
});

describe('P8.half-dropout: wrong answers shrink to one row, one input, small numbers', () => {
  for (const w of halfDropout.wrongAnswers) {
    test(w.id, () => {
      const t = trial('P8.half-dropout', halfDropout, w.id, w.answer, run);
      expect(t.failed).toBe(true);
      const c = t.counterexample as HalfDropoutCase;
      expect(c.masks, JSON.stringify(c)).toBe('all');
      expect([c.W.length, c.x.length]).toEqual([1, 1]);
      expect([c.alpha, ...c.W.flat(), ...c.x].every((v) => v.length <= 3), JSON.stringify(c)).toBe(true);
    });
  }
});
