/** The proof checker's reading of a derivation (declarations, names, expressions), its exact values and its draws. */
import { describe, expect, it } from 'vitest';
import { checkDerivation, DerivationError, parseDerivation, simpleDraws, uniformDraws } from './derivation.ts';
import { q } from './discrete.ts';

/** The one-line DerivationError a text gets, or '' when it parses. */
function parseError(text: string): string {
  try {
    parseDerivation(text);
    return '';
  } catch (e) {
    expect(e).toBeInstanceOf(DerivationError);
    return (e as Error).message;
  }
}

/** The interval a declaration gives its first real, written back as "(lo, hi]" (and "integer"). */
function interval(decl: string) {
  const der = parseDerivation(`${decl}\n1`);
  return [...der.reals.values()][0];
}
const show = (decl: string) => {
  const iv = interval(decl);
  return `${iv.loOpen ? '(' : '['}${iv.lo.toFraction()}, ${iv.hi.toFraction()}${iv.hiOpen ? ')' : ']'}${iv.integer ? ' integer' : ''}`;
};

describe('a text the parser rejects: one line naming the line and the problem', () => {
  const syntax = (line: number, what: string, src: string) => new RegExp(`^<derivation>:${line}: syntax error in ${what} "${src.replace(/[()+]/g, '\\$&')}": `);
  it.each<[string, string | RegExp]>([
    ['real x y\n1', '<derivation>:1: "x y" is not a name'],
    ['real x\nreal x\n1', '<derivation>:2: "x" is declared twice'],
    ['function f\nreal f\n1', '<derivation>:2: "f" is declared twice'],
    // an indexed random variable is not a known scalar, but its name is taken
    ['integer d in [1, 2]\nindex i in 1..d\nrandom w[i]\nreal w\n1', '<derivation>:4: "w" is declared twice'],
    ['integer d\n1', '<derivation>:1: an integer needs a range: integer d in [1, 3]'],
    ['real x in [a, 1]\n1', '<derivation>:1: "a" is not a number'],
    ['real x in [1, 1]\n1', '<derivation>:1: empty interval [1, 1]'],
    ['real x in (2, 1)\n1', '<derivation>:1: empty interval (2, 1)'],
    ['integer n in (0, 1)\n1', '<derivation>:1: no integer in (0, 1)'],
    ['integer n in [2, 1]\n1', '<derivation>:1: no integer in [2, 1]'],
    ['index i in 1..d +\n1', syntax(1, 'index range', 'd +')],
    ['random w[i]\n1', '<derivation>:1: undeclared index "i": declare it first with "index i in 1..d"'],
    ['random w with mean 1 +, variance 1\n1', syntax(1, 'mean', '1 +')],
    ['random w with mean 1, variance 1 +\n1', syntax(1, 'variance', '1 +')],
    ['real x\nindependent x\n1', '<derivation>:2: "x" is not a declared random variable'],
    ['real\n1', '<derivation>:1: cannot read this real declaration (see exams/README.md for the syntax)'],
    ['index i\n1', '<derivation>:1: cannot read this index declaration (see exams/README.md for the syntax)'],
    // "." stops at a line separator, so a declaration cannot be cut short at one
    ['function f\u2028g\nf(1)', '<derivation>:1: cannot read this function declaration (see exams/README.md for the syntax)'],
    ['random w\nindependent w\u2028w\n1', '<derivation>:2: cannot read this independent declaration (see exams/README.md for the syntax)'],
    // a keyword inside an expression is a name, not a declaration
    ['real x\nx * xfunction x', '<derivation>:2: "x" at column 15 of "x * xfunction x": two operands in a row: write * between them'],
    ['real x\nx * xindependent x', '<derivation>:2: "x" at column 18 of "x * xindependent x": two operands in a row: write * between them'],
    ['real x\nx * random', '<derivation>:2: undeclared variable "random"'],
    ['= 1\n1', '<derivation>:1: a line starting with "=" needs a line before it'],
    ['real x', '<derivation>: no lines to check'],
    ['real x\nlet y = (x + 1', syntax(2, 'expression', '(x + 1')],
    ['real x\nx\n= (x', syntax(3, 'expression', '(x')],
    // the first problem is the one reported
    ['y + z', '<derivation>:1: undeclared variable "y"'],
    ["real x\n(x)'", '<derivation>:2: "\'" at column 4 of "(x)\'": a string (a prime belongs right after a name: eta\')'],
    ['real x\nx % 2', '<derivation>:2: "%" at column 3 of "x % 2": a percentage or a modulo'],
    ['[1, 2]', '<derivation>:1: "[" at column 1 of "[1, 2]": a matrix (brackets only follow a tensor, a random variable or E)'],
    ['sum(j, 1)', '<derivation>:1: sum needs a declared index and a body: sum(i, ...)'],
    ['sum(1, 2)', '<derivation>:1: sum needs a declared index and a body: sum(i, ...)'],
    ['integer d in [1, 2]\nindex i in 1..d\nsum(i, 1, 2)', '<derivation>:3: sum needs a declared index and a body: sum(i, ...)'],
    ['sqrt(1, 2)', '<derivation>:1: sqrt takes one argument'],
    ['real x\nx[1]', '<derivation>:2: "x" is not an indexed random variable'],
    ['(1 + 1)[1]', '<derivation>:1: "[" at column 8 of "(1 + 1)[1]": a matrix (brackets only follow a tensor, a random variable or E)'],
  ])('%j', (text, message) => {
    if (typeof message === 'string') expect(parseError(text)).toBe(message);
    else expect(parseError(text)).toMatch(message);
  });
});

