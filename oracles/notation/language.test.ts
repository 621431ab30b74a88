/** The formula language's token check and the work bounds: what passes, and each refusal with its token, column and bound. */
import { describe, expect, it } from 'vitest';
import { checkWork, MAX_WEIGHT, outcomesBound, valueRange } from './bounds.ts';
import { NotationError } from './errors.ts';
import { checkLanguage, MAX_EXPRESSION_LENGTH, MAX_NESTING } from './language.ts';
import { parseClaimFile, parseExpression } from './parse.ts';

const CLAIMS = { functions: new Set(['exp', 'sum', 'ind', 'max', 'grad']) };
const refusal = (text: string, vocabulary: Parameters<typeof checkLanguage>[2] = CLAIMS) => {
  try {
    checkLanguage(text, 'f:1', vocabulary);
    return null;
  } catch (e) {
    if (!(e instanceof NotationError)) throw e;
    return e.message;
  }
};

describe('the formula language', () => {
  it.each([
    'x^2 + 3*y - z/4',
    "eta' * L'.grad[b, i]",
    'E[(sum(i, w[i]*x[i]) - d*mu)^2]',
    'ind(x >= 0) * ind(y != 1) + ind(a == b) + ind(a < b) + ind(a <= b) + ind(a > b)',
    'max(1, -x, +y)',
    'grad(Theta_t)',
    '1.5e-3 + .5 + 1. + 0 + 0.000001 + 123456789012345',
    'μ * σ_x',
    `${'('.repeat(MAX_NESTING)}x${')'.repeat(MAX_NESTING)}`,
  ])('reads %s', (text) => {
    expect(refusal(text)).toBeNull();
  });

  it.each([
    ['x ? 1 : 2', 'f:1: "?" at column 3 of "x ? 1 : 2": a conditional: use ind(...)'],
    ['  x = 1', 'f:1: "=" at column 3 of "x = 1": an assignment or a definition: a formula is an expression (== compares, inside ind(...))'],
    ['x .* y', 'f:1: "." at column 3 of "x .* y": a property access or an element-wise operator (only T.grad is read)'],
    ['x & y', 'f:1: "&" at column 3 of "x & y": a bitwise operator'],
    ['|x|', 'f:1: "|" at column 1 of "|x|": a bitwise operator (write abs(x) for |x|)'],
    ['x @ y', 'f:1: "@" at column 3 of "x @ y": not part of the formula language'],
    ['x\ny', 'f:1: "\\n" at column 2 of "x\ny": several expressions: one per line'],
    ['2 (x)', 'f:1: "(" at column 3 of "2 (x)": two operands in a row: write * before the parenthesis'],
    ['(x)(y)', 'f:1: "(" at column 4 of "(x)(y)": two operands in a row: write * before the parenthesis'],
    ['x y', 'f:1: "y" at column 3 of "x y": two operands in a row: write * between them'],
    ['exp(x)[1]', 'f:1: "[" at column 7 of "exp(x)[1]": a matrix (brackets only follow a tensor, a random variable or E)'],
    ['x[1]]', 'f:1: "]" at column 5 of "x[1]]": an unmatched bracket'],
    ['x)', 'f:1: ")" at column 2 of "x)": an unmatched parenthesis'],
    ['1e-301', 'f:1: "1e-301" at column 1 of "1e-301": outside 1e-300 ≤ |c| ≤ 1e300'],
    ['1234567890123456', 'f:1: "1234567890123456" at column 1 of "1234567890123456": 16 significant digits: at most 15 (a double keeps no more; write a fraction such as 1/3)'],
    ['x and y', 'f:1: "and" at column 3 of "x and y": a mathjs operator, not one of the formula language'],
    ['null', 'f:1: "null" at column 1 of "null": a mathjs constant, not a number'],
    ['g(x) = x', 'f:1: "g" at column 1 of "g(x) = x": a function definition: declare it with "function g"'],
  ])('refuses %j in one line naming the token and its column', (text, message) => {
    expect(refusal(text)).toBe(message);
  });

  it('refuses an empty expression', () => {
    expect(refusal('  ')).toBe('f:1: an empty expression');
  });

  it('refuses nesting past its bound at the first parenthesis too deep, and a text past its length', () => {
    expect(refusal(`${'('.repeat(MAX_NESTING + 1)}x${')'.repeat(MAX_NESTING + 1)}`)).toMatch(/^f:1: "\(" at column 33 of .*: nested more than 32 deep$/);
    expect(refusal(`x${'+x'.repeat(MAX_EXPRESSION_LENGTH / 2)}`)).toBe(`f:1: an expression of ${MAX_EXPRESSION_LENGTH + 1} characters: at most ${MAX_EXPRESSION_LENGTH}`);
  });

  it('a formula (with its variables) names an unknown one and refuses brackets; a claim file leaves names to its declarations', () => {
    const formula = { functions: new Set(['exp']), variables: new Set(['a', 'b']) };
    expect(refusal('a + c', formula)).toBe('f:1: "c" at column 5 of "a + c": undeclared variable (the variables are a, b)');
    expect(refusal('a[1]', formula)).toMatch(/^f:1: "\[" at column 2 of "a\[1\]": indexing/);
    expect(refusal('a + c')).toBeNull();
  });

  it('a claim file past 1,000,000 characters is refused before it is read line by line', () => {
    expect(() => parseClaimFile(`real x\n${'#'.repeat(1_000_000)}`, 'big.claims')).toThrow(new NotationError('big.claims: 1000007 characters: at most 1000000 are read'));
  });
});

