import Fraction from 'fraction.js';
import { describe, expect, test } from 'vitest';
import { jetField, type Jet } from './hessian.ts';
import { Decimal } from 'decimal.js';
import { decimal, decimalOf } from './numbers/decimal.ts';
import { quad } from './numbers/quad.ts';
import type { Analytic } from './numbers/tower.ts';

/**
 * A fresh one-parameter jet field, built inside each test so that coverage sees each test's own
 * jets: θ at 3 along δ = 2 (p), and at 1 along 3 (q).
 */
function jets<T>(N: Analytic<T>) {
  const F = jetField(N, 1);
  return { F, p: F.param(3, 2, 0), q: F.param(1, 3, 0) };
}
type Jets = ReturnType<typeof jets<unknown>>;
const e2 = Math.exp(2);

/** tanh θ's magnitudes at θ = 3 along 2, from t = tanh 3 and s = sech² 3 (module comment of hessian.ts). */
const tanhMagnitudes = (t: number, s: number) => {
  const [a0, a1, a2] = [t + 3 * s, s + 3 * 2 * t * s, 2 * s + 3 * 2 * s * Math.abs(3 * t * t - 1)];
  return [a0, a1, 2 * a1, a2 * 1 * 2];
};

/** A jet's magnitudes as [mv, mg, md, mh] (one parameter). */
const magnitudes = (a: Jet<unknown>) => [a.mv, a.mg[0], a.md, a.mh[0]];

// the jets run over quad-double, and over decimal(60) where a case leaves quad's band: both the same
describe.each([
  ['quad-double', quad() as Analytic<unknown>],
  ['decimal(60)', decimal(60) as Analytic<unknown>],
])('the jets’ magnitudes over %s, against closed forms', (_system, N) => {
  test.each<[string, (j: Jets) => Jet<unknown>, number[]]>([
    // positive θ, δ and only + and ·: nothing cancels, so the magnitudes are the jet [v, ∂v/∂θ, ∂v/∂δ, ∂²v/∂θ∂δ] itself
    ['θ + θ at 3 along 2', ({ F, p }) => F.add(p, p), [6, 2, 4, 0]],
    ['θ − θ at 3 along 2 (a difference adds magnitudes too)', ({ F, p }) => F.sub(p, p), [6, 2, 4, 0]],
    ['θ·θ at 3 along 2', ({ F, p }) => F.mul(p, p), [9, 6, 12, 4]],
    // θ³: 27, 3θ² = 27, 3θ²δ = 54, 6θδ = 36; here the second factor has every magnitude nonzero
    ['θ·(θ·θ) at 3 along 2', ({ F, p }) => F.mul(p, F.mul(p, p)), [27, 27, 54, 36]],
    // exp of u = θ + θ (mu = 2, mg = 2, md = 6): every factor is |exp u| + mu·|exp u| = 3e², so
    // mv = 3e², mg = 3e²·2, md = 3e²·6, mh = 3e²·2·6
    // −θ keeps θ's magnitudes: a negation is exact
    ['−θ at 3 along 2', ({ F, p }) => F.neg(p), [3, 1, 2, 0]],
    // √(θ·θ) at 3 along 2: u = θ·θ has magnitudes 9, 6, 12, 4; the factors |f⁽ᵏ⁾(u)| + 9·|f⁽ᵏ⁺¹⁾(u)| are
    // 3 + 9/6 = 9/2, 1/6 + 9/108 = 1/4 and 1/108 + 9/648 = 5/216, so mv = 9/2, mg = 6/4, md = 12/4, mh = 4/4 + (5/216)·6·12 = 8/3
    ['√(θ·θ) at 3 along 2', ({ F, p }) => F.sqrt(F.mul(p, p)), [4.5, 1.5, 3, 8 / 3]],
    ['exp(θ + θ) at 1 along 3', ({ F, q }) => F.exp(F.add(q, q)), [3 * e2, 6 * e2, 18 * e2, 36 * e2]],
    // log u, u = θ·θ (9, 6, 12, 4): factors log 9 + 9/9, 1/9 + 9/81 = 2/9 and 1/81 + 9·2/729 = 1/27
    ['log(θ·θ) at 3 along 2', ({ F, p }) => F.log(F.mul(p, p)), [Math.log(9) + 1, (2 / 9) * 6, (2 / 9) * 12, (2 / 9) * 4 + (1 / 27) * 6 * 12]],
    // 1·(1/θ): factors 1/3 + 3/9 = 2/3, 1/9 + 3·2/27 = 1/3 and 2/27 + 3·6/81 = 8/27; mh = (8/27)·1·2
    ['1/θ at 3 along 2', ({ F, p }) => F.div(F.one, p), [2 / 3, 1 / 3, 2 / 3, 16 / 27]],
    // tanh: f' = s = sech² 3, |f''| = 2ts, |f'''| = 2s|3t² − 1|, and the program's f'' rounds relative to 2s
    ['tanh θ at 3 along 2', ({ F, p }) => F.tanh(p), tanhMagnitudes(Math.tanh(3), 1 / Math.cosh(3) ** 2)],
  ])('%s', (_, build, want) => {
    // to 10^-14 of each (the float64 sums round), and exactly where it is 0
    magnitudes(build(jets(N))).forEach((m, i) => expect(Math.abs(m - want[i])).toBeLessThanOrEqual(1e-14 * want[i]));
  });

  test('toNumber reads the exact value back as a double', () => {
    const { F, p } = jets(N);
    expect(F.toNumber(F.fromNumber(0.1))).toBe(0.1);
    expect(F.toNumber(F.mul(p, p))).toBe(9);
    expect(F.toNumber(F.fromRational(new Fraction(-1, 4)))).toBe(-0.25);
    expect([F.sign(F.neg(p)), F.sign(F.zero), F.sign(p)]).toEqual([-1, 0, 1]);
  });

  test('√θ has the exact jet: at θ = 4 along 1, ∂²√θ/∂θ∂δ = −1/(4·4^{3/2}) = −1/32', () => {
    const F = jetField(N, 1);
    const r = F.sqrt(F.param(4, 1, 0));
    expect([r.v, r.g[0], r.d, r.h[0]].map((x) => N.toNumber(x))).toEqual([2, 0.25, 0.25, -1 / 32]);
  });
});

describe('the jets over quad-double against the jets over decimal(60)', () => {
  // each system's own arithmetic (error-free float64 transformations; base-10^7 digits): they agree
  // to far below what a float64 answer is judged to, on every operation the losses use
  test('every operation, composed: the same ∂²v/∂θ∂δ to 10^-50 relative', () => {
    const at = <T>(N: Analytic<T>) => {
      const F = jetField(N, 2);
      const [x, y] = [F.param(0.75, 1.5, 0), F.param(-1.25, 0.5, 1)];
      const u = F.mul(F.exp(F.mul(x, y)), F.sin(F.add(x, F.cos(y))));
      const v = F.div(F.tanh(F.sub(x, y)), F.sqrt(F.add(F.mul(x, x), F.one)));
      return F.add(F.log(F.add(F.softplus(u), F.one)), v).h;
    };
    const Wide = Decimal.clone({ precision: 80 });
    const q = at(quad()).map((h) => [h.x0, h.x1, h.x2, h.x3].reduce((s, x) => s.plus(decimalOf(Wide, x)), new Wide(0)));
    const d = at(decimal(60)).map((h) => new Wide(h));
    q.forEach((h, j) => expect(h.minus(d[j]).abs().lte(d[j].abs().mul('1e-50')), `${h} against ${d[j]}`).toBe(true));
    expect(d.every((h) => !h.isZero())).toBe(true);
  });
});
