/** The laws of the `random` declaration (oracles/laws.ts), Var and Cov, and the sampled expectation: known answers worked out by hand, and wrong ones refuted. */
import Fraction from 'fraction.js';
import { describe, expect, it, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDerivation, checkDerivationFile, parseDerivation } from './derivation.ts';
import { moments, q } from './discrete.ts';
import { sampledMean } from './hoeffding.ts';
import { drawLaw, INTERVALS, LawError, NoLaw, type LawDraws } from './laws.ts';
import { NotationError, parseClaimFile, type Expr, type LawDecl } from './notation/index.ts';
import { outcomesBound } from './notation/bounds.ts';
import { NotRepresentable } from './numbers/tower.ts';
import { uniformStream } from './prng.ts';

const check = (text: string, seed = 1) => checkDerivation(parseDerivation(text, 'f.claims'), seed);
/** Every seed of 1..n: null where every step held at each. */
const holdsOn = (text: string, n: number) => Array.from({ length: n }, (_, k) => check(text, k + 1)).filter((r) => r !== null);

/** The law a declaration line parses to. */
const lawOf = (decl: string): LawDecl => parseClaimFile(`real p in [0, 1]\ninteger d in [1, 3]\nindex i in 1..d\n${decl}\n`, 'f.claims').declarations.randoms.values().next().value!.law;
const parseFails = (decl: string) => () => parseClaimFile(`index i in 1..3\n${decl}\n`, 'f.claims');

/** Draws from a seed, as the derivation's uniform points make them (offsets ±1/4 … ±16). */
const drawsOf = (seed: number): LawDraws => {
  const next = uniformStream(seed);
  return { offset: () => q(1 + Math.floor(next() * 64)).div(4).mul(next() < 0.5 ? -1 : 1), pick: (n) => Math.floor(next() * n) };
};
/** A parameter's value: the constant its text is. */
const constant = (e: Expr) => new Fraction(e.text);
const shown = (law: ReturnType<typeof drawLaw>) => (law.kind === 'finite' ? law.marginal.values.map((v, k) => `${v.toFraction()}: ${law.marginal.probs[k].toFraction()}`).join(', ') : law.law.shown);