describe('the work bounds', () => {
  const file = parseClaimFile('real x, y\ninteger n in [1, 5]\nsize S in 1..7\nindex i in 1..S\nindex j in 1..n*S - 2\nlet a = x^16\nlet b = a^16\nlet c = b*x\n', 'w.claims');
  const d = file.declarations;
  const work = (text: string) => {
    try {
      checkWork(d, parseExpression(text, 'w', 0).node, (why) => {
        throw new NotationError(why);
      });
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('value ranges come from the declarations: sizes, integers, index letters, + − × ÷ and powers', () => {
    expect(valueRange(d, parseExpression('n*S - 2', 'w', 0).node)).toEqual([-1, 33]);
    expect(valueRange(d, parseExpression('(x - 1)^2', 'w', 0).node)).toEqual([0, 25]);
    expect(valueRange(d, parseExpression('1/x', 'w', 0).node)).toEqual([-Infinity, Infinity]);
    expect(valueRange(d, parseExpression('j + i', 'w', 0).node)).toEqual([2, 40]);
  });

  it(`weights add over products and multiply over powers, through definitions: ${MAX_WEIGHT} passes, one more does not`, () => {
    expect(work('b')).toBeNull();
    expect(work('x^256')).toBeNull();
    expect(work('c')).toMatch(/^the expression's weight is 257 /);
    expect(work('x^128 * y^129')).toMatch(/^the expression's weight is 257 /);
    // a constant weighs its length: 1e-300 is 301 digits, 1000 bits, 16 units of 64
    expect(work('x^240 * 1e-300')).toBeNull();
    expect(work('x^241 * 1e-300')).toMatch(/^the expression's weight is 257 /);
  });

  it('a sum weighs its body times its extent, and works it once per value', () => {
    expect(work('sum(i, x^36)')).toBeNull();
    expect(work('sum(i, x^37)')).toMatch(/^the expression's weight is 259 /);
    expect(work('sum(i, sum(i, 1))')).toBeNull();
  });

  it('the joint outcomes of an expectation: independent variables multiply, coupled ones add', () => {
    const randoms = (extra: string) => parseClaimFile(`integer n in [1, 3]\nindex i in 1..n\nrandom w[i]\nrandom x[i]\nrandom v\n${extra}`, 'r.claims').declarations;
    expect(outcomesBound(randoms('independent w, x\n'))).toEqual({ outcomes: 3 ** 6 * 3, variables: 'w[1..3], x[1..3], v' });
    expect(outcomesBound(randoms(''))).toEqual({ outcomes: 3 * 7, variables: 'w[1..3], x[1..3], v' });
  });
});
