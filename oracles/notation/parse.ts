/**
 * The claim-file reader (exams/README.md): declarations, programs, claim blocks and top-level
 * chains, line by line. Expressions go through mathjs's parser (parse only); every problem is a
 * NotationError `file:line: what is wrong`, the first in the file.
 */
import Fraction from 'fraction.js';
import { parse, type MathNode } from '../mathjs.ts';
import { memo } from '../memo.ts';
import { NotationError } from './errors.ts';
import type { Anchor, ChainLine, ClaimBlock, ClaimFile, Declarations, Definition, Erratum, Expr, Interval, LawDecl, LimitLine, Pin, RandomDecl, Program, Relation, Statement, TensorAccess, WrongAnswer } from './syntax.ts';
import { indexExtent, MAX_FILE_CHARS, MAX_INDEX_EXTENT } from './bounds.ts';
import { checkLanguage, type Vocabulary } from './language.ts';
import { accessOf, BUILTINS, N, scanNames, strip, symbolOf } from './names.ts';
import { shownName, unprimed } from './primes.ts';

export { shownName };

const NAME = String.raw`[A-Za-z\u0370-\u03FF_][A-Za-z0-9\u0370-\u03FF_]*'*`;
const IS_NAME = new RegExp(`^${NAME}$`);
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const EDIT = new RegExp(String.raw`^([^\s:]+)\s*:\s*${QUOTED}\s*(?:->|→)\s*${QUOTED}\s*(.*)$`);
const unquote = (s: string) => s.replace(/\\"/g, '"');

/**
 * The functions a claim file's expressions may call: the engine's, the file's declared ones, and
 * diff(EXPR, x), a derivative (the P4 claim's notation), which scanNames reads apart.
 */
export const vocabularyOf = (functions: ReadonlyMap<string, unknown>): Vocabulary => ({ functions: new Set([...BUILTINS.keys(), 'diff', ...functions.keys()]) });

/**
 * Parse one expression (primes allowed in names) at `file:line` (line 0: an expression from no
 * file line, named by `file` alone). The text is first checked against the formula language
 * (language.ts: every token, its length, nesting and constants), so mathjs's parser reads only
 * expressions of the engine; anything else, and a syntax error, is one line naming `what` or the
 * token and its column. The names are checked after (scanNames), against the declarations.
 */
export function parseExpression(text: string, file: string, line: number, what = 'expression', vocabulary: Vocabulary = {}): Expr {
  // every token first: what the text may call, where the caller knows it (claim files, formulas); the names after, against the declarations
  checkLanguage(text, `${file}${line > 0 ? `:${line}` : ''}`, vocabulary);
  try {
    return { text: text.trim(), node: parsed(unprimed(text)), line };
  } catch (e) {
    throw new NotationError(`${file}${line > 0 ? `:${line}` : ''}: syntax error in ${what} "${text.trim()}": ${shownName((e as Error).message)}`);
  }
}

/**
 * mathjs's tree of an expression's text, parsed once: a claim file's wrong answers, errata and
 * repair candidates are the file again with one line changed, and parsing their other lines anew
 * was a tenth of `npm test`'s CPU. Trees are never modified (every rewrite builds a new one), so
 * one tree serves every file that has the text; what is cached per node must hold for its text
 * alone (compile.ts's memo keys do, and it keeps a compiled expression by its line too, which its
 * errors name; derivation.ts keys a line's number system by its Line), and two trees of one line
 * are told apart by more than identity (repair.ts copies a target written as its right side).
 */
const parsed = memo((text: string): MathNode => parse(text), { key: (text) => text, size: 20_000 });

/** The line without its comment (a `#` outside double quotes). */
function uncommented(raw: string): string {
  let quoted = false;
  for (let k = 0; k < raw.length; k++) {
    if (raw[k] === '"' && raw[k - 1] !== '\\') quoted = !quoted;
    else if (raw[k] === '#' && !quoted) return raw.slice(0, k);
  }
  return raw;
}

/** The claim lines of the syntax (exams/README.md), as `unknownClaimLine` names them. */
const CLAIM_LINES = ['anchor:', 'expected:', 'convention:', 'wrong ID:', 'erratum ID:', 'as written:', 'corrected:', 'replaces "…" with "…"', 'finding ID:', 'counterexample:', 'limit … as x -> 0+ is …', 'answer:'];

/** Levenshtein distance: how many one-letter edits make `a` into `b`. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** Why `word:` is not a claim line: the known one it is closest to (at most 2 edits), else all of them. */
function unknownClaimLine(word: string): string {
  const words = CLAIM_LINES.map((l) => /^[a-z ]*[a-z]/.exec(l)![0]);
  const best = words.map((w, k) => ({ k, d: distance(word, w) })).sort((a, b) => a.d - b.d)[0];
  if (best.d === 0) return `a "${word}:" line needs its text after the colon`;
  return best.d <= 2
    ? `unknown claim line "${word}:" (did you mean "${CLAIM_LINES[best.k]}"?)`
    : `unknown claim line "${word}:" (a claim's lines are ${CLAIM_LINES.join(', ')}, and its chain's lines)`;
}

/** A claim block's own lines (anchor, wrong, erratum, …): never the target of an edit. */
const ANNOTATION = /^\s+(?:(?:anchor|expected|convention|as written|corrected|counterexample)\s*:|replaces\s+"|(?:wrong|erratum|finding)\s+[^\s:]+\s*:)/;

/**
 * The file text with `from` replaced by `to`: how a wrong answer or an erratum is made. `from` is
 * looked for outside comments and outside the claim blocks' own annotation lines (a `wrong` line
 * quotes it); it must occur there exactly once, else NotationError at `where` (`file:line`).
 * Line numbers are unchanged where `from` and `to` have as many lines.
 */
export function applyEdit(text: string, from: string, to: string, where: string): string {
  if (from === '') throw new NotationError(`${where}: an edit needs the text it replaces`);
  // a wrong answer equal to the file would be reported as "not refuted: the property is too weak"
  if (from === to) throw new NotationError(`${where}: the edit replaces "${from}" with itself (a wrong answer or an erratum must change the file)`);
  const searched = text
    .split('\n')
    .map((l) => (ANNOTATION.test(l) ? ' '.repeat(l.length) : uncommented(l).padEnd(l.length)))
    .join('\n');
  const at = searched.indexOf(from);
  if (at < 0) throw new NotationError(`${where}: "${from}" does not occur in the file`);
  if (searched.indexOf(from, at + 1) >= 0) throw new NotationError(`${where}: "${from}" occurs more than once in the file (an edit must name one place)`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The parts of a list at its top-level commas (`f(a, b), c` is two parts). */
function topLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, k));
      start = k + 1;
    }
  }
  return [...parts, text.slice(start)].map((p) => p.trim());
}