describe('the random declaration reads each law kind', () => {
  it.each([
    ['random b ~ bernoulli(p)', 'bernoulli'],
    ['random c ~ uniform{1, 2, 3}', 'set'],
    ['random k ~ categorical{0: 1/4, 1: 3/4}', 'categorical'],
    ['random u ~ uniform[0, p]', 'interval'],
    ['random g ~ gaussian(0, p)', 'gaussian'],
    ['random W[i] iid ~ symmetric', 'symmetric'],
    ['random W[i] ~ symmetric with variance p^2', 'symmetric'],
    ['random x[i] iid with mean 0, variance 1', 'moments'],
    ['random v', 'any'],
    ['random v ~ any law', 'any'],
    ['random v ~ any law on 1..d', 'any'],
  ])('%s: %s', (decl, kind) => expect(lawOf(decl).kind).toBe(kind));

  test('any law: on the reals where no set is named (random v, random v ~ any law), else on 1..n; a joint law is one LawDecl shared by its names', () => {
    expect(lawOf('random v')).toEqual({ kind: 'any', on: null });
    expect(lawOf('random v ~ any law')).toEqual({ kind: 'any', on: null });
    const on = lawOf('random v ~ any law on 1..d');
    expect(on.kind === 'any' && on.on?.map((r) => r.text)).toEqual(['d']);
    const d = parseClaimFile('random (x, y) ~ categorical{(0, 1): 1/2, (1, 0): 1/2}\n', 'f.claims').declarations.randoms;
    const [x, y] = [d.get('x')!, d.get('y')!];
    expect([x.joint, y.joint, x.law === y.law]).toEqual([['x', 'y'], ['x', 'y'], true]);
    expect(x.law.kind === 'categorical' && x.law.outcomes.map((o) => `${o.values.map((v) => v.text).join(' ')}:${o.p.text}`)).toEqual(['0 1:1/2', '1 0:1/2']);
  });

  test('iid, the entry index of a vector family, and the parameters as written', () => {
    const d = parseClaimFile('index i in 1..3\nindex k in 1..2\nrandom g[i, k] iid ~ uniform{-1, max(0, 1)}\n', 'f.claims').declarations.randoms.get('g')!;
    expect([d.index, d.entry, d.iid]).toEqual(['i', 'k', true]);
    expect(d.law.kind === 'set' && d.law.values.map((v) => v.text)).toEqual(['-1', 'max(0, 1)']);
  });

  it.each([
    ['random b ~ bernoulli(1/2, 1/3)', 'f.claims:2: bernoulli(p) takes 1 parameter: bernoulli(p)'],
    ['random b ~ poisson(1)', 'f.claims:2: unknown law "poisson(1)" (the laws are bernoulli(p), uniform{a, b, c}, categorical{a: p, b: q}, uniform[a, b], gaussian(mean, variance), symmetric, symmetric with variance V, any law, any law on 1..n, or "with mean M, variance V")'],
    ['random (a, b) ~ bernoulli(1/2)', 'f.claims:2: a joint law is categorical{(a, b): p, …} or any law on 1..m, 1..n, not "bernoulli(1/2)"'],
    ['random (a, b) ~ any law', 'f.claims:2: a joint law is categorical{(a, b): p, …} or any law on 1..m, 1..n'],
    ['random (a, b) ~ categorical{(0, 1, 1): 1}', 'f.claims:2: the entry "(0, 1, 1): 1" needs one value per variable: (a, b)'],
    ['random v ~ any law on 0..d', 'f.claims:2: a finite set is a range 1..n per variable: any law on 1..n (joint: 1..m, 1..n), not "0..d"'],
    ['random k ~ categorical{0, 1}', 'f.claims:2: a categorical law lists values and their probabilities: categorical{a: p, b: q}'],
    ['random c ~ uniform{1, , 2}', 'f.claims:2: a uniform law on a set lists its values: uniform{a, b, c}'],
    ['random b iid ~ bernoulli(1/2)', 'f.claims:2: iid is said of a family over an index: random b[i] iid …'],
    ['random b ~ bernoulli(q)', 'f.claims:2: undeclared variable "q"'],
    ['random g[i, j] ~ gaussian(0, 1)', 'f.claims:2: undeclared index "j": declare it first with "index j in 1..d"'],
  ])('%s: %s', (decl, message) => expect(parseFails(decl)).toThrow(new NotationError(message)));
});

test('the enumeration bound counts each law\'s values: independent ones multiply, coupled ones add, a continuous one is 1 (sampled)', () => {
  const bound = (decls: string) => outcomesBound(parseClaimFile(`index i in 1..3\nindex k in 1..2\n${decls}`, 'f.claims').declarations);
  expect(bound('random b ~ bernoulli(1/2)\nrandom c ~ uniform{1, 2, 3, 4}\nindependent b, c\n').outcomes).toBe(2 * 4);
  expect(bound('random b ~ bernoulli(1/2)\nrandom h ~ categorical{0: 1/2, 1: 1/2}\n').outcomes).toBe(2 + 2);
  expect(bound('random W[i] iid ~ symmetric\nrandom x[i] with mean 0, variance 1\n')).toEqual({ outcomes: 3 ** 3 * (3 * 3), variables: 'W[1..3], x[1..3]' });
  expect(bound('random g[i, k] iid\nrandom u ~ uniform[0, 1]\n')).toEqual({ outcomes: 3 ** 6, variables: 'g[1..3, 1..2], u' });
  // a joint law is one block, counted once; any law on 1..n counts every cell of its largest set
  expect(bound('integer n in [1, 4]\nrandom (x, y) ~ categorical{(0, 0): 1/2, (1, 1): 1/4, (0, 1): 1/4}\nrandom u ~ any law on 1..n\nrandom c ~ bernoulli(1/2)\n')).toEqual({ outcomes: 3 * (4 + 2), variables: '(x, y), u, c' });
  expect(bound('random (x, y) ~ any law on 1..3, 1..2\nrandom v ~ any law on 1..2\nindependent v\n').outcomes).toBe(6 * 2);
  // exactly the bound, 10^4 joint outcomes, is allowed
  expect(parseDerivation('index i in 1..4\nrandom x[i] iid ~ uniform{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}\nE[x[1]]\n= 9/2\n', 'f.claims').chains).toHaveLength(1);
  expect(() => parseDerivation('index i in 1..10\nrandom x[i] iid ~ uniform{1, 2, 3}\nE[x[1]]\n= 2\n', 'f.claims')).toThrowErrorWith("f.claims:2: an expectation would enumerate up to 5.9e+4 joint outcomes (x[1..10], each taking up to its law's number of values: 3 by moments): at most 10000; narrow the ranges of their indices");
});