describe('what the parser reads', () => {
  it.each([
    ['real x', '[-4, 4]'],
    ['real x in (0, 1]', '(0, 1]'],
    ['real x in [0, 1)', '[0, 1)'],
    ['real x in [-1/2,1/2]', '[-1/2, 1/2]'],
    ['real x in [0 , 10 ]', '[0, 10]'],
    ['real x in  (0,  1)', '(0, 1)'],
    ['integer x in [1, 3]', '[1, 3] integer'],
    // the draws count up from lo: an open end or a fractional bound would give 0 or 1/2
    ['integer x in (0, 3]', '[1, 3] integer'],
    ['integer x in [1/2, 7/2)', '[1, 3] integer'],
    ['integer x in [-5/2, -1)', '[-2, -2] integer'],
    // one integer, written as a closed interval: a fixed dimension
    ['integer x in [8, 8]', '[8, 8] integer'],
  ])('the interval of %j is %s', (decl, shown) => {
    expect(show(decl)).toBe(shown);
  });

  const names = (text: string) => {
    const d = parseDerivation(text);
    return [[...d.reals.keys()], [...d.functions], [...d.families.keys()], [...d.defined.keys()]].map((ns) => ns.join(' ')).join(' | ');
  };
  it.each([
    ['real a, b in [0, 1]\na', 'a b |  |  | '],
    ['function f, g\nf(1)\n= g(1, 2)', ' | f g |  | '],
    ['random w\nrandom v\nindependent w, v\nE[w]', ' |  | w v | '],
    // "real" inside a name is not a declaration
    ['real x\nlet x_real = x\nx_real', 'x |  |  | x_real'],
  ])('the names of %j', (text, expected) => {
    expect(names(text)).toBe(expected);
  });

  it('reads each chain line without its "=", its comment and its spaces, at its line number', () => {
    const der = parseDerivation('real x\nx\n=  1 + x   # a comment\n\n= x\nx - x # another chain\n');
    expect(der.chains.map((c) => c.map((l) => `${l.at}: ${l.text}`))).toEqual([['2: x', '3: 1 + x', '5: x'], ['6: x - x']]);
  });

  it("reads a claim file's chain claims only: a count claim's answer: line (its only line) is not a chain", () => {
    const count = 'size N in 1..3\nindex i in 1..N\ntensor a[i], s[]\nprogram p\n  for i: s[] += a[i]*a[i]\nclaim C: count multiplies of p\n  answer: N\n';
    expect(parseError(count)).toBe('<derivation>: no lines to check');
    expect(parseDerivation(`${count}claim D: chain\n  1\n  = 1\n`).chains.map((c) => c.map((l) => l.text))).toEqual([['1', '1']]);
  });

  it('parses a text once: the same text gives the same derivation', () => {
    const text = 'real x\nx\n= x\n';
    expect(parseDerivation(text)).toBe(parseDerivation(text));
  });
});