/** The law kinds after `~`, as the error names them. */
const LAW_KINDS = 'bernoulli(p), uniform{a, b, c}, categorical{a: p, b: q}, uniform[a, b], gaussian(mean, variance), symmetric, symmetric with variance V, any law, any law on 1..n';

/**
 * A law after `~` (exams/README.md, "Laws, expectations and information"): one case per kind. `names` are the variables it is
 * the law of (several for a joint law, `random (x, y) ~ …`: categorical and any law on a finite set
 * only). `known` parses a parameter (every name declared above; a parameter that reads a random
 * variable is the file's error when it is computed), `fail` stops with the line's error.
 */
function parseLaw(text: string, names: readonly string[], known: (src: string, what?: string) => Expr, fail: (p: string) => never): LawDecl {
  let m: RegExpMatchArray | null;
  const args = (inner: string, n: number, shape: string) => {
    const parts = topLevel(inner, ',');
    if (parts.length !== n || parts.some((p) => p === '')) fail(`${shape} takes ${n} parameter${n === 1 ? '' : 's'}: ${shape}`);
    return parts;
  };
  if ((m = text.match(/^categorical\s*\{(.*)\}$/))) {
    const entries = topLevel(m[1], ',').map((e) => topLevel(e, ':'));
    if (entries.some((e) => e.length !== 2 || e[0] === '' || e[1] === '')) fail(`a categorical law lists values and their probabilities: categorical{a: p, b: q}${names.length > 1 ? ` (joint: {(a, b): p, …})` : ''}`);
    const outcomes = entries.map(([key, p]) => {
      const tuple = key.match(/^\((.*)\)$/);
      const values = names.length === 1 ? [key] : tuple ? topLevel(tuple[1], ',') : [];
      if (values.length !== names.length) fail(`the entry "${key}: ${p}" needs one value per variable: (${names.join(', ')})`);
      return { values: values.map((v) => known(v, 'value')), p: known(p, 'probability') };
    });
    return { kind: 'categorical', outcomes };
  }
  if ((m = text.match(/^any\s+law(?:\s+on\s+(.+))?$/))) {
    if (!m[1]) return names.length === 1 ? { kind: 'any', on: null } : fail('a joint law is categorical{(a, b): p, …} or any law on 1..m, 1..n');
    const on = topLevel(m[1], ',').map((r) => {
      const rm = r.match(/^1\s*\.\.\s*(.+)$/);
      if (!rm) fail(`a finite set is a range 1..n per variable: any law on 1..n (joint: 1..m, 1..n), not "${r}"`);
      return known(rm![1], 'range');
    });
    if (on.length !== names.length) fail(`${names.length} variables need ${names.length} ranges (1..m, 1..n), not ${on.length}`);
    return { kind: 'any', on };
  }
  if (names.length > 1) fail(`a joint law is categorical{(a, b): p, …} or any law on 1..m, 1..n, not "${text}"`);
  if ((m = text.match(/^bernoulli\s*\((.*)\)$/))) {
    const [p] = args(m[1], 1, 'bernoulli(p)');
    return { kind: 'bernoulli', p: known(p, 'probability') };
  }
  if ((m = text.match(/^uniform\s*\{(.*)\}$/))) {
    const values = topLevel(m[1], ',');
    if (values.some((v) => v === '')) fail('a uniform law on a set lists its values: uniform{a, b, c}');
    return { kind: 'set', values: values.map((v) => known(v, 'value')) };
  }
  if ((m = text.match(/^uniform\s*\[(.*)\]$/))) {
    const [lo, hi] = args(m[1], 2, 'uniform[a, b]');
    return { kind: 'interval', lo: known(lo, 'end'), hi: known(hi, 'end') };
  }
  if ((m = text.match(/^gaussian\s*\((.*)\)$/))) {
    const [mean, variance] = args(m[1], 2, 'gaussian(mean, variance)');
    return { kind: 'gaussian', mean: known(mean, 'mean'), variance: known(variance, 'variance') };
  }
  if ((m = text.match(/^symmetric(?:\s+with\s+variance\s+(.+))?$/))) return { kind: 'symmetric', variance: m[1] ? known(m[1], 'variance') : null };
  return fail(`unknown law "${text}" (the laws are ${LAW_KINDS}, or "with mean M, variance V")`);
}

