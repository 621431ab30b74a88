/**
 * diff(EXPR, x), polynomial functions, hypotheses on a derivative, conditions and limits: what the
 * reader accepts (and the one line it says otherwise), and derivatives worked by hand.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { decimal } from '../numbers/decimal.ts';
import { rational } from '../numbers/rational.ts';
import { compileExpression, NotationError, parseClaimFile, type ExpressionEnv } from './index.ts';

const q = (x: string | number) => new Fraction(x);
const FILE = `real x, y
integer n in [1, 3]
function g, h
function p polynomial
`;
const file = parseClaimFile(FILE, 'd.claims');

/** The expression's value in the rationals at x = 1/2, y = 3, g's (and its derivatives') values from `values`, p = 1 + 2t + 3t². */
function at(expr: string, values: Record<string, string> = {}, asked: string[] = []): Fraction {
  const env: ExpressionEnv<Fraction> = {
    scalars: new Map([['x', q('1/2')], ['y', q(3)], ['n', q(2)]]),
    call(name, args) {
      const key = `${name}(${args.map((a) => a.toFraction()).join(', ')})`;
      asked.push(key);
      if (!(key in values)) throw new Error(`no value for ${key}`);
      return q(values[key]);
    },
    polynomial: () => [q(1), q(2), q(3)],
  };
  return compileExpression(file, expr, rational)(env);
}

describe('diff(EXPR, x): forward mode, exact over the rationals', () => {
  it('of a polynomial: d/dx (x³ + 2x) = 3x² + 2 = 11/4 at x = 1/2; other reals are constants', () => {
    expect(at('diff(x^3 + 2*x, x)').toFraction()).toBe('11/4');
    expect(at('diff(x*y + y^2, x)').toFraction()).toBe('3');
    expect(at('diff(x/y, y)').toFraction()).toBe('-1/18');
  });

  it('nests: d²/dx² x³ = 6x = 3', () => {
    expect(at('diff(diff(x^3, x), x)').toFraction()).toBe('3');
  });

  it("of an uninterpreted function: its derivative is a value of its own, asked by name (g', ∂1h), only where needed", () => {
    const asked: string[] = [];
    // d/dx g(x)² = 2 g(x) g'(x) = 2·3·(−1/4)
    expect(at('diff(g(x)^2, x)', { 'g(1/2)': '3', "g'(1/2)": '-1/4' }, asked).toFraction()).toBe('-3/2');
    expect(asked).toEqual(['g(1/2)', "g'(1/2)"]);
    // d/dx h(x, y) = ∂1h(x, y); h(y, x): ∂2h; the chain rule through x²: g'(x²)·2x
    expect(at('diff(h(x, y), x)', { 'h(1/2, 3)': '7', '∂1h(1/2, 3)': '5' }).toFraction()).toBe('5');
    expect(at('diff(h(y, x), x)', { 'h(3, 1/2)': '7', '∂2h(3, 1/2)': '-2' }).toFraction()).toBe('-2');
    expect(at('diff(g(x^2), x)', { 'g(1/4)': '1', "g'(1/4)": '6' }).toFraction()).toBe('6');
    // an argument that does not move with x asks for no derivative
    const none: string[] = [];
    expect(at('diff(g(y) + x, x)', { 'g(3)': '9' }, none).toFraction()).toBe('1');
    expect(none).toEqual(['g(3)']);
    // the second derivative: g''
    expect(at('diff(diff(g(x), x), x)', { 'g(1/2)': '0', "g'(1/2)": '0', "g''(1/2)": '8' }).toFraction()).toBe('8');
  });

  it("of a polynomial function by Horner: p(t) = 1 + 2t + 3t², p'(1/2) = 5, p(1/2) = 11/4", () => {
    expect(at('p(x)').toFraction()).toBe('11/4');
    expect(at('diff(p(x), x)').toFraction()).toBe('5');
    expect(at('diff(diff(p(x), x), x)').toFraction()).toBe('6');
  });

  it('needs what the body needs: ln has no rational value (a compile-time error), and at 50 digits d/dx ln x = 1/x', () => {
    expect(() => compileExpression(file, 'diff(ln(x), x)', rational)).toThrowErrorWith(/needs log, which this number system does not have/);
    const D = decimal(50);
    const v = compileExpression(file, 'diff(y*ln(x) + exp(x), x)', D)({ scalars: new Map([['x', D.fromRational(q('1/2'))], ['y', D.fromNumber(3)]]) });
    expect(v.minus(D.fromNumber(6).plus(D.fromRational(q('1/2')).exp())).abs().toNumber()).toBeLessThan(1e-48);
  });

  it.each([
    ['diff(x^2, 3)', 'diff takes an expression and a declared real: diff(l(x), x)'],
    ['diff(x^2, n)', 'diff takes an expression and a declared real: diff(l(x), x)'],
    ['diff(x^2)', 'diff takes an expression and a declared real: diff(l(x), x)'],
    ['p(x, y)', 'p is a polynomial: it takes one argument'],
  ])('%s is one line', (expr, message) => {
    expect(() => compileExpression(file, expr, rational)).toThrow(new NotationError(`d.claims: ${message}`));
  });
});

