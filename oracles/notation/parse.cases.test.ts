/**
 * The reader's and the name walk's refusals not covered by parse.test.ts (issue 15's mutation run
 * on the engine): each a one-line NotationError naming file:line and what is wrong, the message
 * written from exams/README.md's syntax and the notation's rules, not read off a run.
 */
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { rational } from '../numbers/rational.ts';
import type { Ring } from '../numbers/tower.ts';
import { applyEdit, compileExpression, lint, NotationError, parseClaimFile, parseExpression } from './index.ts';
import { parseError } from './parse-error.testing.ts';


const TENSOR = 'size N in 1..3\nindex i in 1..N\ntensor x[i]\n';

describe('names in an expression', () => {
  it.each<[string, string]>([
    ['real x\nx + true', 'f.claims:2: "true" at column 5 of "x + true": a mathjs constant, not a number'],
    ['real x\nx.y(2)', 'f.claims:2: "." at column 2 of "x.y(2)": a property access or an element-wise operator (only T.grad is read)'],
    ['real x\nmax(x)', 'f.claims:2: max takes two or more arguments'],
    ['random w\nE[w, w]', 'f.claims:2: E takes one expression: E[...]'],
    ['size N in 1..3\nindex i in 1..N\nrandom v[i]\nE[v[1, 2]]', 'f.claims:4: "v" has one index: v[i]'],
    // a chain reads a tensor or an indexed random variable: the message names what the file declares
    ['real x\nQ[1]', 'f.claims:2: "Q" is not an indexed random variable'],
    [`${TENSOR}Q[1]`, 'f.claims:4: "Q" is not an indexed random variable or a tensor'],
    [`${TENSOR}x[1:2]`, 'f.claims:4: ":" at column 4 of "x[1:2]": a conditional or a range'],
    // only ind(...) takes a comparison, not the other functions
    ['real x\nexp(x > 1)', 'f.claims:2: a comparison ("x > 1") is only allowed inside ind(...)'],
    // a random family named E is the family, not an expectation
    ['size N in 1..3\nindex i in 1..N\nrandom E[i]\nE[1, 2]', 'f.claims:4: "E" has one index: E[i]'],
    // the gradient of an undeclared tensor names the tensor
    ['real x\nQ.grad[1]', 'f.claims:2: "Q" is not an indexed random variable'],
    // a declared function's arguments are read like any expression
    ['function g\ng(z)', 'f.claims:2: undeclared variable "z"'],
    // a member of a random family is written with its index
    ['size N in 1..3\nindex i in 1..N\nrandom v[i]\nE[v + 1]', 'f.claims:4: "v" is indexed: write v[i]'],
    // .grad of something that is not a name is no tensor's gradient
    ['real x\nexp(x).grad[1]', 'f.claims:2: "." at column 7 of "exp(x).grad[1]": a property access or an element-wise operator (only T.grad is read)'],
    // the tensor as written, without the spaces after the comma
    ['size N in 1..3\nindex i in 1..N\ntensor a[i],   x(b)', 'f.claims:3: cannot read the tensor "x(b)": write T[i, j] (or T[] for a scalar)'],
  ])('%j', (text, message) => {
    expect(parseError(text)).toBe(message);
  });
});