const RELATIONS: [string, Relation][] = [
  ['<=', '<='],
  ['≤', '<='],
  ['>=', '>='],
  ['≥', '>='],
  ['=', '='],
  ['<', '<'],
  ['>', '>'],
];

/** Parse a claim file; throws NotationError naming the file and line of the first problem. */
export function parseClaimFile(text: string, file: string): ClaimFile {
  if (text.length > MAX_FILE_CHARS) throw new NotationError(`${file}: ${text.length} characters: at most ${MAX_FILE_CHARS} are read`);
  const reals = new Map<string, { name: string; interval: Interval; line: number }>();
  const sizes = new Map<string, { name: string; lo: number; hi: number; line: number }>();
  const indices = new Map<string, { name: string; range: Expr; low?: Expr; line: number }>();
  const tensors = new Map<string, { name: string; axes: string[]; line: number }>();
  const functions = new Map<string, { name: string; polynomial: boolean; line: number }>();
  const randoms = new Map<string, RandomDecl>();
  const independent: { names: string[]; line: number }[] = [];
  const definitions = new Map<string, Definition>();
  const lets = new Map<string, Definition>();
  const assumes = new Map<string, Definition>();
  const pins: Pin[] = [];
  const declarations: Declarations = { reals, sizes, indices, tensors, functions, randoms, independent, lets, assumes, definitions, pins };
  const programs = new Map<string, Program & { statements: Statement[] }>();
  type Block = { -readonly [K in keyof ClaimBlock]: ClaimBlock[K] } & { conventions: ClaimBlock['conventions'][number][]; wrong: WrongAnswer[]; errata: (Erratum & { asWritten: string; corrected: string; replaces?: { from: string; to: string }[] })[]; findings: ClaimBlock['findings'][number][]; chain: ChainLine[]; limits: LimitLine[] };
  const claims: Block[] = [];
  const chains: ChainLine[][] = [];
  let open: { program: Program & { statements: Statement[] }; step?: { letter: string; indent: number; line: number } } | { claim: Block } | null = null;
  const taken = (n: string) => reals.has(n) || sizes.has(n) || indices.has(n) || tensors.has(n) || functions.has(n) || randoms.has(n) || definitions.has(n);

  text.split('\n').forEach((raw, k) => {
    const at = k + 1;
    const fail = (problem: string): never => {
      throw new NotationError(`${file}:${at}: ${problem}`);
    };
    const expr = (src: string, what = 'expression'): Expr => parseExpression(src, file, at, what, vocabularyOf(functions));
    /** An expression whose names must all be known here (declarations and definitions above). */
    const known = (src: string, what = 'expression'): Expr => {
      const e = expr(src, what);
      scanNames(e.node, new Set(), { decls: declarations, defined: new Set(definitions.keys()), program: false, problem: (p) => fail(p.message) });
      return e;
    };
    const newName = (n: string) => {
      if (!IS_NAME.test(n)) fail(`"${n}" is not a name`);
      if (taken(n)) fail(`"${n}" is declared twice`);
      return n;
    };
    const code = uncommented(raw);
    const line = code.trim();
    if (line === '') return;
    if (/^\s/.test(code) && open !== null) {
      if ('program' in open) {
        // `step t:` opens a time loop: the statements indented under it run in order for each t
        const indent = /^\s*/.exec(code)![0].length;
        if (open.step && indent <= open.step.indent) delete open.step;
        const step = line.match(new RegExp(`^step\\s+(${NAME})\\s*:$`));
        if (step) {
          if (open.step) fail('a step block inside a step block: one time loop per block');
          if (!indices.has(step[1])) fail(`"${step[1]}" is not a declared index (step t: with index t in 0..T - 1)`);
          open.step = { letter: step[1], indent, line: at };
          return;
        }
        return void open.program.statements.push(statement(line, at, file, vocabularyOf(functions), open.step && { letter: open.step.letter, line: open.step.line }));
      }
      return claimLine(open.claim, line, at, fail, expr);
    }
    open = null;
    let m: RegExpMatchArray | null;
    // one \s before the names and before "in": further spaces go into the names, which are trimmed
    if ((m = line.match(/^(real|integer)\s(.+?)(?:\sin\s+([[(])\s*([^,\s]+)\s*,\s*([^\])\s]+)\s*([\])]))?$/))) {
      const integer = m[1] === 'integer';
      if (!m[3] && integer) fail('an integer needs a range: integer d in [1, 3]');
      const bound = (s: string | undefined, dflt: number) => {
        if (s === undefined) return new Fraction(dflt);
        try {
          return new Fraction(s);
        } catch {
          return fail(`"${s}" is not a number`);
        }
      };
      const given = { lo: bound(m[4], -4), hi: bound(m[5], 4), loOpen: m[3] === '(', hiOpen: m[6] === ')', integer };
      // an integer's interval is checked by the integers in it below: [8, 8] holds one (a fixed dimension)
      if (!integer && given.lo.compare(given.hi) >= 0) fail(`empty interval ${m[3]}${m[4]}, ${m[5]}${m[6]}`);
      // an integer's draws count up from lo to hi: its integers, as a closed interval
      const interval = integer ? { lo: given.loOpen ? given.lo.floor().add(1) : given.lo.ceil(), hi: given.hiOpen ? given.hi.ceil().sub(1) : given.hi.floor(), loOpen: false, hiOpen: false, integer } : given;
      if (interval.lo.compare(interval.hi) > 0) fail(`no integer in ${m[3]}${m[4]}, ${m[5]}${m[6]}`);
      for (const n of m[2].split(',')) reals.set(newName(n.trim()), { name: n.trim(), interval, line: at });
    } else if ((m = line.match(/^size\s(.+?)\sin\s+(\d+)\s*\.\.\s*(\d+)$/))) {
      const [lo, hi] = [Number(m[2]), Number(m[3])];
      if (lo < 1 || lo > hi) fail(`a size's range is 1 or more, low to high: ${lo}..${hi}`);
      for (const n of m[1].split(',')) sizes.set(newName(n.trim()), { name: n.trim(), lo, hi, line: at });
    } else if ((m = line.match(/^function\s(.+?)(\s+polynomial)?$/))) {
      for (const name of m[1].split(',').map((n) => n.trim())) {
        // declared, the engine's own function would be read as the declaration in every call of
        // the file (`function sigma`: every sigma(x) uninterpreted; `function sum`: no sum over an
        // index); a size or tensor may be named H, it is never called
        if (BUILTINS.has(name) || name === 'diff') fail(`"${name}" is the engine's function ${name}(…): a declared function needs a name of its own`);
        functions.set(newName(name), { name, polynomial: m[2] !== undefined, line: at });
      }
    } else if ((m = line.match(new RegExp(`^index\\s+(${NAME}(?:\\s*,\\s*${NAME})*)\\s+in\\s+([^.]+?)\\s*\\.\\.\\s*(.+)$`)))) {
      // from 1 unless written otherwise (`index t in 0..T - 1`: time from 0)
      const low = m[2].trim() === '1' ? undefined : known(m[2], 'index range');
      const range = known(m[3], 'index range');
      for (const n of m[1].split(',').map((x) => x.trim())) {
        indices.set(newName(n), { name: n, range, ...(low && { low }), line: at });
        // bounded work: every sum, loop and random family over the index runs at most this often
        const extent = indexExtent(declarations, n);
        if (extent === Infinity) fail(`the range ${low?.text ?? 1}..${range.text} of index ${n} has no bound from the declarations (use sizes, integers and numbers)`);
        if (extent > MAX_INDEX_EXTENT) fail(`index ${n} runs up to ${extent}: at most ${MAX_INDEX_EXTENT}`);
      }
    } else if ((m = line.match(/^tensor\s(.+)$/))) {
      for (const t of m[1].split(/,(?![^[]*\])/)) {
        const tm = t.trim().match(new RegExp(`^(${NAME})\\[((?:\\s*${NAME}\\s*(?:,\\s*${NAME}\\s*)*)?)\\]$`));
        if (!tm) fail(`cannot read the tensor "${t.trim()}": write T[i, j] (or T[] for a scalar)`);
        const axes = tm![2].trim() === '' ? [] : tm![2].split(',').map((a) => a.trim());
        for (const a of axes) if (!indices.has(a)) fail(`undeclared index "${a}": declare it first with "index ${a} in 1..N"`);
        // a tensor's shape is fixed before a program runs: no axis over a range that moves with another letter
        for (const a of axes) if (readsIndex(indices.get(a)!)) fail(`the range of index ${a} reads another index letter: only a sum or product may run over it, not an axis of ${tm![1]}`);
        tensors.set(newName(tm![1]), { name: tm![1], axes, line: at });
      }
    } else if ((m = line.match(new RegExp(`^random\\s*\\(\\s*(${NAME}(?:\\s*,\\s*${NAME})+)\\s*\\)\\s*~\\s*(.+)$`)))) {
      // a joint law: one LawDecl shared by the names declared together
      const names = m[1].split(',').map((n) => n.trim());
      const law = parseLaw(m[2].trim(), names, known, fail);
      for (const n of names) randoms.set(newName(n), { name: n, index: null, entry: null, mean: null, variance: null, law, joint: names, iid: false, line: at });
    } else if ((m = line.match(new RegExp(`^random\\s+(${NAME})(?:\\[(${NAME})(?:\\s*,\\s*(${NAME}))?\\])?(\\s+iid)?(?:\\s+with\\s+mean\\s+(.+?),\\s*variance\\s+(.+)|\\s*~\\s*(.+))?$`)))) {
      for (const i of [m[2], m[3]]) if (i && !indices.has(i)) fail(`undeclared index "${i}": declare it first with "index ${i} in 1..d"`);
      for (const i of [m[2], m[3]]) if (i && (indices.get(i)!.low || readsIndex(indices.get(i)!))) fail(`a random family's index runs over 1..n (n a size or an integer): "${i}" does not`);
      if (m[4] && !m[2]) fail(`iid is said of a family over an index: random ${m[1]}[i] iid …`);
      const [mean, variance] = m[5] ? [known(m[5], 'mean'), known(m[6], 'variance')] : [null, null];
      const law: LawDecl = m[7] ? parseLaw(m[7].trim(), [m[1]], known, fail) : mean && variance ? { kind: 'moments', mean, variance } : { kind: 'any', on: null };
      const family = { name: m[1], index: m[2] ?? null, entry: m[3] ?? null, mean, variance, law, joint: null, iid: m[4] !== undefined, line: at };
      randoms.set(newName(m[1]), family);
    } else if ((m = line.match(/^independent\s(.+)$/))) {
      const names = m[1].split(',').map((s) => s.trim());
      for (const n of names) if (!randoms.has(n)) fail(`"${n}" is not a declared random variable`);
      independent.push({ names, line: at });
    } else if ((m = line.match(/^assume\s+(diff\s*\(.*?\))\s*=(.+)$/))) {
      pins.push(pin(m[1], known(m[2]), at, fail));
    } else if ((m = line.match(new RegExp(`^(let|assume)\\s+(${NAME})\\s*=(.+)$`)))) {
      const e = known(m[3]);
      const def: Definition = { name: m[2], kind: m[1] as 'let' | 'assume', expr: e, line: at };
      definitions.set(newName(m[2]), def);
      (def.kind === 'let' ? lets : assumes).set(def.name, def);
    } else if (/^(real|integer|size|function|index|tensor|random|independent|let|assume)\b/.test(line)) {
      fail(`cannot read this ${line.split(/\s/)[0]} declaration (see exams/README.md for the syntax)`);
    } else if ((m = line.match(/^program\s+(\S+)$/))) {
      if (!/^[A-Za-z_][\w-]*$/.test(m[1])) fail(`"${m[1]}" is not a program name`);
      if (programs.has(m[1])) fail(`program "${m[1]}" is defined twice (first at line ${programs.get(m[1])!.line})`);
      const program = { name: m[1], line: at, statements: [] };
      programs.set(m[1], program);
      open = { program };
    } else if ((m = line.match(/^claim\s+([^\s:]+)\s*:\s*(.*)$/))) {
      const words = m[2].split(/\s+/).filter((w) => w !== '');
      const negated = words[0] === 'not';
      if (negated) words.shift();
      if (words.length === 0) fail(`claim ${m[1]} needs a kind: claim ${m[1]}: gradient backward of forward, or chain`);
      const first = claims.find((c) => c.id === m![1]);
      if (first) fail(`claim "${m[1]}" is defined twice (first at line ${first.line})`);
      const claim: Block = { id: m[1], line: at, kind: words[0], negated, args: words.slice(1), conventions: [], wrong: [], errata: [], findings: [], chain: [], limits: [] };
      claims.push(claim);
      open = { claim };
    } else if (/^(program|claim)\b/.test(line)) {
      fail(`cannot read this ${line.split(/\s/)[0]} line (see exams/README.md for the syntax)`);
    } else {
      const [relation, rest] = relationOf(line);
      if (relation !== null && chains.length === 0) fail(`a line starting with "${line.slice(0, line.length - rest.length).trim()}" needs a line before it`);
      const cl = { text: rest.trim(), relation, line: at, node: known(rest).node };
      if (relation === null) chains.push([cl]);
      else chains[chains.length - 1].push(cl);
    }
  });

  /** A line inside a claim block. */
  function claimLine(claim: Block, line: string, at: number, fail: (p: string) => never, expr: (src: string) => Expr): void {
    let m: RegExpMatchArray | null;
    if ((m = line.match(new RegExp(String.raw`^anchor:\s*Problem\s+(\d+)\s*(?:\(?([a-z])\)?)?\s+${QUOTED}\s*(?:…|\.\.\.)\s*${QUOTED}$`)))) {
      if (claim.anchor) fail(`claim ${claim.id} has two anchors`);
      const anchor: Anchor = { problem: Number(m[1]), ...(m[2] ? { part: m[2] } : {}), from: unquote(m[3]), to: unquote(m[4]), line: at };
      claim.anchor = anchor;
    } else if (line.startsWith('anchor:')) {
      fail('an anchor is: anchor: Problem 2 "first words" … "last words"');
    } else if ((m = line.match(/^expected:\s*(.*?)\s*$/))) {
      if (m[1] !== 'verified' && m[1] !== 'refuted') fail(`expected: is "verified" or "refuted", not "${m[1]}"`);
      claim.expected = m[1] as 'verified' | 'refuted';
    } else if ((m = line.match(/^convention:\s*(.+)$/))) {
      claim.conventions.push({ text: m[1].trim(), line: at });
    } else if (/^(wrong|erratum)\s/.test(line)) {
      const kind = line.split(/\s/)[0];
      const e = line.slice(kind.length).trim().match(EDIT);
      if (!e) fail(`${kind === 'wrong' ? 'a wrong answer' : 'an erratum'} is: ${kind} ID: "text as it is" -> "text it becomes"`);
      if ([...claim.wrong, ...claim.errata].some((w) => w.id === e![1])) fail(`"${e![1]}" is used twice in claim ${claim.id}`);
      if (kind === 'wrong') claim.wrong.push({ id: e![1], description: e![4].trim(), from: unquote(e![2]), to: unquote(e![3]), line: at });
      else claim.errata.push({ id: e![1], from: unquote(e![2]), to: unquote(e![3]), asWritten: '', corrected: '', line: at });
    } else if ((m = line.match(/^(as written|corrected):\s*(.+)$/))) {
      const last = claim.errata[claim.errata.length - 1];
      if (!last) fail(`"${m[1]}:" follows an erratum line`);
      if (m[1] === 'as written') last.asWritten = m[2].trim();
      else last.corrected = m[2].trim();
    } else if ((m = line.match(new RegExp(String.raw`^replaces\s+${QUOTED}\s+with\s+${QUOTED}$`)))) {
      const last = claim.errata[claim.errata.length - 1];
      if (!last) fail('"replaces" follows an erratum line');
      (last.replaces ??= []).push({ from: unquote(m[1]), to: unquote(m[2]) });
    } else if (line.startsWith('replaces ')) {
      fail('a replacement is: replaces "exam text as written" with "corrected text"');
    } else if ((m = line.match(/^finding\s+([^\s:]+)\s*:\s*(.+)$/))) {
      claim.findings.push({ id: m[1], text: m[2].trim(), line: at });
    } else if ((m = line.match(/^counterexample:\s*(.+)$/))) {
      const last = claim.findings.length;
      if (last === 0 || claim.findings[last - 1].counterexample !== undefined) fail('"counterexample:" follows a finding line (one per finding)');
      claim.findings[last - 1] = { ...claim.findings[last - 1], counterexample: m[1].trim() };
    } else if ((m = line.match(new RegExp(`^limit\\s+(.+)\\s+as\\s+(${NAME})\\s*(?:->|→)\\s*(0\\+|0-|\\+infinity|-infinity)\\s+is\\s+(-infinity|\\+infinity|finite|bounded below|bounded above)$`)))) {
      const e = expr(m[1]);
      scanNames(e.node, new Set(), { decls: declarations, defined: new Set(definitions.keys()), program: false, problem: (p) => fail(p.message) });
      if (!isReal(m[2])) fail(`the limit's variable "${m[2]}" is not a declared real`);
      claim.limits.push({ text: line, expr: e, variable: m[2], approach: m[3] as LimitLine['approach'], result: m[4] as LimitLine['result'], line: at });
    } else if (line.startsWith('limit ')) {
      fail('a limit is: limit EXPR as x -> 0+ is -infinity (x -> 0+, 0-, +infinity or -infinity; is -infinity, +infinity, finite, bounded below or bounded above)');
    } else if ((m = line.match(/^([a-z][a-z ]*?)\s*:(?:\s|$)/)) && !/^answer(?:\s+condition\s+on\s+\S+)?$/.test(m[1])) {
      // a chain line never starts `word:` (that is a range): a claim line, mistyped
      fail(unknownClaimLine(m[1]));
    } else if (claim.kind === 'equal' && /^answer\s*:/.test(line)) {
      // an equal claim's answer is a definition its programs read: answer: eta' = eta / (1 - mu)
      const d = line.match(new RegExp(`^answer\\s*:\\s*(${NAME})\\s*=(?!=)(.+)$`));
      if (!d) fail(`an equal claim's answer: line defines a name its programs read: answer: NAME = EXPR (answer: eta' = eta / (1 - mu))`);
      if (claim.answer) fail(`claim ${claim.id} has two answer: lines`);
      if (taken(d![1])) fail(`"${d![1]}" is declared twice`);
      const e = expr(d![2]);
      scanNames(e.node, new Set(), { decls: declarations, defined: new Set(definitions.keys()), program: false, problem: (p) => fail(p.message) });
      const def: Definition = { name: d![1], kind: 'let', expr: e, line: at };
      definitions.set(def.name, def);
      lets.set(def.name, def);
      claim.answer = { text: d![2].trim(), relation: '=', line: at, node: e.node, defines: def.name };
    } else {
      if (claim.answer) fail(`claim ${claim.id}'s answer: line is its chain's last line`);
      // the answer is the chain's last line, equal to the line before it (a condition: with the same zeros)
      const answer = line.match(new RegExp(`^answer(?:\\s+condition\\s+on\\s+(${NAME}))?\\s*:(.*)$`));
      if (answer?.[1] !== undefined && !isReal(answer[1])) fail(`a condition is solved for a declared real: "${answer[1]}" is not one`);
      const [relation, rest] = answer ? (['=', answer[2]] as const) : relationOf(line);
      // a count claim's answer: line is its only line; a chain's follows the line it equals
      if (relation !== null && claim.chain.length === 0 && !(answer && claim.kind !== 'chain')) fail(`a chain line starting with "${line.slice(0, line.length - rest.length).trim()}" needs a line before it`);
      const e = expr(rest);
      scanNames(e.node, new Set(), { decls: declarations, defined: new Set(definitions.keys()), program: false, problem: (p) => fail(p.message) });
      const cl = { text: rest.trim(), relation, line: at, node: e.node, ...(answer?.[1] !== undefined && { condition: answer[1] }) };
      claim.chain.push(cl);
      if (answer) claim.answer = cl;
    }
  }

  /** Whether an index's range reads another index letter (`index t' in 0..t`). */
  function readsIndex(decl: { range: Expr; low?: Expr }): boolean {
    let reads = false;
    for (const e of [decl.range, decl.low]) e?.node.traverse((n) => void (reads ||= indices.has(symbolOf(n) ?? '')));
    return reads;
  }

  /** A real variable (not an integer): what a derivative, a limit or a condition is taken in. */
  function isReal(name: string): boolean {
    const r = reals.get(name);
    return r !== undefined && !r.interval.integer;
  }

  /** `assume diff(F(X), X) = VALUE`: F a declared function of one argument, X a declared real. */
  function pin(lhs: string, value: Expr, at: number, fail: (p: string) => never): Pin {
    const shape = `a hypothesis on a derivative is: assume diff(l(x), x) = EXPR, with l a declared function and x a declared real`;
    const d = N(strip(parseExpression(lhs, file, at).node));
    const f = d.args?.[0] && N(strip(d.args[0]));
    const [x, fn, arg] = [d.args?.[1] && symbolOf(d.args[1]), f?.fn && symbolOf(f.fn), f?.args?.length === 1 ? symbolOf(f.args[0]) : null];
    if (!x || !fn || !functions.has(fn) || arg !== x || !isReal(x)) fail(shape);
    if (functions.get(fn!)!.polynomial && pins.some((p) => p.fn === fn)) fail(`${fn} is a polynomial: one hypothesis on its derivative at most (it sets its linear coefficient)`);
    return { fn: fn!, at: x!, value, line: at };
  }

  for (const c of claims) {
    const where = (line: number) => `${file}:${line}`;
    for (const e of c.errata) if (e.asWritten === '' || e.corrected === '') throw new NotationError(`${where(e.line)}: erratum ${e.id} needs "as written:" and "corrected:" lines after it`);
    for (const w of [...c.wrong, ...c.errata]) applyEdit(text, w.from, w.to, where(w.line));
    if (c.expected === 'refuted' && c.findings.length === 0) throw new NotationError(`${where(c.line)}: claim ${c.id} is expected refuted: say why with a finding line`);
    if (c.kind === 'gradient') {
      const [back, of, fwd, ...more] = c.args;
      if (of !== 'of' || more.length > 0 || !back || !fwd) throw new NotationError(`${where(c.line)}: a gradient claim is: claim ${c.id}: gradient BACKWARD of FORWARD`);
      for (const p of [back, fwd]) if (!programs.has(p)) throw new NotationError(`${where(c.line)}: no program "${p}" in the file`);
    }
  }
  return { file, text, declarations, programs, claims, chains };
}