describe('finite laws exactly', () => {
  it.each([
    ['random b ~ bernoulli(1/4)', '0: 3/4, 1: 1/4'],
    ['random c ~ uniform{1, 2, 2}', '1: 1/3, 2: 1/3, 2: 1/3'],
    ['random k ~ categorical{-1/2: 4/5, 2: 1/5}', '-1/2: 4/5, 2: 1/5'],
    ['random u ~ uniform[3, 3]', '3: 1'],
    ['random g ~ gaussian(2, 0)', '2: 1'],
    ['random W[i] ~ symmetric with variance 0', '0: 1'],
  ])('%s: {%s}', (decl, law) => expect(shown(drawLaw(lawOf(decl), constant, drawsOf(1)))).toBe(law));

  it.each([
    ['random u ~ uniform[1, 0]'],
    ['random g ~ gaussian(0, -1)'],
    ['random W[i] ~ symmetric with variance -1'],
    ['random x[i] with mean 0, variance -1'],
  ])('%s: no law at this point (skipped)', (decl) => expect(() => drawLaw(lawOf(decl), constant, drawsOf(1))).toThrow(NoLaw));

  // a table whose probabilities are no law is the file's error (derivation.ts prefixes file:line), not a point skipped
  it.each([
    ['random b ~ bernoulli(5/4)', 'the probability 1 - (5/4) is -1/4 here: a probability is at least 0'],
    ['random b ~ bernoulli(-1/4)', 'the probability -1/4 is -1/4 here: a probability is at least 0'],
    ['random k ~ categorical{0: 1/2, 1: 1/4}', 'the probabilities sum to 3/4 here, not 1'],
    ['random k ~ categorical{0: 3/2, 1: -1/2}', 'the probability -1/2 is -1/2 here: a probability is at least 0'],
  ])('%s: %s', (decl, message) => expect(() => drawLaw(lawOf(decl), constant, drawsOf(1))).toThrow(new LawError(message)));

  test('an irrational parameter has no law', () => expect(() => drawLaw(lawOf('random b ~ bernoulli(p)'), () => null, drawsOf(1))).toThrow(NoLaw));

  test('symmetric laws: P(x) = P(-x) at every value, with the variance stated (two and three points both drawn)', () => {
    const sizes = new Set<number>();
    for (const [variance, seeds] of [['1/2', 40], ['4', 40], ['9/4', 40], [null, 40]] as const) {
      for (let seed = 1; seed <= seeds; seed++) {
        const law = drawLaw({ kind: 'symmetric', variance: variance === null ? null : { text: variance, node: null as never, line: 0 } }, constant, drawsOf(seed));
        if (law.kind !== 'finite') throw new Error('finite');
        const m = law.marginal;
        sizes.add(m.values.length);
        m.values.forEach((v, k) => expect(m.probs[m.values.findIndex((w) => w.equals(v.neg()))].equals(m.probs[k])).toBe(true));
        expect(m.probs.reduce((s, p) => s.add(p), q(0)).equals(1)).toBe(true);
        if (variance !== null) expect(moments(m).variance.toFraction()).toBe(variance);
      }
    }
    expect([...sizes].sort()).toEqual([2, 3]);
  });
});

