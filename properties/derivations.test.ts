/** The proof checker: the exam's derivations hold, every catalogued slip is pinpointed, bad files get one-line errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkDerivationFile, DerivationError, parseDerivation, stepDegrees } from '../oracles/derivation.ts';
import { chain, induction, P2_WRONG, P6_WRONG } from './derivations.ts';
import { resolveRun } from './profile.ts';
import { trial } from './run.ts';

const run = resolveRun();
const SEEDS = Array.from({ length: 20 }, (_, k) => run.seed + 7919 * k);

describe('every wrong derivation is pinpointed to its step, with a shrunk point, on every seed', () => {
  for (const [prop, catalog] of [[induction, P2_WRONG], [chain, P6_WRONG]] as const) {
    for (const wrong of catalog) {
      test(wrong.id, () => {
        for (const seed of SEEDS) {
          const t = trial('derivation', prop, wrong.id, wrong.answer, { ...run, seed });
          expect(t.failed, `seed ${seed}`).toBe(true);
          expect(wrong.failsAt.some((step) => t.failure!.startsWith(`${step} fails `)), `seed ${seed}: ${t.failure}`).toBe(true);
          expect(t.failure, `seed ${seed}`).toMatch(/, at .*=/);
        }
      });
    }
  }
});

const dir = mkdtempSync(join(tmpdir(), 'deriv-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('a derivation file a user writes', () => {
  test('the two exam derivations check out; Problem 2 states its Schwartz–Zippel bound', () => {
    const p2 = checkDerivationFile(new URL('../derivations/p2-induction.deriv', import.meta.url).pathname, run.seed, 10);
    expect(p2.ok).toBe(true);
    expect(p2.report).toMatch(/degree ≤ 5: a false one would pass with probability ≤ \(5\/1048576\)\^10/);
    expect(checkDerivationFile(new URL('../derivations/p6-scale.deriv', import.meta.url).pathname, run.seed, 10).ok).toBe(true);
  });

  test('square roots are exact: √8 = 2√2 holds, √8 = 2.83 fails', () => {
    expect(checkDerivationFile(file('roots.deriv', 'sqrt(8)\n= 2*sqrt(2)\n= sqrt(2)*sqrt(4)\n'), run.seed, 3).ok).toBe(true);
    expect(checkDerivationFile(file('close.deriv', 'sqrt(8)\n= 2.83\n'), run.seed, 3).report).toMatch(/^line 1 → line 2 fails/);
  });

  test('an expectation over independent variables is exact: E[xy] = E[x]E[y] only under independence', () => {
    const text = (indep: string) => `real m in [-2, 2]\nrandom x with mean m, variance 1\nrandom y with mean m, variance 1\n${indep}\nE[x*y]\n= m^2\n`;
    expect(checkDerivationFile(file('indep.deriv', text('independent x, y')), run.seed, 20).ok).toBe(true);
    expect(checkDerivationFile(file('dep.deriv', text('')), run.seed, 20).report).toMatch(/^line 1 → line 2 fails.*coupled/);
  });

  test('the degree bound of a rational step', () => {
    expect(stepDegrees(parseDerivation('real x, y\n(x + y)^2\n= x^2 + 2*x*y + y^2\n= 1/x\n'))).toEqual([[2, 3]]);
  });

  const cases: [string, string, RegExp][] = [
    ['syntax', 'real x\n(x + 1\n', /^bad\.deriv:2: syntax error in expression "\(x \+ 1": Parenthesis \) expected/],
    ['undeclared', 'real x\nx + y\n= y + x\n', /^bad\.deriv:2: undeclared variable "y"$/],
    ['unknown function', 'real x\nf(x)\n', /^bad\.deriv:2: unknown function "f" \(declare it with "function f"\)$/],
    ['indexed without index', 'integer d in [1, 2]\nindex i in 1..d\nrandom w[i]\nE[w]\n', /^bad\.deriv:4: "w" is indexed: write w\[i\]$/],
    ['bad declaration', 'real x in [1, 0]\n', /^bad\.deriv:1: empty interval/],
    ['random outside E', 'random v\nv\n= v\n', /^bad\.deriv:2: v is random: put it inside E\[\.\.\.\]$/],
  ];
  for (const [name, text, message] of cases) {
    test(`${name}: one line naming the file, the line and the problem`, () => {
      const path = file('bad.deriv', text);
      const error = (() => {
        try {
          checkDerivationFile(path, run.seed, 2);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(DerivationError);
      const msg = (error as Error).message.replace(`${dir}/`, '');
      expect(msg).toMatch(message);
      expect(msg).not.toContain('\n');
    });
  }
});