describe('the reader: polynomial functions, hypotheses on a derivative, conditions, limits', () => {
  const HEAD = 'real theta in (0, 4]\nreal dl\nreal lambda in (0, 4]\ninteger k in [1, 2]\nfunction l polynomial\nfunction g\n';
  const CLAIM = '\nclaim C: chain\n  diff(l(theta) + lambda*ln(theta), theta)\n  answer condition on dl: dl + lambda/theta\n  limit l(theta) + lambda*ln(theta) as theta -> 0+ is -infinity\n';

  it('reads them into the declarations and the claim', () => {
    const f = parseClaimFile(`${HEAD}assume diff(l(theta), theta) = dl\nassume diff(g(theta), theta) = 2*dl${CLAIM}`, 'c.claims');
    expect(f.declarations.functions.get('l')).toMatchObject({ polynomial: true });
    expect(f.declarations.functions.get('g')).toMatchObject({ polynomial: false });
    expect(f.declarations.pins.map((p) => [p.fn, p.at, p.value.text, p.line])).toEqual([
      ['l', 'theta', 'dl', 7],
      ['g', 'theta', '2*dl', 8],
    ]);
    const c = f.claims[0];
    expect(c.answer).toMatchObject({ text: 'dl + lambda/theta', relation: '=', condition: 'dl' });
    expect(c.chain.map((l) => l.condition)).toEqual([undefined, 'dl']);
    expect(c.limits).toEqual([expect.objectContaining({ variable: 'theta', approach: '0+', result: '-infinity', line: 12 })]);
    expect(c.limits[0].expr.text).toBe('l(theta) + lambda*ln(theta)');
  });

  it.each([
    ['assume diff(l(theta), dl) = 1', 'c.claims:7: a hypothesis on a derivative is: assume diff(l(x), x) = EXPR, with l a declared function and x a declared real'],
    ['assume diff(l(2*theta), theta) = 1', 'c.claims:7: a hypothesis on a derivative is: assume diff(l(x), x) = EXPR, with l a declared function and x a declared real'],
    ['assume diff(f(theta), theta) = 1', 'c.claims:7: a hypothesis on a derivative is: assume diff(l(x), x) = EXPR, with l a declared function and x a declared real'],
    ['assume diff(l(k), k) = 1', 'c.claims:7: a hypothesis on a derivative is: assume diff(l(x), x) = EXPR, with l a declared function and x a declared real'],
    ['assume diff(l(theta), theta) = nope', 'c.claims:7: undeclared variable "nope"'],
    ['assume diff(l(theta), theta) = 1\nassume diff(l(theta), theta) = 2', 'c.claims:8: l is a polynomial: one hypothesis on its derivative at most (it sets its linear coefficient)'],
    ['claim C: chain\n  theta\n  answer condition on k: theta', 'c.claims:9: a condition is solved for a declared real: "k" is not one'],
    ['claim C: chain\n  theta\n  limit theta as k -> 0+ is finite', 'c.claims:9: the limit\'s variable "k" is not a declared real'],
    ['claim C: chain\n  theta\n  limit theta as theta -> 1 is finite', 'c.claims:9: a limit is: limit EXPR as x -> 0+ is -infinity (x -> 0+, 0-, +infinity or -infinity; is -infinity, +infinity, finite, bounded below or bounded above)'],
    ['claim C: chain\n  theta\n  limit nope as theta -> 0+ is finite', 'c.claims:9: undeclared variable "nope"'],
  ])('%s is one line', (text, message) => {
    expect(() => parseClaimFile(`${HEAD}${text}\n`, 'c.claims')).toThrow(new NotationError(message));
  });
});