/** A chain line's relation to the line before (none on a chain's first line) and the rest. */
function relationOf(line: string): [Relation | null, string] {
  for (const [sign, relation] of RELATIONS) if (line.startsWith(sign)) return [relation, line.slice(sign.length)];
  return [null, line];
}

/** One statement `for i, j: T[i, j] OP EXPR` at `file:line`. */
function statement(text: string, line: number, file: string, vocabulary: Vocabulary, step?: Statement['step']): Statement {
  const fail = (problem: string): never => {
    throw new NotationError(`${file}:${line}: ${problem}`);
  };
  const m = text.match(/^for\s+([^:]*):(.*)$/);
  // the course writes `For b,j   s.grad[b,j] += …`: read as a target, it was told to write * between b and j
  if (!m && /^for\s/i.test(text)) fail('a statement is "for INDICES: TARGET += EXPR" (or -=, =): lower-case for, and a colon after the loop letters');
  const loops = m ? m[1].split(',').map((s) => s.trim()) : [];
  for (const i of loops) if (!IS_NAME.test(i)) fail(`"${i}" is not an index letter (for i, j: ...)`);
  if (new Set(loops).size < loops.length) fail('an index letter appears twice in the for list');
  if (step && loops.includes(step.letter)) fail(`${step.letter} is the step's letter: it is bound by "step ${step.letter}:" already`);
  const body = m ? m[2] : text;
  let depth = 0;
  let split = -1;
  for (let k = 0; k < body.length && split < 0; k++) {
    const c = body[k];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === '=' && depth === 0 && body[k + 1] !== '=' && !'<>!='.includes(body[k - 1] ?? '')) split = k;
  }
  if (split < 0) fail('a statement is "for INDICES: TARGET += EXPR" (or -=, =)');
  const op = (['+', '-'].includes(body[split - 1]) ? `${body[split - 1]}=` : '=') as Statement['op'];
  const targetText = body.slice(0, op === '=' ? split : split - 1);
  const target = parseExpression(targetText, file, line, 'target', vocabulary).node;
  const access = target.type === 'AccessorNode' ? accessOf(target) : null;
  if (access === null || N(target).index.dotNotation) fail(`the target "${targetText.trim()}" is not a tensor entry T[i, j] or T.grad[i, j]`);
  const rhs = parseExpression(body.slice(split + 1), file, line, 'expression', vocabulary).node;
  const tensorTarget: TensorAccess = { ...access!, indices: N(target).index.dimensions, node: target };
  return { line, text, loops, target: tensorTarget, op, rhs, ...(step && { step }) };
}