describe('E, Var and Cov by enumeration: known answers hold, plausible wrong ones are refuted', () => {
  const laws = 'real p in [0, 1]\nreal s in (0, 2]\ninteger d in [1, 2]\nindex i in 1..d\nrandom b ~ bernoulli(p)\nrandom c ~ uniform{1, 2, 3}\nrandom k ~ categorical{0: 1/4, 1: 3/4}\nrandom W[i] iid ~ symmetric with variance s^2\nrandom x[i] with mean 0, variance 1\nindependent x, b, c, k\n';
  it.each([
    ['E[b]\n= p\n'],
    ['Var[b]\n= p*(1 - p)\n'],
    ['Var[c]\n= 2/3\n'],
    ['Var[k]\n= 3/16\n'],
    ['Cov[b, c]\n= 0\n'],
    ['Cov[c, c]\n= Var[c]\n'],
    ['Var[sum(i, W[i]*x[i])]\n= d*s^2\n'],
    ['E[sigma(sum(i, W[i]*x[i]))]\n= 1/2\n'],
    ['E[W[1]^3]\n= 0\n'],
  ])('%s', (chain) => expect(holdsOn(laws + chain, 5)).toEqual([]));

  it.each([
    ['Var[b]\n= p\n', /^line 1 → line 2 fails \(f\.claims:12\): line 1 = 0, line 2 = 1, at p = 1/],
    ['Var[c]\n= 1\n', /^line 1 → line 2 fails \(f\.claims:12\): line 1 = 2\/3, line 2 = 1/],
    ['Var[sum(i, W[i]*x[i])]\n= s^2\n', /^line 1 → line 2 fails \(f\.claims:12\): line 1 = 2, line 2 = 1, at p = 0, s = 1, d = 2/],
    ['E[b]^2\n= E[b^2]\n', /^line 1 → line 2 fails \(f\.claims:12\): line 1 = 1\/4, line 2 = 1\/2, at p = 1\/2/],
  ])('%s is refuted', (chain, why) => expect(check(laws + chain)).toMatch(why));

  test('iid: one law for every member (E[x[1]] = E[x[2]] for any law); without iid each member has its own', () => {
    const family = (iid: string) => `index i in 1..2\nrandom x[i]${iid}\nE[x[1]]\n= E[x[2]]\n`;
    expect(holdsOn(family(' iid'), 10)).toEqual([]);
    expect(check(family(''))).toMatch(/^line 1 → line 2 fails/);
  });

  test('a vector family: entries of one vector coupled (a covariance), vectors independent (none across them)', () => {
    const v = 'index i in 1..2\nindex k in 1..2\nrandom g[i, k] iid\n';
    expect(holdsOn(`${v}Cov[g[1, 1], g[2, 2]]\n= 0\nCov[g[1, 1], g[1, 2]]\n= Cov[g[2, 1], g[2, 2]]\n`, 10)).toEqual([]);
    expect(check(`${v}Cov[g[1, 1], g[1, 2]]\n= 0\n`)).toMatch(/g\[1, 1\], g\[1, 2\] coupled \(one vector\)/);
  });

  test('the entries of one vector rise together or one falls as the other rises, each way at some point: Cov[g[1, 1], g[1, 2]] is neither ≥ 0 nor ≤ 0 everywhere', () => {
    const v = 'index i in 1..2\nindex k in 1..2\nrandom g[i, k] iid\nCov[g[1, 1], g[1, 2]]\n';
    // ±1 entries: −2/3 where g[1, 2] falls as g[1, 1] rises (P(g[1, 2] = 1) = 2/3), 1 where both rise together
    expect(check(`${v}>= 0\n`)).toMatch(/^line 1 → line 2 fails \(f\.claims:5\): line 1 = -2\/3, line 2 = 0, at /);
    expect(check(`${v}<= 0\n`)).toMatch(/^line 1 → line 2 fails \(f\.claims:5\): line 1 = 1, line 2 = 0, at /);
  });

  test('a vector of one entry is coupled with nothing, and not said to be; a vector family without iid has every member coupled with the rest', () => {
    expect(check('index i in 1..2\nindex k in 1..1\nrandom g[i, k] iid\nE[g[1, 1]]\n= 1\n')).toBe('line 1 → line 2 fails (f.claims:5): line 1 = 0, line 2 = 1, at g[1, 1] ∈ {-1: 1/2, 1: 1/2}, g[2, 1] ∈ {-1: 1/2, 1: 1/2}');
    expect(check('index i in 1..2\nindex k in 1..2\nrandom g[i, k]\nE[g[1, 1]]\n= 1\n')).toMatch(/, g\[1, 1\], g\[1, 2\], g\[2, 1\], g\[2, 2\] coupled \(no independence hypothesis\)$/);
  });

  test('a joint law of three names is one block, drawn and shown once', () => {
    // (0, 0, 0) and (1, 1, 1) with probability 1/2 each: E[x + y + z] = 3/2
    expect(check('random (x, y, z) ~ categorical{(0,0,0): 1/2, (1,1,1): 1/2}\nE[x + y + z]\n= 1\n')).toBe('line 1 → line 2 fails (f.claims:3): line 1 = 3/2, line 2 = 1, at (x, y, z) ∈ {(0, 0, 0): 1/2, (1, 1, 1): 1/2}');
  });

  test('an index range whose end is not a whole number at the point has no members there: the step has no value (not members 1..2 of 1..5/2)', () => {
    expect(check('let n = 5/2\nindex i in 1..n\nrandom x[i] iid\nE[x[1]]\n= E[x[1]]\n')).toBe('line 1 → line 2 (f.claims:5) has no value at the point drawn nor at any of 300 simple points: it was not checked');
  });

  test('Var and Cov take one and two expressions', () => {
    expect(() => parseDerivation('random v\nVar[v, v]\n= 0\n', 'f.claims')).toThrowErrorWith('f.claims:2: Var takes one expression: Var[...]');
    expect(() => parseDerivation('random v\nCov[v]\n= 0\n', 'f.claims')).toThrowErrorWith('f.claims:2: Cov takes 2 expressions: Cov[X, Y]');
  });

  test("04Highway-p3b's finding: weights each symmetric but not jointly make the mean of sigma(y) 0.50555, not 1/2", () => {
    const witness = 'random t ~ uniform{1, 2, 3}\nindex i in 1..2\nrandom x[i] iid ~ categorical{-1/2: 4/5, 2: 1/5}\nindependent t\nlet W1 = ind(t < 2) - ind(t > 2)\nlet W2 = ind(t < 2) - ind(t > 1)*ind(t < 3)\n';
    // each weight uniform on {-1, 0, 1}: symmetric
    expect(holdsOn(`${witness}E[ind(W1 > 0)]\n= E[ind(W1 < 0)]\nE[ind(W2 > 0)]\n= E[ind(W2 < 0)]\n`, 1)).toEqual([]);
    expect(check(`${witness}E[sigma(W1*x[1] + W2*x[2])]\n= 1/2\n`)).toMatch(/^line 1 → line 2 fails \(f\.claims:8\): line 1 = 0\.50554[78], line 2 = 0\.5/);
  });
});

