/**
 * A loss ℓ(Θ) as plain JSON, and as code in any analytic field: a module of its own, without the
 * generators, so a candidate's process (properties/candidate-serve.ts) can build ℓ's gradient from
 * the JSON it is sent without loading fast-check.
 */
import type { Loss } from '../../impl/autodiff.ts';
import type { Analytic } from '../../oracles/numbers/tower.ts';

/**
 * A smooth loss ℓ(Θ) as plain JSON. Quotients and logarithms are safe by construction: `div` is
 * a / (1 + b²) and `log` is log(1 + a²), so no shrink can make a denominator vanish.
 */
export type Expr =
  | { op: 'const'; value: number }
  | { op: 'theta'; index: number }
  | { op: 'add' | 'mul' | 'div'; a: Expr; b: Expr }
  | { op: 'exp' | 'log' | 'sin' | 'cos' | 'tanh' | 'softplus'; a: Expr }
  | { op: 'pow'; a: Expr; k: 2 | 3 | 4 };

/** The expression each Loss made by `lossOf` evaluates: a Loss is code, the expression is its plain form (for a candidate's process). */
const exprs = new WeakMap<Loss, Expr>();

/** The expression a Loss made by `lossOf` evaluates (anything else is a programming error). */
export function exprOf(loss: Loss): Expr {
  const e = exprs.get(loss);
  if (!e) throw new Error('not a loss made by lossOf');
  return e;
}

/** ℓ as a Loss: the expression evaluated in any analytic field. */
export const lossOf = (e: Expr): Loss => {
  const loss: Loss = <T>(F: Analytic<T>, theta: readonly T[]): T => {
    const go = (e: Expr): T => {
      switch (e.op) {
        case 'const':
          return F.fromNumber(e.value);
        case 'theta':
          return theta[e.index];
        case 'add':
          return F.add(go(e.a), go(e.b));
        case 'mul':
          return F.mul(go(e.a), go(e.b));
        case 'div': {
          const b = go(e.b);
          return F.div(go(e.a), F.add(F.one, F.mul(b, b)));
        }
        case 'log': {
          const a = go(e.a);
          return F.log(F.add(F.one, F.mul(a, a)));
        }
        case 'pow': {
          const a = go(e.a);
          let p = a;
          for (let k = 1; k < e.k; k++) p = F.mul(p, a);
          return p;
        }
        default:
          return F[e.op](go(e.a));
      }
    };
    return go(e);
  };
  exprs.set(loss, e);
  return loss;
};

