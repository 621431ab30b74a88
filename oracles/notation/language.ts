/**
 * The formula language (README "Checking a student's answer", exams/README.md), checked token by
 * token before mathjs's parser sees the text: one vocabulary for `examcheck answer`, `derive` and
 * claim files. Numbers, names, + − × ÷ ^, parentheses, the engine's functions and the file's
 * declared ones, comparisons (inside ind(...)), and for claim files `T[i, j]`, `T.grad[...]` and
 * `E[...]`. Everything else mathjs would read — strings, conditionals, assignments, function
 * definitions, matrices, objects, units, property access, its keyword operators (mod, to, and, …),
 * factorials, transposes, several expressions — is refused here with one line naming the token and
 * its column, so no text reaches mathjs that names one of its functions or builds anything but an
 * expression of the engine. mathjs's own security guidance asks exactly this of untrusted input
 * (https://mathjs.org/docs/expressions/security.html); and since the text is only ever parsed,
 * never evaluated by mathjs, it cannot change mathjs's state either.
 *
 * The bounds below are checked here too, before the parse: a text's length, its nesting, and each
 * constant's digits and size. Work bounds that need the declarations (degrees, index ranges,
 * enumerations) are in bounds.ts.
 */
import { NotationError } from './errors.ts';

/** The longest expression read, in characters: the longest line of the seed exam's files is under 200. */
export const MAX_EXPRESSION_LENGTH = 1000;
/** The deepest nesting of ( and [: mathjs's recursive descent, and every walk of the tree after it, stay far inside the stack. */
export const MAX_NESTING = 32;
/**
 * Significant digits of a constant: up to 15, a decimal survives the trip through a double
 * (mathjs keeps only the double) and is read back as the decimal written (0.1 is 1/10); a longer
 * one would silently become another rational. Write 1/3, not 0.3333333333333333.
 */
export const MAX_DIGITS = 15;
/** A constant's size: 1e-300 ≤ |c| ≤ 1e300 (or 0), inside the doubles' normal range, where 15 digits round-trip. */
export const MAX_DECIMAL_EXPONENT = 300;

/** Names mathjs's parser reads as something else than a variable: its constants and its keyword operators. */
const RESERVED: Readonly<Record<string, string>> = {
  ...Object.fromEntries(['true', 'false', 'null', 'undefined'].map((n) => [n, 'a mathjs constant, not a number'])),
  ...Object.fromEntries(['NaN', 'Infinity'].map((n) => [n, 'not a finite number'])),
  ...Object.fromEntries(['mod', 'and', 'or', 'not', 'xor', 'to', 'in'].map((n) => [n, 'a mathjs operator, not one of the formula language'])),
};

/** Why a character mathjs knows is not part of the language. */
const FOREIGN: Readonly<Record<string, string>> = {
  '"': 'a string',
  "'": 'a string (a prime belongs right after a name: eta\')',
  '`': 'a string',
  '?': 'a conditional: use ind(...)',
  ':': 'a conditional or a range',
  '{': 'an object',
  '}': 'an object',
  ';': 'several expressions: one per line',
  '\n': 'several expressions: one per line',
  '=': 'an assignment or a definition: a formula is an expression (== compares, inside ind(...))',
  '!': 'a factorial',
  '%': 'a percentage or a modulo',
  '&': 'a bitwise operator',
  '|': 'a bitwise operator (write abs(x) for |x|)',
  '~': 'a bitwise operator',
  '.': 'a property access or an element-wise operator (only T.grad is read)',
  '[': 'a matrix (brackets only follow a tensor, a random variable or E)',
  ']': 'an unmatched bracket',
  ')': 'an unmatched parenthesis',
};

/** What a text may use beyond numbers, operators and the engine's syntax. */
export interface Vocabulary {
  /**
   * Names that may be called, f(...): the engine's functions and the file's declared ones. Left
   * out, any name may be called here, and the names are checked after the parse, against the
   * declarations (scanNames), without a column.
   */
  readonly functions?: ReadonlySet<string>;
  /** Where given (a formula answer): the only names that may stand alone; any other is named with its column. */
  readonly variables?: ReadonlySet<string>;
}

const NAME = /^[A-Za-z\u0370-\u03FF_][A-Za-z0-9\u0370-\u03FF_]*'*/;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const COMPARISON = /^(?:<=|>=|==|!=|<|>)/;

/** The text with each control character (C0, DEL, C1) written as its escape, \n or \u001b: one line, nothing the terminal's filter drops. */
const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const visible = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Check `text` against the language and the text bounds; throws NotationError
 * `<where>: "<token>" at column <c> of "<text>": <why>` for the first token outside it (columns
 * from 1). Only the vocabulary is checked: the grammar (a missing operand, an unbalanced
 * parenthesis at the end) is left to the parser, whose messages say it.
 */