describe('lines the reader cannot read', () => {
  it.each<[string, string]>([
    ['program 1p', 'f.claims:1: "1p" is not a program name'],
    ['program p q', 'f.claims:1: cannot read this program line (see exams/README.md for the syntax)'],
    ['claim A', 'f.claims:1: cannot read this claim line (see exams/README.md for the syntax)'],
    ['claim A: chain\n  anchor: Problem 1 "a" … "b"\n  anchor: Problem 1 "a" … "b"', 'f.claims:3: claim A has two anchors'],
    ['real x\nx\nclaim A: chain\n  wrong w: "x" -> "2"\n  wrong w: "x" -> "3"', 'f.claims:5: "w" is used twice in claim A'],
    ['size N in 1..3\nindex i in 1..N\ntensor y[i]\nprogram p\n  for 1: y[1] = 2', 'f.claims:5: "1" is not an index letter (for i, j: ...)'],
    // "=" after <, >, ! or = is a comparison, not the statement's assignment
    ['program p\n  y[1] <= 1', 'f.claims:2: a statement is "for INDICES: TARGET += EXPR" (or -=, =)'],
    ['program p\n  y[1] >= 1', 'f.claims:2: a statement is "for INDICES: TARGET += EXPR" (or -=, =)'],
    ['program p\n  y[1] != 1', 'f.claims:2: a statement is "for INDICES: TARGET += EXPR" (or -=, =)'],
    ['program p\n  y[1] == 1', 'f.claims:2: a statement is "for INDICES: TARGET += EXPR" (or -=, =)'],
  ])('%j', (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  it("a comparison inside the right side is not the statement's =: y[i] = ind(x[i] >= 1)", () => {
    const file = parseClaimFile(`${TENSOR}tensor y[i]\nprogram p\n  for i: y[i] = ind(x[i] >= 1)\n`, 'f.claims');
    const st = file.programs.get('p')!.statements[0];
    expect([st.op, st.target.node.toString(), st.rhs.toString()]).toEqual(['=', 'y[i]', 'ind(x[i] >= 1)']);
  });

  it('a syntax error on a right side or in an expression from no line says "expression" (and no line where there is none)', () => {
    expect(parseError(`${TENSOR}tensor y[i]\nprogram p\n  for i: y[i] = x[i] +`)).toMatch(/^f\.claims:6: syntax error in expression "x\[i\] \+": [^\n]+$/);
    expect(() => parseExpression('x +', 'f.claims', 0)).toThrowErrorWith(/^f\.claims: syntax error in expression "x \+": /);
    const file = parseClaimFile('real x\n', 'e.claims');
    expect(() => compileExpression(file, 'x +', rational as Ring<Fraction>)).toThrowErrorWith(/^e\.claims: syntax error in expression "x \+": /);
  });
});

describe('the lint', () => {
  it('counts indices in the plural: W[j, b, b] on W[j, i]', () => {
    const file = parseClaimFile('size B, D in 1..4\nindex b in 1..B\nindex i, j in 1..D\ntensor R[b, j], W[j, i]\nprogram p\n  for b, j: R[b, j] += W[j, b, b]\n', 'l.claims');
    expect(lint(file, file.programs.get('p')!)).toEqual([{ file: 'l.claims', line: 6, message: 'W is used with 3 indices, but W is declared W[j, i]', tensor: 'W' }]);
  });
});

describe('the lint on names the engine gives a meaning', () => {
  it('a tensor named E is a tensor, read with its two indices; Q.grad of an undeclared Q names Q', () => {
    const text = 'size N, M in 1..4\nindex i in 1..N\nindex m in 1..M\ntensor E[i, m], y[i]\nprogram p\n  for i: y[i] = sum(m, E[i, m])\nprogram q\n  for i: y[i] = Q.grad[i]\n';
    const file = parseClaimFile(text, 'l.claims');
    expect(lint(file, file.programs.get('p')!)).toEqual([]);
    expect(lint(file, file.programs.get('q')!)).toEqual([{ file: 'l.claims', line: 8, message: 'undeclared tensor "Q"', tensor: 'Q' }]);
  });
});

describe('a claim expected refuted', () => {
  it('says why with a finding; an erratum alone cannot (its corrected reading is the file as written, which is expected refuted)', () => {
    expect(parseError('real x\n2*x\nclaim A: chain\n  expected: refuted\n  finding f1: the exam writes 2x where it means 3x\n')).toBe('');
    expect(parseError('real x\n2*x\nclaim A: chain\n  expected: refuted\n  finding f1: the exam writes 2x where it means 3x\n  erratum e: "2*x" -> "3*x"\n    as written: 2x\n    corrected: 3x\n')).toBe('');
    expect(parseError('real x\n2*x\nclaim A: chain\n  expected: refuted\n  erratum e: "2*x" -> "3*x"\n    as written: 2x\n    corrected: 3x\n')).toBe('f.claims:3: claim A is expected refuted: say why with a finding line');
  });
});

describe('texts as written', () => {
  it('an expression keeps its text trimmed; an edit reads \\" as a quote', () => {
    expect(parseExpression('  x + 1  ', 'f.claims', 3).text).toBe('x + 1');
    const file = parseClaimFile('real x\nind(x > 0)\nclaim A: chain\n  wrong q: "ind(x" -> "ind(\\"x\\"" a string\n', 'f.claims');
    expect(file.claims[0].wrong.map((w) => [w.from, w.to, w.description])).toEqual([['ind(x', 'ind("x"', 'a string']]);
  });
});

describe('declarations as written', () => {
  it('sizes: spaces around "..", two-digit ends, lo = hi; names trimmed', () => {
    const f = parseClaimFile('size N, M in  10 .. 12\nsize K in 2..2\nreal x,  y\n', 'f.claims');
    expect([...f.declarations.sizes.values()].map((s) => [s.name, s.lo, s.hi])).toEqual([['N', 10, 12], ['M', 10, 12], ['K', 2, 2]]);
    expect([...f.declarations.reals.values()].map((r) => r.name)).toEqual(['x', 'y']);
  });

  it('a declaration is read from the start of its line to its end', () => {
    expect(parseError('size N in 1..3x')).toBe('f.claims:1: cannot read this size declaration (see exams/README.md for the syntax)');
    expect(parseError('function size N in 1..3')).toBe('f.claims:1: "size N in 1..3" is not a name');
    expect(parseError('size N in 1..3\nindex i in 1..N\nindependent tensor x[i]')).toBe('f.claims:3: "tensor x[i]" is not a declared random variable');
  });

  it('an indented line outside any block is a top-level line', () => {
    expect(parseClaimFile('real x\n  x + 1\n', 'f.claims').chains.map((c) => c.map((l) => l.text))).toEqual([['x + 1']]);
  });
});

describe('comments and quotes', () => {
  it('# starts a comment outside double quotes only; \\" inside quotes is a quote, not the end', () => {
    const f = parseClaimFile('real x # the input\nx\nclaim A: chain\n  anchor: Problem 1 "a \\"#\\" b" … "c" # where\n', 'f.claims');
    expect([...f.declarations.reals.keys()]).toEqual(['x']);
    expect(f.claims[0].anchor).toMatchObject({ problem: 1, from: 'a "#" b', to: 'c' });
  });

  it('an edit after a claim block replaces the text where it is (annotation lines keep their length)', () => {
    const text = 'real x\nclaim A: chain\n  wrong w: "x + 1" -> "x + 2"\nx + 1\n';
    expect(applyEdit(text, 'x + 1', 'x + 2', 'f.claims:3')).toBe('real x\nclaim A: chain\n  wrong w: "x + 1" -> "x + 2"\nx + 2\n');
  });
});

describe('program and claim lines as written', () => {
  it('spaces, a part in the anchor, expected: without a space, two claims', () => {
    const f = parseClaimFile('real x\nx\nprogram  p\nclaim  A: chain\n  anchor: Problem 2(a) "x" … "y"\n  expected:verified\nclaim B: chain\n', 'f.claims');
    expect([...f.programs.keys()]).toEqual(['p']);
    expect(f.claims.map((c) => [c.id, c.kind, c.expected])).toEqual([['A', 'chain', 'verified'], ['B', 'chain', undefined]]);
    expect(f.claims[0].anchor).toMatchObject({ problem: 2, part: 'a', from: 'x', to: 'y' });
  });

  it('names and keywords are read whole: "program p!", "expected: verified twice", a name containing "program"', () => {
    expect(parseError('program p!')).toBe('f.claims:1: "p!" is not a program name');
    expect(parseError('claim A: chain\n  expected: verified twice')).toBe('f.claims:2: expected: is "verified" or "refuted", not "verified twice"');
    expect(parseError('real program\n2*program')).toBe('');
  });
});

describe("a claim block's own lines", () => {
  it('conventions, findings, errata and wrong answers, with and without spaces around the colons', () => {
    const text = ['real x', '2*x + 1', 'claim A: chain', '  convention:the layout of the exam', '  finding f1 :  two is three', '  finding f22:x', '  erratum e: "2*x" -> "3*x"', '  as written:2x', '  corrected:  3x', '  wrong w: "+ 1" -> "- 1"', ''].join('\n');
    const c = parseClaimFile(text, 'f.claims').claims[0];
    expect(c.conventions).toEqual([{ text: 'the layout of the exam', line: 4 }]);
    expect(c.findings).toEqual([{ id: 'f1', text: 'two is three', line: 5 }, { id: 'f22', text: 'x', line: 6 }]);
    expect(c.errata).toEqual([{ id: 'e', from: '2*x', to: '3*x', asWritten: '2x', corrected: '3x', line: 7 }]);
    expect(c.wrong).toEqual([{ id: 'w', description: '', from: '+ 1', to: '- 1', line: 10 }]);
    expect(c.chain).toEqual([]);
  });

  it('an erratum without its "corrected:" line is refused', () => {
    expect(parseError('real x\n2*x\nclaim A: chain\n  erratum e: "2*x" -> "3*x"\n  as written: 2x')).toBe('f.claims:4: erratum e needs "as written:" and "corrected:" lines after it');
  });
});

describe('a gradient claim line', () => {
  it.each(['gradient b of', 'gradient b of f g', 'gradient b on f'])('"claim A: %s" is not BACKWARD of FORWARD', (kind) => {
    expect(parseError(`program b\nprogram f\nclaim A: ${kind}`)).toBe('f.claims:3: a gradient claim is: claim A: gradient BACKWARD of FORWARD');
  });
  it('"gradient b of f" with both programs reads', () => {
    expect(parseError('program b\nprogram f\nclaim A: gradient b of f')).toBe('');
  });
});

describe('statements and primes as written', () => {
  it("y[i]= x[i] (no space before =) is the statement y[i] = x[i]; two spaces after for; a target that does not parse says \"target\"", () => {
    const f = parseClaimFile('size N in 1..3\nindex i in 1..N\ntensor x[i], y[i]\nprogram p\n  for  i: y[i]= x[i]\n', 'f.claims');
    const st = f.programs.get('p')!.statements[0];
    expect([st.loops, st.op, st.target.node.toString(), st.rhs.toString()]).toEqual([['i'], '=', 'y[i]', 'x[i]']);
    expect(parseError('program p\n  for i: y[i +] = 1')).toMatch(/^f\.claims:2: syntax error in target "y\[i \+\]": /);
  });

  it("a name with two primes (x'') is one name", () => {
    const f = parseClaimFile("real x, x''\nx'' + x\n", 'f.claims');
    expect([...f.declarations.reals.keys()]).toEqual(['x', "x''"]);
    expect(f.chains[0][0].text).toBe("x'' + x");
  });
});

describe('claim lines that look like others', () => {
  it("a claim's chain, a convention or finding quoting a keyword, a finding after two spaces, an erratum without \"as written:\"", () => {
    const c = parseClaimFile('real x\nclaim A: chain\n  x\n  = x\n  convention: expected: verified\n  finding  f: the wrong answer\n', 'f.claims').claims[0];
    expect(c.chain.map((l) => [l.text, l.relation])).toEqual([['x', null], ['x', '=']]);
    expect([c.conventions.map((v) => v.text), c.expected, c.findings.map((f) => [f.id, f.text]), c.wrong]).toEqual([['expected: verified'], undefined, [['f', 'the wrong answer']], []]);
    expect(parseError('real x\n2*x\nclaim A: chain\n  erratum e: "2*x" -> "3*x"\n  corrected: 3x')).toBe('f.claims:4: erratum e needs "as written:" and "corrected:" lines after it');
  });

  it("a statement's = is its first at depth 0: y[i] = x[i] = 1 reads y[i] = (x[i] = 1), whose assignment the formula language refuses", () => {
    expect(parseError('size N in 1..3\nindex i in 1..N\ntensor x[i], y[i]\nprogram p\n  for i: y[i] = x[i] = 1\n')).toBe('f.claims:5: "=" at column 6 of "x[i] = 1": an assignment or a definition: a formula is an expression (== compares, inside ind(...))');
  });
});

describe('two more readings as written (added after the last mutation re-run)', () => {
  it('a # inside plain quotes is kept; "claim A : chain" (a space before the colon) is a claim', () => {
    const f = parseClaimFile('real x\nx\nclaim A : chain\n  anchor: Problem 1 "a # b" … "c"\n', 'f.claims');
    expect(f.claims.map((c) => [c.id, c.kind])).toEqual([['A', 'chain']]);
    expect(f.claims[0].anchor).toMatchObject({ from: 'a # b', to: 'c' });
  });
});

