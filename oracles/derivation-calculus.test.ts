/**
 * The derivation checker with derivatives (diff, by dual numbers), decimal(50) steps where a line
 * needs ln, hypotheses on a derivative, conditions judged by their zeros, and limit lines:
 * known answers worked by hand, and wrong ones refuted with the message a grader reads.
 */
import { describe, expect, it } from 'vitest';
import { chainsOf, checkDerivation, checkDerivationFile, conditionNumberAt, derivationOf, gridOf, lineValueAt, parseDerivation, simpleDraws, uniformDraws, type Derivation } from './derivation.ts';
import { NotationError, parseClaimFile } from './notation/index.ts';

/** The derivation of claim C of the file. */
function derivation(text: string): Derivation {
  const f = parseClaimFile(text, 'c.claims');
  const c = f.claims[0];
  return derivationOf(f, chainsOf(c), c.limits);
}
/** checkDerivation on seeds 1 and 2: the first failure, or null. */
const check = (text: string) => [1, 2].map((seed) => checkDerivation(derivation(text), seed)).find((r) => r !== null) ?? null;

const P4 = `real theta in (0, 4]
real lambda in (0, 4]
real dl
function l polynomial
assume diff(l(theta), theta) = dl
claim C: chain
  diff(l(theta) + lambda*ln(theta), theta)
`;