describe('sampled expectations (continuous laws): float64 intervals, Hoeffding', () => {
  test('interval arithmetic encloses: 1/(1 + e^-x) over the whole line is within [0, 1]; a sign holding 0 has no answer', () => {
    const N = INTERVALS;
    const s = N.div(N.one, N.add(N.one, N.exp(N.neg([-Infinity, Infinity]))));
    expect(s[0]).toBeLessThanOrEqual(0);
    expect(s[1]).toBeGreaterThanOrEqual(1);
    expect(s[1] - s[0]).toBeLessThan(1 + 1e-12);
    expect(N.mul([0, 0], [-Infinity, Infinity])).toEqual([0, 0]);
    const third = N.fromRational(q(1).div(3));
    expect(third[0] < 1 / 3 || third[1] > 1 / 3).toBe(true);
    expect(third[0]).toBeLessThanOrEqual(1 / 3);
    expect(third[1]).toBeGreaterThanOrEqual(1 / 3);
    expect(() => N.sign([-1, 1])).toThrow(NotRepresentable);
    expect(() => N.div(N.one, [-1, 1])).toThrow(NotRepresentable);
  });

  test('sampledMean: the mean of the enclosures widened by t = range·√(ln(2/δ)/2n)', () => {
    const r = sampledMean(8, 2 * Math.exp(-16), [0, 1], (k) => [k % 2, k % 2]);
    expect(r.t).toBeCloseTo(1, 10);
    expect(r.mean[0]).toBeCloseTo(-0.5, 10);
    expect(r.mean[1]).toBeCloseTo(1.5, 10);
    expect(() => sampledMean(8, 0.1, [0, Infinity], () => [0, 0])).toThrow(RangeError);
  });

  const uniform = 'random u ~ uniform[0, 1]\nindex i in 1..2\nrandom g[i] iid ~ gaussian(0, 1)\n';
  it.each([['E[u]\n= 1/2\n'], ['E[u^2]\n= 1/3\n'], ['E[sigma(g[1] + g[2])]\n= 1/2\n'], ['E[tanh(g[1])]\n= 0\n']])('%s holds (sampled)', (chain) => expect(holdsOn(uniform + chain, 3)).toEqual([]));
  // t = 0.1035 for the range [0, 1] at 1000 draws and 1e-9: 0.25 and 0.731 are outside every interval the draws give
  it.each([
    ['E[u]\n= 1/4\n', /^line 1 → line 2 fails \(f\.claims:5\): line 1 = \[0\.39\d+, 0\.6\d+\], line 2 = 0\.25, at u ~ uniform\[0, 1\], g\[1\] ~ gaussian\(0, 1\), g\[2\] ~ gaussian\(0, 1\)$/],
    ['E[sigma(g[1] + g[2])]\n= sigma(1)\n', /^line 1 → line 2 fails \(f\.claims:5\): line 1 = \[0\.\d+, 0\.\d+\], line 2 = 0\.731059, at /],
    ['E[u]\n> 0.7\n', /^line 1 → line 2 fails/],
  ])('%s is refuted', (chain, why) => expect(check(uniform + chain)).toMatch(why));

  // E[u]'s enclosure is about [0.39, 0.61]: a relation holds where some values of the two intervals
  // satisfy it, and fails where none do
  it.each([['E[u]\n<= 0.3\n', false], ['E[u]\n<= 0.7\n', true], ['E[u]\n< 0.3\n', false], ['E[u]\n< 0.7\n', true], ['E[u]\n>= 0.7\n', false], ['E[u]\n>= 0.3\n', true], ['E[u]\n> 0.3\n', true], ['E[u]\n= 0.55\n', true],
    ['1/2\n<= 1/2\n', true], ['1/2\n>= 1/2\n', true], ['1/2\n= 1/2\n', true],
    // an integer's enclosure is the point itself, [2, 2]: two of them touch, where ≤, ≥ and = hold and < and > fail
    ['2\n<= 2\n', true], ['2\n>= 2\n', true], ['2\n= 2\n', true], ['2\n< 2\n', false], ['2\n> 2\n', false]] as const)('%s: holds %s (sampled)', (chain, holds) => {
    expect(check(uniform + chain) === null).toBe(holds);
  });

  test('an exact value in a sampled file is shown as a number, a large one too (its enclosure an ulp wide); an expectation as its interval', () => {
    expect(check(`${uniform}1000000/3\n= 0\n`)).toMatch(/^line 1 → line 2 fails \(f\.claims:5\): line 1 = 333333, line 2 = 0, at /);
  });

  test('the false-alarm count: a Cov is three expectations, a definition’s are counted, a file with only a uniform or only a Gaussian law is sampled', () => {
    const report = (text: string) => {
      const path = join(mkdtempSync(join(tmpdir(), 'laws-')), 'g.claims');
      writeFileSync(path, text);
      return checkDerivationFile(path, 1, 2).report;
    };
    expect(report(`${uniform}let m = E[u]\nCov[u, u]\n= Var[u] + 0*m\n`)).toContain('false alarm ≤ 1e-9 per expectation, 6 per point: ≤ 6e-9 per point, ≤ 1e-8 per check of 2 points');
    expect(report('random u ~ uniform[0, 1]\nE[u]\n= 1/2\n')).toContain('1 per point');
    expect(report('random g ~ gaussian(0, 1)\nE[tanh(g)]\n= 0\n')).toContain('1 per point');
  });

  test('derive states the sampled checks and their false-alarm bound: per expectation, per point (a Var is two), per check', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'laws-')), 'g.claims');
    writeFileSync(path, `${uniform}E[u]\n= 1/2\nVar[u]\n= 1/12\n`);
    const v = checkDerivationFile(path, 1, 2);
    expect(v.ok).toBe(true);
    expect(v.report).toContain('every step holds at 2 random points (float64 interval arithmetic, rounded outward)');
    expect(v.report).toContain('1000 draws each, float64 interval arithmetic, Hoeffding\'s bound over the body\'s range (its enclosure on the laws\' supports), false alarm ≤ 1e-9 per expectation, 3 per point: ≤ 3e-9 per point, ≤ 6e-9 per check of 2 points (the union bound)');
    // the whole report, its sentences in order
    const sampled = "Expectations over continuous laws sampled: 1000 draws each, float64 interval arithmetic, Hoeffding's bound over the body's range (its enclosure on the laws' supports), false alarm ≤ 1e-9 per expectation";
    expect(v.report).toBe(`every step holds at 2 random points (float64 interval arithmetic, rounded outward). 2 step(s) with E[...] or sqrt: finite laws enumerated, continuous ones sampled (below). ${sampled}, 3 per point: ≤ 3e-9 per point, ≤ 6e-9 per check of 2 points (the union bound)`);
    writeFileSync(path, `${uniform}E[u]\n<= 1\n`);
    expect(checkDerivationFile(path, 1, 2).report).toBe(
      `every step holds at 2 random points (float64 interval arithmetic, rounded outward). 1 inequality step(s): checked in float64 intervals (a step fails only where no values of the two intervals satisfy it) at every point and at 300 simple points (where boundaries lie: 0, ±1, equal variables), with no bound on the chance that a false one holds at all of them. ${sampled}, 1 per point: ≤ 1e-9 per point, ≤ 2e-9 per check of 2 points (the union bound)`,
    );
  });

  test('an expectation whose body interval arithmetic cannot bound is the file\'s error, in one line', () => {
    expect(() => check(`${uniform}E[g[1]]\n= 0\n`)).toThrowErrorWith("f.claims: an expectation over uniform[0, 1], gaussian(0, 1), gaussian(0, 1) is sampled, and Hoeffding's bound needs its body bounded: here it ranges over [-Infinity, Infinity]");
    expect(() => check(`${uniform}E[ind(u < 1/2)]\n= 1/2\n`)).toThrowErrorWith(/needs its body bounded: interval arithmetic cannot bound it \(relu, max, min, \|·\|, ind or a division of a sampled variable\)$/);
    // the body as written, not a term of it: u − exp(g) ranges over [0 − ∞, 1 − 0], where exp(g) alone would be [0, ∞]
    expect(() => check(`${uniform}E[u - exp(g[1])]\n= 0\n`)).toThrowErrorWith(/needs its body bounded: here it ranges over \[-Infinity, 1(\.0*\d)?\]$/);
  });
});