export function checkLanguage(text: string, where: string, vocabulary: Vocabulary): void {
  const fail = (at: number, token: string, why: string): never => {
    // columns of the text as shown, without its leading blanks; a control character written \u001b,
    // where the terminal's filter would drop it and the quote after it (found by review)
    throw new NotationError(`${where}: "${visible(token)}" at column ${visible(text.slice(text.length - text.trimStart().length, at)).length + 1} of "${visible(text.trim())}": ${why}`);
  };
  if (text.trim() === '') throw new NotationError(`${where}: an empty expression`);
  if (text.length > MAX_EXPRESSION_LENGTH) throw new NotationError(`${where}: an expression of ${text.length} characters: at most ${MAX_EXPRESSION_LENGTH}`);
  /** Open ( and [: each a call, a group or an index, so commas and closers are checked against it. */
  const open: ('call' | 'group' | 'index')[] = [];
  /** Whether the token before ends an operand (a number, a name, ")", "]", ".grad"). */
  let operand = false;
  /** The token before was a name that may be indexed (not a call, not a number), or T.grad. */
  let indexable = false;
  /** The token before was a function's name: a "(" opens its call. */
  let callee = false;
  let k = 0;
  while (k < text.length) {
    const rest = text.slice(k);
    const c = text[k];
    if (c === ' ' || c === '\t' || c === '\r') {
      k++;
      continue;
    }
    const number = NUMBER.exec(rest)?.[0];
    // (a name starts with a letter, a number with a digit or ".": never both)
    const name = NAME.exec(rest)?.[0];
    if (number !== undefined || name !== undefined) {
      const token = (number ?? name)!;
      if (name !== undefined && Object.hasOwn(RESERVED, name)) fail(k, name, RESERVED[name]);
      // tensors, sizes and values are kept in records keyed by name: constructor, toString, __proto__ … are taken
      if (name !== undefined && name in Object.prototype) fail(k, name, 'a reserved name (every JavaScript object has one): choose another');
      if (operand) fail(k, token, 'two operands in a row: write * between them');
      if (number !== undefined) {
        const after = text[k + token.length] ?? '';
        if (/[A-Za-z0-9_.\u0370-\u03FF]/.test(after)) fail(k, number + after, 'not a number (write 2*x for 2x; no hex, binary, units or complex literals)');
        checkConstant(number, (why) => fail(k, number, why));
      } else {
        const call = /^\s*\(/.test(text.slice(k + name!.length));
        if (call && vocabulary.functions && !vocabulary.functions.has(name!)) {
          if (/^\s*\([^()]*\)\s*=(?!=)/.test(text.slice(k + name!.length))) fail(k, name!, `a function definition: ${vocabulary.variables ? 'a formula is an expression' : `declare it with "function ${name}"`}`);
          const hint = vocabulary.variables ? (vocabulary.variables.has(name!) ? `; ${name} is a variable: write ${name}*(...)` : '') : `; declare it with "function ${name}"`;
          fail(k, name!, `not a function of the formula language (the functions are ${[...vocabulary.functions].join(', ')}${hint})`);
        }
        const indexed = /^\s*\[/.test(text.slice(k + name!.length));
        if (!call && !indexed && vocabulary.variables && !vocabulary.variables.has(name!)) {
          fail(k, name!, `undeclared variable (the variables are ${[...vocabulary.variables].join(', ') || 'none'})`);
        }
        indexable = !call;
        callee = call;
      }
      // (a number follows no name, call or .grad: "two operands" above; indexable and callee stay false)
      operand = !callee;
      k += token.length;
      continue;
    }
    const comparison = COMPARISON.exec(rest)?.[0];
    if (comparison !== undefined) {
      operand = indexable = false;
      k += comparison.length;
      continue;
    }
    // a bar after an operand is a condition (H(y | x), E[x | y == 1]: names.ts reads where it may stand); |x| is refused below
    if ('+-*/^'.includes(c) || (c === '|' && operand && text[k + 1] !== '|')) {
      // mathjs's element-wise .*, ./ and .^ start with "." and are refused there; ** is not an operator
      operand = indexable = false;
      k++;
      continue;
    }
    if (c === '(') {
      if (operand) fail(k, c, 'two operands in a row: write * before the parenthesis');
      if (open.length >= MAX_NESTING) fail(k, c, `nested more than ${MAX_NESTING} deep`);
      open.push(callee ? 'call' : 'group');
      operand = indexable = callee = false;
      k++;
      continue;
    }
    if (c === '[' && indexable && vocabulary.variables) fail(k, c, "indexing: a formula's variables are numbers (and E[...] needs laws, which a formula has not)");
    if (c === '[' && indexable) {
      if (open.length >= MAX_NESTING) fail(k, c, `nested more than ${MAX_NESTING} deep`);
      open.push('index');
      operand = indexable = false;
      k++;
      continue;
    }
    if ((c === ')' && (open.at(-1) === 'call' || open.at(-1) === 'group')) || (c === ']' && open.at(-1) === 'index')) {
      open.pop();
      operand = true;
      indexable = false;
      k++;
      continue;
    }
    if (c === ',') {
      if (open.at(-1) !== 'call' && open.at(-1) !== 'index') fail(k, c, 'a comma outside a call or an index (f(a, b), T[i, j])');
      operand = indexable = false;
      k++;
      continue;
    }
    if (indexable && /^\.grad\b/.test(rest)) {
      k += '.grad'.length;
      operand = true;
      continue;
    }
    fail(k, c === '\n' ? '\\n' : c, FOREIGN[c] ?? 'not part of the formula language');
  }
}

/** A constant's digits and size within MAX_DIGITS and MAX_DECIMAL_EXPONENT (`why` otherwise). */
function checkConstant(written: string, fail: (why: string) => never): void {
  const [mantissa] = written.toLowerCase().split('e');
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > MAX_DIGITS) fail(`${digits.length} significant digits: at most ${MAX_DIGITS} (a double keeps no more; write a fraction such as 1/3)`);
  const v = Math.abs(Number(written));
  // a constant is 0 by its digits, not by its double (1e-400 is a nonzero constant that rounds to 0)
  if (digits !== '' && (!(v <= 10 ** MAX_DECIMAL_EXPONENT) || v < 10 ** -MAX_DECIMAL_EXPONENT)) fail(`outside 1e-${MAX_DECIMAL_EXPONENT} ≤ |c| ≤ 1e${MAX_DECIMAL_EXPONENT}`);
}