describe('exact values: a failing step shows both sides exactly; a step with no exact value anywhere is not checked', () => {
  const fails = (values: string) => `line 1 → line 2 fails (<derivation>:2): ${values}, at `;
  const unchecked = 'line 1 → line 2 (<derivation>:2) has no value at the point drawn nor at any of 300 simple points: it was not checked';
  it.each<[string, string]>([
    ['sqrt(4) + 1\n= 0', fails('line 1 = 3, line 2 = 0')],
    ['sqrt(1/4) + 1\n= 0', fails('line 1 = 3/2, line 2 = 0')],
    ['sqrt(2)\n= 1', fails('line 1 = √2, line 2 = 1')],
    ['sqrt(4/3)\n= 2', fails('line 1 = √(4/3), line 2 = 2')],
    ['sqrt(8) + sqrt(2)\n= 0', fails('line 1 = 3·√2, line 2 = 0')],
    ['sqrt(2) - sqrt(2)\n= 1', fails('line 1 = 0, line 2 = 1')],
    ['0 + sqrt(2)\n= 1', fails('line 1 = √2, line 2 = 1')],
    ['sqrt(2) + 0\n= 1', fails('line 1 = √2, line 2 = 1')],
    ['1\n= -1', fails('line 1 = 1, line 2 = -1')],
    // 2^120 ± 2^61 round to 2^120 in float64: the integer square root corrects Math.sqrt down and up
    ['sqrt((2^60 + 1)^2) + 1\n= 0', fails('line 1 = 1152921504606846978, line 2 = 0')],
    ['sqrt((2^60 - 1)^2) + 1\n= 0', fails('line 1 = 1152921504606846976, line 2 = 0')],
    ['sqrt(2) + 1\n= 0', unchecked],
    ['sqrt(sqrt(2))\n= 0', unchecked],
    ['sqrt(-4)\n= 0', unchecked],
  ])('%j', (text, verdict) => {
    expect(checkDerivation(parseDerivation(text), 1)).toBe(verdict);
  });
});

describe('uniform draws: every grid point of a closed interval, only inner ones of an open end', () => {
  it.each([
    ['real x in [0, 1]', '0 1/4 1/2 3/4 1'],
    ['real x in (0, 1]', '1/4 1/2 3/4'],
    ['real x in [0, 1)', '1/4 1/2 3/4'],
    ['real x in (0, 1)', '1/4 1/2 3/4'],
  ])('%s on a grid of 4', (decl, values) => {
    const iv = interval(decl);
    const draws = uniformDraws(7, 4);
    const drawn = new Set(Array.from({ length: 400 }, () => draws.real(iv).valueOf()));
    expect([...drawn].sort((a, b) => a - b)).toEqual(values.split(' ').map((v) => q(v).valueOf()));
  });

  it('offsets are ±k/4 for every k in 1..64', () => {
    const draws = uniformDraws(7, 4);
    const offsets = Array.from({ length: 4000 }, () => draws.offset().valueOf());
    expect(new Set(offsets.map(Math.sign))).toEqual(new Set([-1, 1]));
    expect([...new Set(offsets.map((o) => Math.abs(o) * 4))].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, k) => k + 1));
  });
});

describe('simple draws: the k-th of 0, 1, −1, 2, 1/2, ... that fits, cyclically', () => {
  it.each([
    ['real x in [0, 1]', '0 1 1/2 1/4 3/4 1/3 2/3 0'],
    ['real x in (0, 1]', '1 1/2 1/4 3/4 1/3 2/3 1'],
    ['real x in [0, 1)', '0 1/2 1/4 3/4 1/3 2/3 0'],
    ['real x in (0, 1)', '1/2 1/4 3/4 1/3 2/3 1/2'],
    ['real x in [-1, 0]', '0 -1 -1/2 0'],
    // nothing simple fits: the midpoint
    ['real x in (1/4, 1/3)', '7/24 7/24'],
    ['integer x in [1, 3]', '1 2 3 3'],
  ])('%s', (decl, values) => {
    const iv = interval(decl);
    const n = values.split(' ').length;
    expect(Array.from({ length: n }, (_, k) => simpleDraws([k]).real(iv).toFraction()).join(' ')).toBe(values);
  });

  it('offsets skip 0 and cycle through the other 15; picks are the choice mod n', () => {
    expect([0, 14, 15].map((k) => simpleDraws([k]).offset().toFraction())).toEqual(['1', '2/3', '1']);
    expect(simpleDraws([6]).pick(4)).toBe(2);
  });
});
