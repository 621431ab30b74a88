/**
 * The Hessian of ℓ(Θ) = Σᵢ (|Θᵢ|³ + max(Θᵢ, 0)³)/3 + √(1 + ‖Θ‖²) times ΔΘ, in closed form, at 60
 * digits (issue 21, item 8): differentiating by hand, with r² = ‖Θ‖²,
 *   (HΔΘ)ᵢ = (2|Θᵢ| + 2 max(Θᵢ, 0))ΔΘᵢ + (ΔΘᵢ(1 + r²) − Θᵢ(Θ·ΔΘ)) / (1 + r²)^{3/2},
 * continuous everywhere (ℓ is C², so the Hessian exists at the kinks Θᵢ = 0 too). With the
 * magnitude of each entry, the same sum with every term taken in absolute value, for rounding
 * bounds. Nothing here evaluates a gradient code or a complex number.
 */
import { Decimal } from 'decimal.js';
import { decimalOf as exactDecimal } from './numbers/decimal.ts';

const D = Decimal.clone({ precision: 60 });
type Dec = InstanceType<typeof D>;
const dec = (x: number): Dec => exactDecimal(D, x);

export function kinkedHessianVector(theta: readonly number[], dtheta: readonly number[]): { hv: Dec[]; magnitude: number[] } {
  const [t, d] = [theta.map(dec), dtheta.map(dec)];
  const r2 = t.reduce((s, x) => s.plus(x.pow(2)), new D(0));
  const one = r2.plus(1);
  const scale = one.pow(1.5);
  const dot = t.reduce((s, x, i) => s.plus(x.times(d[i])), new D(0));
  const absDot = t.reduce((s, x, i) => s.plus(x.times(d[i]).abs()), new D(0));
  const kink = (x: Dec) => x.abs().times(2).plus(D.max(x, 0).times(2));
  return {
    hv: t.map((x, i) => kink(x).times(d[i]).plus(d[i].times(one).minus(x.times(dot)).div(scale))),
    magnitude: t.map((x, i) => kink(x).times(d[i].abs()).plus(d[i].abs().times(one).plus(x.abs().times(absDot)).div(scale)).toNumber()),
  };
}