describe('steps with derivatives', () => {
  it('d/dΘ λ ln Θ = λ/Θ at 50 digits; λ/Θ² is refuted at the simplest point', () => {
    const text = (rhs: string) => `real theta in (0, 4]\nreal lambda in (0, 4]\nclaim C: chain\n  diff(lambda*ln(theta), theta)\n  = ${rhs}\n`;
    expect(check(text('lambda/theta'))).toBeNull();
    expect(check(text('lambda/theta^2'))).toBe('line 1 → line 2 fails (c.claims:5): line 1 = 0.5, line 2 = 0.25, at theta = 2, lambda = 1');
  });

  it("an uninterpreted function's derivative is a value of its own: (g²)′ = 2gg′, not 2g′", () => {
    const text = (rhs: string) => `real x\nfunction g\nclaim C: chain\n  diff(g(x)^2, x)\n  = ${rhs}\n`;
    expect(check(text('2*g(x)*diff(g(x), x)'))).toBeNull();
    expect(check(text('2*diff(g(x), x)'))).toMatch(/^line 1 → line 2 fails \(c\.claims:5\): line 1 = -?[\d/]+, line 2 = -?[\d/]+, at x = 0, g\(0\) = -?[\d/]+, g'\(0\) = -?[\d/]+$/);
  });

  it('a hypothesis sets a derivative: with g′(x) = d, (3g)′ = 3d, not d; the polynomial l through l′(Θ) = dl has (l + λ ln Θ)′ = dl + λ/Θ', () => {
    const text = (rhs: string) => `real x\nreal d\nfunction g\nassume diff(g(x), x) = d\nclaim C: chain\n  diff(3*g(x), x)\n  = ${rhs}\n`;
    expect(check(text('3*d'))).toBeNull();
    expect(check(text('d'))).toBe('line 1 → line 2 fails (c.claims:7): line 1 = 3, line 2 = 1, at x = 0, d = 1, g(0) = 0');
    expect(check(`${P4}  = dl + lambda/theta\n`)).toBeNull();
    expect(check(`${P4}  = dl + lambda\n`)).toBe('line 1 → line 2 fails (c.claims:8): line 1 = 0.5, line 2 = 1, at theta = 2, lambda = 1, dl = 0, l(x) = 0');
  });

  it('a function has one value at a point whichever system a step is decided in (surds, then decimal)', () => {
    expect(check('real x\nfunction g\nclaim C: chain\n  g(x)\n  = g(x) + 0\n  = g(x) + ln(1)\n')).toBeNull();
  });
});

describe('conditions: `answer condition on u:` has the zeros in u of the line before it', () => {
  const surds = (answer: string) => `real a in (0, 4]\nreal u\nclaim C: chain\n  2*u - a\n  answer condition on u: ${answer}\n`;

  it('exactly in the surds: u − a/2 and 3a − 6u are the condition 2u − a = 0; u − a is not; 0 is not', () => {
    expect(check(surds('u - a/2'))).toBeNull();
    expect(check(surds('3*a - 6*u'))).toBeNull();
    expect(check(surds('u - a'))).toBe('line 1 → line 2 fails (c.claims:5): at u = 1/2 line 1 is 0 and the answer u - a is -1/2: the condition holds under one form and not the other, at a = 1, u = 1/2');
    expect(check(surds('0*u'))).toBe('line 1 → line 2 fails (c.claims:5): at u = 0 the answer 0*u is 0 and line 1 is -1: the condition holds under one form and not the other, at a = 1, u = 0');
  });

  it('a line that does not depend on u: where it is 0 the answer must be 0 for every u, where it is not, for none', () => {
    const file = (a: string, answer: string) => `real a in ${a}\nreal u\nclaim C: chain\n  a - 1\n  answer condition on u: ${answer}\n`;
    const fails = (at: string) => `line 1 → line 2 fails (c.claims:5): at ${at}: the condition holds under one form and not the other`;
    // at a = 1 line 1 is 0 for every u: u is not 0 at 1, u − 1 not at 0
    expect(check(file('(0, 4]', 'u'))).toBe(`${fails('u = 1 line 1 is 0 and the answer u is 1')}, at a = 1, u = 1`);
    expect(check(file('(0, 4]', 'u - 1'))).toBe(`${fails('u = 0 line 1 is 0 and the answer u - 1 is -1')}, at a = 1, u = 0`);
    // a ≥ 2: line 1 is never 0, and the answer's own zero (u = 0, u = 1) is found
    expect(check(file('[2, 4]', 'u'))).toBe(`${fails('u = 0 the answer u is 0 and line 1 is 1')}, at a = 2, u = 0`);
    expect(check(file('[2, 4]', '(u - 1)*(u + 1)'))).toBe(`${fails('u = 1 the answer (u - 1)*(u + 1) is 0 and line 1 is 1')}, at a = 2, u = 1`);
    expect(check(file('(0, 4]', 'a - 1'))).toBeNull();
    expect(check(file('(0, 4]', '(a - 1)*(u^2 + 1)'))).toBeNull();
  });

  it('in a file with a continuous law the same verdicts, in float64 intervals (SAMPLED)', () => {
    const sampled = (line: string, answer: string) => `random v ~ uniform[0, 1]\nreal a in (0, 4]\nreal u\nclaim C: chain\n  ${line}\n  answer condition on u: ${answer}\n`;
    const fails = (at: string) => `line 1 → line 2 fails (c.claims:6): at ${at}: the condition holds under one form and not the other`;
    expect(check(sampled('2*u - a', 'u - a/2'))).toBeNull();
    expect(check(sampled('2*u - a', '3*a - 6*u'))).toBeNull();
    expect(check(sampled('2*u - a', 'u - a'))).toBe(`${fails('u = 0.5 line 1 is 0 and the answer u - a is -0.5')}, at a = 1, u = 0.5, v ~ uniform[0, 1]`);
    expect(check(sampled('2*u - a', '0*u'))).toBe(`${fails('u = 0 the answer 0*u is 0 and line 1 is -1')}, at a = 1, u = 0, v ~ uniform[0, 1]`);
    expect(check(sampled('a - 1', 'u'))).toBe(`${fails('u = 1 line 1 is 0 and the answer u is 1')}, at a = 1, u = 1, v ~ uniform[0, 1]`);
    expect(check(sampled('a - 1', 'a - 1'))).toBeNull();
  });

  it("an answer not affine in u is also tried at u* ± 1: (2u − a)(u − a/2 + 1) is 0 at u* − 1, where 2u − a is not", () => {
    expect(check(surds('(2*u - a)*(u - a/2 + 1)'))).toMatch(/^line 1 → line 2 fails \(c\.claims:5\): at u = -1\/2 the answer .* is 0 and line 1 is -2: the condition holds under one form and not the other/);
  });

  it('at 50 digits the zero u* = 1/3 of 3u − exp(0) is a zero within the allowance of the line\'s values (−1 and 2), where 3·0.333… − 1 = −1e-50 and the point\'s only real is 0: not a line not affine in u', () => {
    // u = 0 is the first simple point, where the condition is tried whatever the seed
    expect(checkDerivation(derivation('real u\nclaim C: chain\n  3*u - exp(0)\n  answer condition on u: u - exp(0)/3\n'), 1)).toBeNull();
  });

  it('a line not affine in u has no zero to solve for: the file is wrong, in one line', () => {
    expect(() => check('real a in (0, 4]\nreal u\nclaim C: chain\n  u^2 - a\n  answer condition on u: u - a\n')).toThrow(new NotationError('c.claims:4: line 1 is not affine in u: the zero of the condition cannot be solved for'));
  });

  it("P4: Θ·dl + λ and 2dl + 2λ/Θ are the exam's condition at 50 digits; dl − λ/Θ is not", () => {
    expect(check(`${P4}  answer condition on dl: theta*dl + lambda\n`)).toBeNull();
    expect(check(`${P4}  answer condition on dl: 2*dl + 2*lambda/theta\n`)).toBeNull();
    expect(check(`${P4}  answer condition on dl: dl - lambda/theta\n`)).toMatch(/^line 1 → line 2 fails \(c\.claims:8\): at dl = -1 line 1 is 0 and the answer dl - lambda\/theta is -2: the condition holds under one form and not the other, at theta = 1, lambda = 1, dl = -1, l\(x\) = /);
  });

  it("a module's number where the line does not depend on u: 0 for every u where the line is 0, for none where it is not", () => {
    const der = derivation('real a in (0, 4]\nreal u\nclaim C: chain\n  a - 1\n  answer condition on u: u - a\n');
    const line = der.chains[0][1];
    const judge = (a: number, f: (r: Readonly<Record<string, number>>) => number) => conditionNumberAt(der, line, simpleDraws([a, 0, 0, 0]), f, 64 * 2 ** -53);
    // a = 1 (the first simple value): line 1 is 0 whatever u is
    expect(judge(0, () => 0)).toBeNull();
    expect(judge(0, (r) => r.u)).toBe('at a = 1, u = 1 line 1 (a - 1) is 0 and the answer gives 1: the condition holds under one form and not the other');
    // a = 2: line 1 is 1, never 0
    expect(judge(1, () => 1)).toBeNull();
    expect(judge(1, (r) => r.u)).toBe('at a = 2, u = 0 line 1 (a - 1) is 1 and the answer gives 0: the condition holds under one form and not the other');
  });

  it("a module's number where the line is 0 within the 50-digit allowance relative to the point's reals: 3·(ln x/3) − ln x is −1e-49 at x = 1500, 0 beside 1500", () => {
    const der = derivation('real x in [1000, 2000]\nreal u\nclaim C: chain\n  3*(ln(x)/3) - ln(x)\n  answer condition on u: 0*u\n');
    // no simple value lies in [1000, 2000]: x is its midpoint, 1500
    const judge = (f: (r: Readonly<Record<string, number>>) => number) => conditionNumberAt(der, der.chains[0][1], simpleDraws([0, 0, 0, 0]), f, 1e-9);
    expect(judge(() => 0)).toBeNull();
    expect(judge((r) => r.u)).toMatch(/^at x = 1500, u = 1 line 1 \(3\*\(ln\(x\)\/3\) - ln\(x\)\) is -?1e-49 and the answer gives 1: the condition holds under one form and not the other$/);
  });

  it("a module's number against a line without exp or ln is judged exactly: x/10^45 and √2·x/10^45 are not 0, so a module 0 for every u is wrong; at 50 digits (ln) 10^-45 beside x = 1 is 0", () => {
    const judge = (line: string, f: () => number) => {
      const der = derivation(`real x in [1, 2]\nreal u\nclaim C: chain\n  ${line}\n  answer condition on u: u\n`);
      // x = 1, u = 0: the first simple values
      return conditionNumberAt(der, der.chains[0][1], simpleDraws([0, 0, 0, 0]), f, 1e-9);
    };
    expect(judge('x/10^45', () => 0)).toMatch(/^at x = 1, u = 0 line 1 \(x\/10\^45\) is 1\/10{45} and the answer gives 0: the condition holds under one form and not the other$/);
    expect(judge('sqrt(2)*x/10^45', () => 0)).toMatch(/^at x = 1, u = 0 line 1 \(sqrt\(2\)\*x\/10\^45\) is 1\/10{45}·√2 and the answer gives 0: /);
    expect(judge('ln(x) - ln(x) + 1/10^45', () => 0)).toBeNull();
  });

  it('no value to judge where the line has none (a = 1 in 1/(a − 1)) or the hypotheses no law (a variance m − 1 < 0)', () => {
    const division = derivation('real a in [0, 4]\nclaim C: chain\n  1/(a - 1)\n  = 1/(a - 1)\n');
    // simple choices 0, 1, 2: a = 0, 1, 2
    expect(lineValueAt(division, division.chains[0][0], simpleDraws([1, 0, 0]))).toBeNull();
    expect(lineValueAt(division, division.chains[0][0], simpleDraws([2, 0, 0]))!.value.q.toFraction()).toBe('1');
    const law = derivation('real m in [0, 4]\nrandom v with mean m, variance m - 1\nclaim C: chain\n  E[v]\n  = m\n');
    expect(lineValueAt(law, law.chains[0][0], simpleDraws([0, 0, 0]))).toBeNull();
    expect(lineValueAt(law, law.chains[0][0], simpleDraws([1, 0, 0]))!.where).toBe('m = 1');
    // a wrong module (u − 1 where the zero is u = 0; u where it is u = m) is judged only where there is a value
    const condition = derivation('real a in [0, 4]\nreal u\nclaim C: chain\n  u/(a - 1)\n  answer condition on u: u\n');
    const judged = (k: number) => conditionNumberAt(condition, condition.chains[0][1], simpleDraws([k, 0, 0]), (r) => r.u - 1, 1e-9);
    expect(judged(1)).toBeNull();
    expect(judged(0)).not.toBeNull();
    const lawful = derivation('real m in [0, 4]\nreal u\nrandom v with mean m, variance m - 1\nclaim C: chain\n  u - E[v]\n  answer condition on u: u - m\n');
    const judgedLaw = (k: number) => conditionNumberAt(lawful, lawful.chains[0][1], simpleDraws([k, 0, 0]), (r) => r.u, 1e-9);
    expect(judgedLaw(0)).toBeNull();
    expect(judgedLaw(1)).not.toBeNull();
  });

  it("a module's tolerance is relative to |u*| past 1, its zero may be an end of the interval tried, and u* + 1 is tried too", () => {
    const der = derivation('real a in (0, 4]\nreal u\nclaim C: chain\n  u - a\n  answer condition on u: u - a\n');
    const line = der.chains[0][1];
    // a = 2 (the simple choice 1): u* = 2, and the tolerance 2^-40 is 2^-39 wide there
    const tolerance = 2 ** -40;
    const d = 2 * tolerance;
    const judge = (f: (r: Readonly<Record<string, number>>) => number) => conditionNumberAt(der, line, simpleDraws([1, 0, 0, 0]), f, tolerance);
    expect(judge((r) => r.u - r.a - 0.75 * d)).toBeNull();
    expect(judge((r) => r.u - r.a - 1.5 * d)).toMatch(/^at a = 2, u = 2 line 1 \(u - a\) is 0 and the answer gives /);
    // a double zero at u*, and zeros at the ends u* ∓ d
    expect(judge((r) => (r.u - r.a) ** 2)).toBeNull();
    expect(judge((r) => r.u - (2 - d))).toBeNull();
    expect(judge((r) => 2 + d - r.u)).toBeNull();
    // a second zero at u* + 1
    expect(judge((r) => (r.u - r.a) * (r.u - r.a - 1))).toBe('at a = 2, u = 3 the answer gives 0 and line 1 (u - a) is 1: the condition holds under one form and not the other');
  });

  it("a module's number, in float64: right where its zero is within its tolerance of the condition's", () => {
    const der = derivation(`${P4}  answer condition on dl: dl + lambda/theta\n`);
    const line = der.chains[0][1];
    // theta = 2, lambda = 1 (the simple choices 1, 0, 0 …): the zero is dl = −1/2
    const judge = (f: (r: Readonly<Record<string, number>>) => number) => conditionNumberAt(der, line, simpleDraws([1, 0, 0, 0, 0, 0, 0, 0]), f, 64 * 2 ** -53);
    expect(judge((r) => r.theta * r.dl + r.lambda)).toBeNull();
    expect(judge((r) => r.dl + r.lambda / r.theta + 1e-17)).toBeNull();
    expect(judge((r) => r.dl + r.lambda / r.theta + 1e-12)).toMatch(/^at theta = 2, lambda = 1, dl = -0\.5 line 1 \(.*\) is 0 and the answer gives 1e-12 \(9\.9\d*e-13 and 1\.00\d*e-12 at dl ∓ 7\.11e-15: no zero within its tolerance\): the condition holds under one form and not the other$/);
    expect(judge(() => 0)).toBe('at theta = 2, lambda = 1, dl = -1.5 the answer gives 0 and line 1 (diff(l(theta) + lambda*ln(theta), theta)) is -1: the condition holds under one form and not the other');
  });
});

describe('a polynomial function is shown by its coefficients at the simplest point that refutes', () => {
  // c₁ and c₂ of a polynomial of degree ≤ 2 from its values at 0, 1, 2; degree 3 and 4 by the third and fourth differences
  const c1 = '(l(1) - l(0) - (l(2) - 2*l(1) + l(0))/2)';
  const nonzero = `l(0) * ${c1} * (${c1} - 1) * (l(2) - 2*l(1) + l(0))`;
  const at = (chain: string, seed: number) => checkDerivation(derivation(`real theta in (0, 4]\nfunction l polynomial\nclaim C: chain\n  ${chain}\n  = 0\n`), seed);
  it.each([
    ['l(theta) - l(0)', 2, 'theta = 1, l(x) = x'],
    ['l(theta) - l(0) - theta*(l(1) - l(0))', 5, 'theta = 2, l(x) = x^2'],
    // c₀ ≠ 0, c₁ ∉ {0, 1}, c₂ ≠ 0: the smallest such are 1, −1, 1
    [nonzero, 5, 'theta = 1, l(x) = 1 - x + x^2'],
    [`${nonzero} * (l(3) - 3*l(2) + 3*l(1) - l(0)) * (l(4) - 4*l(3) + 6*l(2) - 4*l(1) + l(0))`, 9, 'theta = 1, l(x) = 1 + x^4'],
  ])('%s = 0 at seed %i: %s', (chain, seed, point) => expect(at(chain, seed)?.split(', at ')[1]).toBe(point));
});

describe("a polynomial function's coefficients: small integers, or one time in four a dyadic m/2^e (|m| ≤ 255, 1 ≤ e ≤ 8)", () => {
  it('l(0), its constant coefficient, at 64 uniform points: within ±255/2, every denominator a power of 2 up to 2^8, and some not 1', () => {
    const der = derivation('function l polynomial\nclaim C: chain\n  l(0)\n  = l(0)\n');
    const c0 = Array.from({ length: 64 }, (_, k) => lineValueAt(der, der.chains[0][0], uniformDraws(k + 1, gridOf(der)))!.value.q);
    expect(c0.filter((c) => Math.abs(c.valueOf()) > 255 / 2)).toEqual([]);
    expect(c0.filter((c) => ![1n, 2n, 4n, 8n, 16n, 32n, 64n, 128n, 256n].includes(c.d))).toEqual([]);
    expect(c0.some((c) => c.d > 1n)).toBe(true);
  });
});

describe('limit lines', () => {
  const limit = (line: string) => `real theta in (0, 4]\nreal lambda in (0, 4]\nfunction l polynomial\nclaim C: chain\n  theta\n  = theta\n  ${line}\n`;

  it('ℓ + λ ln Θ → −∞ as Θ → 0⁺ for a polynomial ℓ; "bounded below" is refuted at the simplest point', () => {
    expect(check(limit('limit l(theta) + lambda*ln(theta) as theta -> 0+ is -infinity'))).toBeNull();
    expect(check(limit('limit l(theta) + lambda*ln(theta) as theta -> 0+ is bounded below'))).toBe(
      'limit fails (c.claims:7): l(theta) + lambda*ln(theta) at theta = 2^-128, 2^-256, 2^-512, 2^-1024 is -88.7228, -177.446, -354.891, -709.783: it → -infinity, not bounded below, at theta = 1, lambda = 1, l(x) = 0',
    );
  });

  it('what a refuted limit says it does: settles (finite); a limit with no value at its points is not judged', () => {
    expect(check(limit('limit l(theta) as theta -> 0+ is +infinity'))).toMatch(/^limit fails \(c\.claims:7\): l\(theta\) at theta = 2\^-128, 2\^-256, 2\^-512, 2\^-1024 is .*: it settles \(finite\), not \+infinity, at theta = /);
    expect(check(limit('limit ln(theta - 5) as theta -> 0+ is finite'))).toBeNull();
  });

  it('a polynomial settles at 0⁺ and 1/Θ grows; a function with free values has no verdict', () => {
    expect(check(limit('limit l(theta) as theta -> 0+ is finite'))).toBeNull();
    expect(check(limit('limit lambda/theta as theta -> 0+ is +infinity'))).toBeNull();
    expect(check(limit('limit lambda/theta as theta -> +infinity is finite'))).toBeNull();
    expect(check(limit('limit lambda*theta as theta -> -infinity is -infinity'))).toBeNull();
    expect(check('real theta in (0, 4]\nfunction g\nclaim C: chain\n  theta\n  = theta\n  limit g(theta) as theta -> 0+ is finite\n')).toMatch(/^limit fails \(c\.claims:6\): .*: its steps neither settle nor keep growing: no verdict, not finite, at /);
  });
});

describe('limit lines: where they fail, and what they cannot read', () => {
  it('a refuted limit is shown at the simplest point where it fails, shrunk from the one found: (ab + 1)/x → +∞ as x → 0⁺ fails where ab ≤ −1, first at a = ±1, b = ∓1', () => {
    const der = derivation('real a, b\nreal x in (0, 4]\nclaim C: chain\n  x\n  = x\n  limit (a*b + 1)/x as x -> 0+ is +infinity\n');
    // at seeds 1 and 3 the point drawn has ab ≤ −1: the search starts from there
    for (const seed of [1, 3]) expect(checkDerivation(der, seed)).toMatch(/^limit fails \(c\.claims:6\): \(a\*b \+ 1\)\/x at x = 2\^-128, 2\^-256, 2\^-512, 2\^-1024 is 0, 0, 0, 0: it settles \(finite\), not \+infinity, at a = (1, b = -1|-1, b = 1), x = 1$/);
  });

  it('the simplest point of a refuted limit is one where the hypotheses have a law: m/x → +∞ (not finite) at m = 1, not at m = 0, where the variance m − 1 is negative', () => {
    const der = derivation('real m in [0, 4]\nreal x in (0, 4]\nrandom v with mean m, variance m - 1\nclaim C: chain\n  x\n  = x\n  limit m/x as x -> 0+ is finite\n');
    expect(checkDerivation(der, 1)).toBe('limit fails (c.claims:7): m/x at x = 2^-128, 2^-256, 2^-512, 2^-1024 is 3.40282e+38, 1.15792e+77, 1.34078e+154, 1.79769e+308: it → +infinity, not finite, at m = 1, x = 1, v ∈ {1: 1}');
  });

  it('an expectation over a continuous law in a limit line is the file\'s error: sampled in the steps only', () => {
    const der = derivation('random v ~ uniform[0, 1]\nreal x in (0, 4]\nclaim C: chain\n  x\n  = x\n  limit E[v]/x as x -> 0+ is +infinity\n');
    expect(() => checkDerivation(der, 1)).toThrow(new NotationError("c.claims: an expectation over continuous laws is sampled in a chain's steps only (not in a limit or a condition line)"));
  });

  it('a limit with no verdict is refuted whatever it claims, "bounded below" too (a no-verdict reading is not a reading that is not −∞)', () => {
    expect(check('real theta in (0, 4]\nfunction g\nclaim C: chain\n  theta\n  = theta\n  limit g(theta) as theta -> 0+ is bounded below\n')).toMatch(/^limit fails \(c\.claims:6\): .*: its steps neither settle nor keep growing: no verdict, not bounded below, at /);
  });

  it("a module's number against a line with an expectation over a continuous law is the file's error, not a point without a value (where every module would pass)", () => {
    const der = derivation('random v ~ uniform[0, 1]\nreal a in (0, 4]\nreal u\nclaim C: chain\n  u - E[v]*a\n  answer condition on u: u - a/2\n');
    const error = new NotationError("c.claims: an expectation over continuous laws is sampled in a chain's steps only (not in a limit or a condition line)");
    expect(() => lineValueAt(der, der.chains[0][0], simpleDraws([0, 0, 0, 0]))).toThrow(error);
    expect(() => conditionNumberAt(der, der.chains[0][1], simpleDraws([0, 0, 0, 0]), (r) => r.u - r.a / 2, 1e-9)).toThrow(error);
  });

  it("a file with chains at top level is their derivation: its chain claims' limits are not read with them", () => {
    const der = parseDerivation('real x in (0, 4]\nx\n= x\nclaim C: chain\n  x\n  = x\n  limit 1/x as x -> 0+ is finite\n', 'c.claims');
    expect(der.limits).toEqual([]);
    expect(checkDerivation(der, 1)).toBeNull();
  });
});

describe('examcheck derive on p4.claims', () => {
  it('says which steps were decided at 50 digits, that the condition is judged by its zeros, and that limits are sampled', () => {
    expect(checkDerivationFile('exams/midterm-practice/p4.claims', 1, 3)).toEqual({
      ok: true,
      report:
        'every step holds at 3 random points (exact arithmetic; 1 step(s) with exp or ln at 50 digits, equal within 1e-40 of the largest magnitude). 1 condition(s) judged by their zeros. 1 limit line(s) read from 2^-128 … 2^-1024 (±2^128 … ±2^1024) at every point: sampled, not proved. ',
    });
  });
});
