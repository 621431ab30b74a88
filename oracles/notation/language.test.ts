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
    ['x\ny', 'f:1: "\\n" at column 2 of "x\\ny": several expressions: one per line'],
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

  it('names a control character it refuses in a visible form, the message holding none (found by review: the terminal\'s filter took ESC and the quote after it, leaving `" at column 5 of "x +  1"`)', () => {
    const message = refusal('x + \u001b 1')!;
    expect(message).toMatch(/^f:1: "(?:\\u001b|U\+001B)" at column 5 of /i);
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('counts a refused token\'s column in the text as shown, escapes and all; red: "x\\t+ $" is told "$" at column 5, where the quoted x\\t+ $ has it at column 6 (found by review)', () => {
    const message = refusal('x\t+ $')!;
    const [, token, column, shown] = /^f:1: "(.*?)" at column (\d+) of "(.*)":/.exec(message)!;
    expect(shown.slice(Number(column) - 1, Number(column) - 1 + token.length)).toBe(token);
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

describe('the work bounds, term by term (weights and work by hand)', () => {
  const d = parseClaimFile(
    [
      'real x, y',
      'real t in [100000000000000, 200000000000000]',
      'integer n in [1, 5]',
      'integer z in [0, 1]',
      ...['m in [300, 400]', 'm1 in [1, 400]', 'm2 in [-400, -300]', 'm3 in [256, 400]', 'm4 in [-400, -256]', 'm5 in [-400, 100]'].map((m) => `integer ${m}`),
      'size S in 1..7',
      'size N in 1..1000',
      'index i in 1..S',
      'index p in 1..N - 1',
      'index q in 1..N',
      'function f',
      'random v',
      'tensor T[i]',
      'let a = x*y',
      'let g = n + 1',
      '',
    ].join('\n'),
    'w.claims',
  ).declarations;
  const range = (text: string) => valueRange(d, parseExpression(text, 'w', 0).node);
  const measured = (text: string, declarations = d) => {
    try {
      return checkWork(declarations, parseExpression(text, 'w', 0).node, (why) => {
        throw new NotationError(why);
      });
    } catch (e) {
      if (!(e instanceof NotationError)) throw e;
      return e.message;
    }
  };
  const ANY = [-Infinity, Infinity];

  it.each([
    ['u', ANY], // undeclared
    ['g', [2, 6]], // a definition's
    ['T[i]', ANY],
    ['exp(x)', ANY],
    ['z * T[i]', ANY], // 0 · ∞ is no bound
    ['-n', [-5, -1]],
    ['+n', [1, 5]],
    ['n * (S + 1)', [2, 40]],
    ['-n * (S + 1)', [-40, -2]],
    ['n / (S + 1)', [0.125, 2.5]],
    ['n / z', ANY], // a divisor's range that touches 0 at either end
    ['n / (z - 1)', ANY],
    ['n / (z - 2)', [-5, -0.5]],
    ['-n / (S + 1)', [-2.5, -0.125]],
    ['S^n', ANY], // an exponent of several values
    ['S^2', [1, 49]],
    ['S^0', [1, 1]],
    ['S^(-1)', ANY],
    ['2^2^2^2^2^2', [Infinity, Infinity]], // the exponent 2^65536 overflows: the power is Infinity
    ['(n - 1)^3', [0, 64]],
    ['(n - 3)^3', [-8, 8]],
  ])('the values of %s: %j', (text, expected) => {
    expect(range(text)).toEqual(expected);
  });

  it.each([
    ['x', 1, 1],
    ['S', 0, 1],
    ['i', 0, 1],
    ['x + y*2', 3, 5],
    ['(x*y)', 2, 3],
    ['x^3', 3, 6], // work: x, 3, and 2·⌈log2 4⌉ multiplies
    ['x^T[i]', 256, 21], // an exponent known only when it runs: at most 256, checked then
    ['sum(i, x)', 7, 8],
    ['prod(i, x)', 7, 8],
    ['sum(x)', 1, 2], // not a sum over an index: a function like any other
    ['sum(i, x, y)', 2, 4], // three arguments: not a sum over i
    ['max(x, y)', 2, 3],
    ['f(x, y)', 1, 3],
    ['ind(x > 0)', 1, 4],
    ['exp(x*y)', 2, 4],
    ['T[i]', 1, 2],
    ['T.grad[i]', 1, 2],
    ['E.grad[i]', 1, 2],
    ['E[v*x]', 4, 10], // 3 outcomes of v: weight + ⌈log2 4⌉, work 3 · 3 + 1
    ['a + a', 4, 5], // the definition's work once, its weight twice
    ['1e20', 2, 1], // 21 digits: 70 bits
    ['0.00000123456789012345', 2, 1], // 1 + 20 digits
    ['sum(p, sum(q, S))', 0, 1_000_000], // 999 · (1000 · 1 + 1) + 1: the most work there is
  ])('%s weighs %d and works %d', (text, weight, work) => {
    expect(measured(text)).toEqual({ weight, work });
  });

  it.each([
    ['x^300', '300'],
    ['x^(-300)', '-300'],
    ['x^(2*150)', '(2 * 150) = 300'],
    ['x^(t^23)', '(t ^ 23) = Infinity'], // 10^322: a double's Infinity
    ['x^m', 'm (at least 300)'],
    ['x^m2', 'm2 (at least 300)'],
    ['x^m1', 'm1 (up to 400)'],
    ['x^m3', 'm3 (up to 400)'],
    ['x^m4', 'm4 (up to 400)'],
    ['x^m5', 'm5 (up to 400)'],
  ])('%s is refused: the power %s', (text, shown) => {
    expect(measured(text)).toBe(`the power ${shown} is too large to compute exactly (at most ±256)`);
  });

  it('work past 10^6 is refused; E as a tensor or a random variable is read as one, not as an expectation', () => {
    // a sum over no index has no bound
    expect(measured('sum(2, x)')).toMatch(/^the expression takes some Infinity operations/);
    expect(measured('sum(q, sum(q, S))')).toBe('the expression takes some 1.0e+6 operations per evaluation (sums over indices, expectations over outcomes): at most 1e+6');
    const e = (decl: string) => parseClaimFile(`size S in 1..7\nindex i in 1..S\nrandom v\n${decl}\n`, 'e.claims').declarations;
    expect(measured('E[i]', e('tensor E[i]'))).toEqual({ weight: 1, work: 2 });
    expect(measured('E[i]', e('random E[i]'))).toEqual({ weight: 1, work: 2 });
  });
});

describe('the formula language, token by token', () => {
  const formula = { functions: new Set(['exp']), variables: new Set(['a', 'b']) };
  it.each([
    `${'x+'.repeat(499)}xx`, // 1000 characters: the most read
    'x\t+\ry',
    'T.grad[i] * f(T[i, j], (x))',
    'max(x, T[(x)], T[i, j])',
    '123456789012345E2', // 15 significant digits however the exponent is written
    '1234567890.12345',
    '0.00123456789012345',
    '123456789012345000',
    '1e300',
    '0e-400', // 0 however it is written
  ])('reads %j', (text) => {
    expect(refusal(text, { functions: new Set(['f', 'max']) })).toBeNull();
  });

  it.each([
    ['[1]', '"[" at column 1 of "[1]": a matrix (brackets only follow a tensor, a random variable or E)'],
    ['x + 2[1]', '"[" at column 6 of "x + 2[1]": a matrix (brackets only follow a tensor, a random variable or E)'],
    ['2x', '"2x" at column 1 of "2x": not a number (write 2*x for 2x; no hex, binary, units or complex literals)'],
    ['1e301', '"1e301" at column 1 of "1e301": outside 1e-300 ≤ |c| ≤ 1e300'],
    // a nonzero constant whose double is 0 is not 0 (review of issue 19: it was read as 0)
    ['x * 1e-400', '"1e-400" at column 5 of "x * 1e-400": outside 1e-300 ≤ |c| ≤ 1e300'],
    ['constructor + x', '"constructor" at column 1 of "constructor + x": a reserved name (every JavaScript object has one): choose another'],
    ['x * __proto__', '"__proto__" at column 5 of "x * __proto__": a reserved name (every JavaScript object has one): choose another'],
    ['h(x) * (y) = 1', '"h" at column 1 of "h(x) * (y) = 1": not a function of the formula language (the functions are f, max; declare it with "function h")'],
    ['g (x) = x', '"g" at column 1 of "g (x) = x": a function definition: declare it with "function g"'],
    ['g(x, y)=x', '"g" at column 1 of "g(x, y)=x": a function definition: declare it with "function g"'],
    ['(x, y)', '"," at column 3 of "(x, y)": a comma outside a call or an index (f(a, b), T[i, j])'],
    ['x, y', '"," at column 2 of "x, y": a comma outside a call or an index (f(a, b), T[i, j])'],
    ['(x]', '"]" at column 3 of "(x]": an unmatched bracket'],
    ['T[i)', '")" at column 4 of "T[i)": an unmatched parenthesis'],
    ['f(x))', '")" at column 5 of "f(x))": an unmatched parenthesis'],
    ['f(x).grad[1]', '"." at column 5 of "f(x).grad[1]": a property access or an element-wise operator (only T.grad is read)'],
    ['x.y + T.grad[i]', '"." at column 2 of "x.y + T.grad[i]": a property access or an element-wise operator (only T.grad is read)'],
    ['T.grad y', '"y" at column 8 of "T.grad y": two operands in a row: write * between them'],
    [`${'('.repeat(MAX_NESTING)}x[1]${')'.repeat(MAX_NESTING)}`, `"[" at column ${MAX_NESTING + 2} of "${'('.repeat(MAX_NESTING)}x[1]${')'.repeat(MAX_NESTING)}": nested more than ${MAX_NESTING} deep`],
  ])('refuses %j', (text, message) => {
    expect(refusal(text, { functions: new Set(['f', 'max']) })).toBe(`f:1: ${message}`);
  });

  it.each([
    ['exp(a)', null],
    ['g(x) = x', '"g" at column 1 of "g(x) = x": a function definition: a formula is an expression'],
    ['a + b(x)', '"b" at column 5 of "a + b(x)": not a function of the formula language (the functions are exp; b is a variable: write b*(...))'],
    ['a + c(x)', '"c" at column 5 of "a + c(x)": not a function of the formula language (the functions are exp)'],
    ['a + c * b[1]', '"c" at column 5 of "a + c * b[1]": undeclared variable (the variables are a, b)'],
    ['a + c[1]', `"[" at column 6 of "a + c[1]": indexing: a formula's variables are numbers (and E[...] needs laws, which a formula has not)`],
    ['a + c [1]', `"[" at column 7 of "a + c [1]": indexing: a formula's variables are numbers (and E[...] needs laws, which a formula has not)`],
  ])('a formula: %j', (text, message) => {
    expect(refusal(text, formula)).toBe(message === null ? null : `f:1: ${message}`);
  });

  it('a formula without variables says so', () => {
    expect(refusal('c', { functions: new Set(['exp']), variables: new Set() })).toBe('f:1: "c" at column 1 of "c": undeclared variable (the variables are none)');
  });
});
