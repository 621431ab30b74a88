/**
 * Repairs (DESIGN.md §2, "Reporting a failure"): the one-edit changes of a program's statements or
 * of a formula, enumerated over the notation engine's syntax trees in the order a grader would try
 * them, for the smallest edit that makes a refuted claim hold. The caller verifies each candidate
 * with the claim's own check (properties/repairs.ts); this module only proposes.
 *
 * The order, kind by kind (all lines for one kind before the next kind):
 *   index   an index renamed to another letter bound there, or two axes of an access swapped
 *           (`h.grad[b, j]` → `h.grad[b, i]`, `W[j, i]` → `W[i, j]`); then a loop letter renamed
 *           through its statement (`for b, n: L[b, n]` → `for b, n_out: L[b, n_out]`); then an
 *           access read with any bound letters of its axes' ranges (`W[k, i]` → `W[j, k]`), an
 *           undeclared tensor as a declared one of its arity it misspells (`W_XR[k, i]` →
 *           `W_xR[j, k]`); a shifted axis unshifted or shifted the other way (`j + 1` → `j`,
 *           `j - 1`); in a formula, a variable renamed to another of its kind (a size for a
 *           size, a real for a real)
 *   sign    `+=` ↔ `-=`, `=` → `+=`; `a + b` ↔ `a - b`; a unary minus dropped; a comparison made
 *           strict or not, or turned round (`>=` → `>`, `<=`); a first term or the whole side negated
 *   factor  a factor of a product or a divisor dropped; a constant power one higher or lower; then
 *           the right side, or one of its terms, times 2, 1/2, a size S or 1/S (an extra (1/B) is
 *           dropped, not cancelled by B * (…)); then a declared real or function value squared
 *           (its power one up from 1: `alpha(i)` → `alpha(i)^2`)
 * Sign, factor and term edits leave index expressions alone: those are index repairs.
 *   grad    a tensor read where its `.grad` was meant, and vice versa (also the target)
 *   term    one term of a sum dropped (an extra term), or a whole statement dropped
 * A term the answer left out cannot be guessed: that repair is not among them.
 *
 * Edits are made on the tree (mathjs's transform) and written back with mathjs's printer, which
 * reads back to the same tree; names carry their primes back (`L'`) in every text shown.
 */
import { parse, type MathNode } from './mathjs.ts';
import { constantOf, lint, NotationError, parseClaimFile, symbolOf, type ClaimFile, type Statement } from './notation/index.ts';
import { N as node } from './notation/names.ts';
import { shownName, unprimed } from './notation/primes.ts';

export type RepairKind = 'index' | 'sign' | 'factor' | 'grad' | 'term';

/** The kinds, in the order they are tried. */
export const REPAIR_ORDER: readonly RepairKind[] = ['index', 'sign', 'factor', 'grad', 'term'];

/** What a candidate edit changes on its line: the written parts (mathjs text, primes rewritten), or null to drop the line. */
export type Parts = { readonly loops?: readonly string[]; readonly target?: string; readonly op?: Statement['op']; readonly rhs: string } | null;

/** One line that may be edited: a statement of a program, or a formula. */
export interface Site {
  /** The line (of whatever text `render` writes into: a claim file, a student's file). */
  readonly line: number;
  /** A statement's target and operator; absent for a formula. */
  readonly target?: MathNode;
  readonly op?: Statement['op'];
  /** Index letters bound on the whole line (a statement's loops). */
  readonly loops: readonly string[];
  /** The letter of the `step t:` block the statement runs in, if any: bound too, and the edited line is read inside such a block. */
  readonly step?: string;
  readonly rhs: MathNode;
  /** The line as it reads with these parts (null: the statement dropped). */
  render(parts: Parts): string;
}

/** One proposed edit. */
export interface Candidate {
  readonly kind: RepairKind;
  readonly line: number;
  /** What it changes, as written before and after (`h.grad[b, j]`, `h.grad[b, i]`). */
  readonly from: string;
  readonly to: string;
  /** The site's whole line after the edit ('' where a statement is dropped). */
  readonly text: string;
}

/** A statement of a claim file's program as a site; `render` writes it with the line's own indentation. */
export function statementSite(st: Statement, indent = '  '): Site {
  const forList = (letters: readonly string[]) => (letters.length ? `for ${letters.join(', ')}: ` : '');
  return {
    line: st.line,
    // an edit's side is told by its node (`edit`): a target written as its right side is (`y[i]+=y[i]`) has the same tree (parse.ts), so a copy
    target: st.target.node === st.rhs ? st.rhs.cloneDeep() : st.target.node,
    op: st.op,
    loops: st.loops,
    ...(st.step && { step: st.step.letter }),
    rhs: st.rhs,
    render: (p) => (p === null ? '' : shownName(`${indent}${forList(p.loops ?? st.loops)}${p.target ?? st.target.node.toString()} ${p.op ?? st.op} ${p.rhs}`)),
  };
}

/** A formula (an `answer:` line, a student's formula) as a site: `render` writes the line around its text. */
export function formulaSite(line: number, rhs: MathNode, around: (formula: string) => string): Site {
  // a formula is never dropped (only a statement is: the term kind's last edit)
  return { line, loops: [], rhs, render: (p) => around(shownName(p!.rhs)) };
}

const show = (m: MathNode | string) => shownName(m.toString());

/** The tree with `at` replaced by the expression `by` (mathjs text). */
const replaced = (root: MathNode, at: MathNode, by: string): MathNode => root.transform((n) => (n === at ? parse(by) : n));

/** Parenthesized where an operator inside could bind looser than its new neighbours. */
const wrap = (m: MathNode): string => (m.type === 'SymbolNode' || m.type === 'ConstantNode' || m.type === 'AccessorNode' || m.type === 'ParenthesisNode' || m.type === 'FunctionNode' ? m.toString() : `(${m.toString()})`);

interface Visit {
  readonly at: MathNode;
  /** Index letters bound at this node: the line's loops and the sums around it. */
  readonly bound: readonly string[];
}

/** Every node of the tree in reading order, with the letters bound there. */
// Stryker disable next-line ArrayDeclaration: where the letters go unread; an entry 'Stryker was here' reads { at: String.prototype.at }, no node, which every use passes over
function nodesOf(root: MathNode, loops: readonly string[] = []): Visit[] {
  // Stryker disable next-line ArrayDeclaration: as above, a string entry is no node
  const out: Visit[] = [];
  const walk = (m: MathNode, bound: readonly string[]) => {
    out.push({ at: m, bound });
    const n = node(m);
    const f = m.type === 'FunctionNode' ? symbolOf(n.fn) : null;
    // (the reader takes sum and prod with an index and a body only)
    if (f === 'sum' || f === 'prod') {
      const letter = symbolOf(n.args[0]);
      return walk(n.args[1], letter ? [...bound, letter] : bound);
    }
    m.forEach((child) => walk(child, bound));
  };
  walk(root, loops);
  return out;
}

/** The tensor an access reads (T of `T[...]` and of `T.grad[...]`), as mathjs names it. */
const accessName = (object: MathNode): string => (object.type === 'AccessorNode' ? node(node(object).object).name : node(object).name);

/** A tensor access: `T[...]` or `T.grad[...]` with its index expressions. */
function access(m: MathNode): { object: MathNode; dims: MathNode[] } | null {
  if (m.type !== 'AccessorNode' || node(m).index.dotNotation) return null;
  return { object: node(m).object, dims: node(m).index.dimensions };
}

/** The terms of a sum at the top of the tree (through parentheses): `a - (b + c) + d` has a, b + c, d. */
function topTerms(m: MathNode): MathNode[] {
  const n = node(m);
  if (m.type === 'ParenthesisNode') return topTerms(n.content);
  // (an operator's fn is its name, a call's a node: only `a + b` and `a - b` are these, each with two args)
  const fn = n.fn as unknown as string;
  if (fn === 'add') return [...topTerms(n.args[0]), ...topTerms(n.args[1])];
  if (fn === 'subtract') return [...topTerms(n.args[0]), n.args[1]];
  return [m];
}

/**
 * Every candidate edit of the sites, kind by kind (REPAIR_ORDER, or the kinds given), then line by
 * line, then in reading order; each line text once, and only well-formed statements (an edit the
 * lint rejects, `h.grad[k, i]` with k over another range, can never be a repair). Lazy: a search
 * stops at its first repair.
 */
export function* candidates(file: ClaimFile, sites: readonly Site[], kinds: readonly RepairKind[] = REPAIR_ORDER): Generator<Candidate> {
  // each line text once, over every kind: the line as it is first
  const seen = sites.map((site) => new Set<string>([site.render({ rhs: site.rhs.toString() })]));
  for (const kind of kinds) {
    for (const [k, site] of sites.entries()) {
      for (const c of siteEdits(file, site, kind)) {
        const text = site.render(c.parts);
        if (seen[k].has(text)) continue;
        seen[k].add(text);
        // (a dropped statement's text is '': an empty program, well-formed)
        if (site.target && !wellFormed(file, text, site.step)) continue;
        yield { kind, line: site.line, from: c.from, to: c.to, text };
      }
    }
  }
}

/**
 * Whether a statement's line, read against the file's declarations, passes the lint. A statement
 * of a `step t:` block is read with t as its outermost loop, which the block is (the lint's rules
 * for t are a loop letter's).
 */
function wellFormed(file: ClaimFile, line: string, step?: string): boolean {
  // (a dropped statement's text is '')
  const looped = /^\s*for\s/.exec(line);
  const read = step === undefined || line === '' ? line : looped ? `  for ${step}, ${line.slice(looped[0].length)}` : `  for ${step}: ${line}`;
  let program;
  try {
    program = parseClaimFile(`program edited\n${read}`, file.file).programs.get('edited')!;
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: the reader throws NotationError on any text; anything else is a bug, rethrown
    if (e instanceof NotationError) return false;
    throw e;
  }
  return lint(file, program).length === 0;
}

interface Edit {
  readonly parts: Parts;
  readonly from: string;
  readonly to: string;
}

/** The edits of one kind on one site. */
function* siteEdits(file: ClaimFile, site: Site, kind: RepairKind): Generator<Edit> {
  const d = file.declarations;
  const rhs = site.rhs;
  const target = site.target;
  /** The site with `at` (in the target or the right side) replaced by `by`. */
  const edit = (at: MathNode, by: string): Edit => {
    const inTarget = target !== undefined && nodesOf(target).some((v) => v.at === at);
    const parts = inTarget ? { target: replaced(target, at, by).toString(), rhs: rhs.toString() } : { rhs: replaced(rhs, at, by).toString() };
    return { parts, from: show(at), to: show(by) };
  };
  // a step block's letter is bound on the whole line, as its loops are
  const bound = site.step === undefined ? site.loops : [site.step, ...site.loops];
  const reads = nodesOf(rhs, bound);
  const all: readonly Visit[] = target ? [{ at: target, bound }, ...reads] : reads;
  switch (kind) {
    case 'index': {
      // one letter or one pair of axes first, then a loop letter renamed through the statement, then an access re-indexed
      yield* singleIndexEdits(d, all, edit);
      yield* shiftEdits(all, edit);
      if (!target) return yield* variableRenames(d, reads, edit);
      yield* loopRenames(d, site);
      yield* reindexed(d, all, edit);
      return;
    }
    default:
      return yield* otherEdits(file, site, kind, edit, reads, all);
  }
}

/** A loop letter renamed through its statement (for list, target, right side) to a declared index not in the loop. */
function* loopRenames(d: ClaimFile['declarations'], site: Site): Generator<Edit> {
  const { target, rhs } = site;
  for (const letter of site.loops) {
    for (const other of d.indices.keys()) {
      // Stryker disable next-line ConditionalExpression: a letter of the loop already: the for list would bind it twice (or the line be as it is), which the reader rejects (or `seen` holds)
      if (site.loops.includes(other)) continue;
      const rename = (m: MathNode) => m.transform((n) => (symbolOf(n) === letter ? parse(unprimed(other)) : n)).toString();
      const loops = site.loops.map((l) => (l === letter ? other : l));
      const head = (ls: readonly string[], t: string) => shownName(`for ${ls.join(', ')}: ${t}`);
      yield { parts: { loops, target: rename(target!), rhs: rename(rhs) }, from: head(site.loops, target!.toString()), to: head(loops, rename(target!)) };
    }
  }
}

/**
 * Each access read with any letters bound there of its axes' ranges (what the lint accepts;
 * shifted and gathered axes kept); an undeclared tensor as each declared tensor of its arity
 * whose name it misspells.
 */
function* reindexed(d: ClaimFile['declarations'], all: readonly Visit[], edit: (at: MathNode, by: string) => Edit): Generator<Edit> {
  for (const { at, bound } of all) {
    const a = access(at);
    if (a === null) continue;
    const name = shownName(accessName(a.object));
    const grad = a.object.type === 'AccessorNode' ? '.grad' : '';
    const tensors = d.tensors.has(name) ? [d.tensors.get(name)!] : [...d.tensors.values()].filter((t) => misspelt(name, t.name));
    for (const decl of tensors) {
      // Stryker disable next-line ConditionalExpression: an access of another arity is re-indexed to that arity, which the lint rejects: skipped here, not built
      if (decl.axes.length !== a.dims.length) continue;
      const choices = a.dims.map((x, axis): string[] => {
        // (a tensor's axes are declared indices: the reader checks)
        const range = d.indices.get(decl.axes[axis])!.range.text;
        if (symbolOf(x) === null) return [x.toString()];
        // Stryker disable next-line MethodExpression,ConditionalExpression: the filter only saves building what the lint rejects (a letter over another range)
        return bound.filter((l) => d.indices.get(l)?.range.text === range).map(unprimed);
      });
      const tuples = choices.reduce<string[][]>((acc, c) => acc.flatMap((t) => c.map((l) => [...t, l])), [[]]);
      for (const t of tuples) yield edit(at, `${unprimed(decl.name)}${grad}[${t.join(', ')}]`);
    }
  }
}

/** Whether `written` misspells `name`: equal but for letter case, or one letter added, dropped or changed (Levenshtein distance ≤ 1, case aside). */
export function misspelt(written: string, name: string): boolean {
  const [a, b] = [written.toLowerCase(), name.toLowerCase()];
  let [i, j, edits] = [0, 0, 0];
  // (past its end a string reads undefined: one more letter of the other is one more edit)
  while (a[i] !== undefined || b[j] !== undefined) {
    if (a[i] === b[j]) [i, j] = [i + 1, j + 1];
    else if (++edits > 1) return false;
    else if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else [i, j] = [i + 1, j + 1];
  }
  return true;
}

/** One letter of an access renamed to another bound there, or two of its axes swapped. */
function* singleIndexEdits(d: ClaimFile['declarations'], all: readonly Visit[], edit: (at: MathNode, by: string) => Edit): Generator<Edit> {
  for (const { at, bound } of all) {
    const a = access(at);
    if (a === null) continue;
    const written = (dims: readonly string[]) => `${a.object.toString()}[${dims.join(', ')}]`;
    const dims = a.dims.map((x) => x.toString());
    // a letter renamed to another bound there
    for (let axis = 0; axis < a.dims.length; axis++) {
      for (const { at: s } of nodesOf(a.dims[axis])) {
        // (a node that is not a name is in no declaration: null is no key)
        const letter = symbolOf(s) as string;
        if (!d.indices.has(letter)) continue;
        for (const other of bound) {
          // Stryker disable next-line ConditionalExpression: a letter renamed to itself is the line as it is, which `seen` holds
          if (other === letter) continue;
          const renamed = replaced(a.dims[axis], s, unprimed(other)).toString();
          yield edit(at, written(dims.map((x, k) => (k === axis ? renamed : x))));
        }
      }
    }
    // two axes swapped
    // Stryker disable next-line EqualityOperator: at p = length no q is after it
    for (let p = 0; p < dims.length; p++) {
      for (let q = p + 1; q < dims.length; q++) {
        // Stryker disable next-line ConditionalExpression: two equal axes swapped are the line as it is, which `seen` holds
        if (dims[p] === dims[q]) continue;
        yield edit(at, written(dims.map((x, k) => (k === p ? dims[q] : k === q ? dims[p] : x))));
      }
    }
  }
}

/** A shifted axis of an access unshifted, or shifted the other way (`x[b, j + 1]` → `x[b, j]`, `x[b, j - 1]`). */
function* shiftEdits(all: readonly Visit[], edit: (at: MathNode, by: string) => Edit): Generator<Edit> {
  for (const { at } of all) {
    const a = access(at);
    if (a === null) continue;
    const dims = a.dims.map((x) => x.toString());
    for (const [axis, x] of a.dims.entries()) {
      const n = node(x);
      // (an operator's fn is its name: a letter has none, unary minus is unaryMinus)
      const fn = n.fn as unknown as string;
      if (fn !== 'add' && fn !== 'subtract') continue;
      const written = (by: string) => `${a.object.toString()}[${dims.map((y, k) => (k === axis ? by : y)).join(', ')}]`;
      yield edit(at, written(n.args[0].toString()));
      yield edit(at, written(`${n.args[0].toString()} ${fn === 'add' ? '-' : '+'} ${wrap(n.args[1])}`));
    }
  }
}

/** A formula's variable renamed to another of its kind (a size for a size, a real or integer for a real). */
function* variableRenames(d: ClaimFile['declarations'], reads: readonly Visit[], edit: (at: MathNode, by: string) => Edit): Generator<Edit> {
  const kinds = [d.sizes, d.reals] as const;
  for (const { at } of reads) {
    const name = symbolOf(at);
    // (a node that is not a name is in no declaration: null is no key)
    const of = kinds.find((k) => k.has(name as string));
    if (of === undefined) continue;
    // Stryker disable next-line ConditionalExpression: a name renamed to itself is the line as it is, which `seen` holds
    for (const other of of.keys()) if (other !== name) yield edit(at, unprimed(other));
  }
}

/** mathjs's comparison → the operators a sign edit tries for it: its strictness toggled, then its direction turned. */
const COMPARISON_FLIPS: Readonly<Record<string, readonly string[]>> = {
  largerEq: ['>', '<='],
  larger: ['>=', '<'],
  smallerEq: ['<', '>='],
  smaller: ['<=', '>'],
};

/** The edits of the other kinds (a sign, a factor, a `.grad`, a term) on one site. */
function* otherEdits(file: ClaimFile, site: Site, kind: Exclude<RepairKind, 'index'>, edit: (at: MathNode, by: string) => Edit, everyRead: readonly Visit[], all: readonly Visit[]): Generator<Edit> {
  const d = file.declarations;
  const { rhs, target } = site;
  // an index expression's edits (`j + 1` → `j`) are index repairs (shiftEdits), not a sign, factor or term
  const accesses = all.map(({ at }) => access(at)).filter((a) => a !== null);
  const inIndex = new Set(accesses.flatMap((a) => a.dims).flatMap((x) => nodesOf(x).map((v) => v.at)));
  const reads = everyRead.filter(({ at }) => !inIndex.has(at));
  switch (kind) {
    case 'sign': {
      if (site.op === '+=' || site.op === '-=') {
        const flipped = site.op === '+=' ? '-=' : '+=';
        const t = show(target!);
        yield { parts: { op: flipped, rhs: rhs.toString() }, from: `${t} ${site.op}`, to: `${t} ${flipped}` };
      } else {
        // `=` where `+=` is meant (the sum over a loop letter, or a gradient from another path, lost)
        if (site.op === '=') yield { parts: { op: '+=', rhs: rhs.toString() }, from: `${show(target!)} =`, to: `${show(target!)} +=` };
        yield { parts: { rhs: `-${wrap(rhs)}` }, from: show(rhs), to: show(`-${wrap(rhs)}`) };
      }
      for (const { at } of reads) {
        const n = node(at);
        // (an operator's fn is its name; a name has none and a call's is a node, neither a comparison nor these)
        const fn = n.fn as unknown as string;
        if (fn === 'unaryMinus') yield edit(at, wrap(n.args[0]));
        // a comparison made strict or not (>= ↔ >), then turned round (>= ↔ <=): ind(x >= 0) where ind(x > 0) or ind(x <= 0) is meant
        const flips = COMPARISON_FLIPS[fn];
        if (flips) for (const op of flips) yield edit(at, `${wrap(n.args[0])} ${op} ${wrap(n.args[1])}`);
        if (fn !== 'add' && fn !== 'subtract') continue;
        const [l, r] = n.args;
        yield edit(at, `${l.toString()} ${fn === 'add' ? '-' : '+'} ${wrap(r)}`);
        yield edit(at, `-${wrap(l)} ${fn === 'add' ? '+' : '-'} ${wrap(r)}`);
      }
      return;
    }
    case 'factor': {
      // a factor of a product dropped before any multiplied in: an extra (1/B) is dropped, not cancelled by B * (…)
      for (const { at } of reads) {
        const n = node(at);
        // (an operator's fn is its name; a call's is a node, none of these)
        const fn = n.fn as unknown as string;
        if (fn === 'multiply') {
          yield edit(at, n.args[1].toString());
          yield edit(at, n.args[0].toString());
        } else if (fn === 'divide') {
          yield edit(at, n.args[0].toString());
        } else if (fn === 'pow') {
          const k = constantOf(n.args[1]);
          if (!Number.isSafeInteger(k)) continue;
          // (a negative power in parentheses, as the printer writes it: `c^(-2)`)
          for (const e of [k - 1, k + 1]) if (e !== 0) yield edit(at, e === 1 ? wrap(n.args[0]) : `${wrap(n.args[0])}^${wrap(parse(String(e)))}`);
        }
      }
      const factors = ['2', '1/2', ...[...d.sizes.keys()].flatMap((s) => [s, `1/${s}`])];
      const terms = topTerms(rhs);
      for (const term of terms.length > 1 ? [rhs, ...terms] : [rhs]) {
        for (const f of factors) {
          const by = f.startsWith('1/') ? `${wrap(term)} / ${f.slice(2)}` : `${f} * ${wrap(term)}`;
          yield edit(term, by);
        }
      }
      // last: a declared real or function value squared, its power one up from 1 (sum_i alpha_i for sum_i alpha_i^2)
      // (an operator's fn is its name; a call's is a node, never 'pow')
      const bases = new Set(reads.map(({ at }) => node(at)).filter((n) => (n.fn as unknown as string) === 'pow').map((n) => n.args[0]));
      for (const { at } of reads) {
        // (a node that is not a name is in no declaration: null is no key)
        const name = (at.type === 'FunctionNode' ? symbolOf(node(at).fn) : symbolOf(at)) as string;
        const declared = at.type === 'FunctionNode' ? d.functions.has(name) : d.reals.has(name) && !d.reals.get(name)!.interval.integer;
        if (declared && !bases.has(at)) yield edit(at, `${wrap(at)}^2`);
      }
      return;
    }
    case 'grad': {
      for (const { at } of all) {
        const a = access(at);
        if (a === null) continue;
        const dims = a.dims.map((x) => x.toString()).join(', ');
        const obj = a.object;
        const isGrad = obj.type === 'AccessorNode' && node(obj).index.dotNotation;
        const base = isGrad ? node(obj).object.toString() : obj.toString();
        if (!d.tensors.has(shownName(base))) continue;
        yield edit(at, isGrad ? `${base}[${dims}]` : `${base}.grad[${dims}]`);
      }
      return;
    }
    case 'term': {
      for (const { at } of reads) {
        const n = node(at);
        // (an operator's fn is its name, a call's a node; add and subtract have two args, unary minus is unaryMinus)
        const fn = n.fn as unknown as string;
        if (fn !== 'add' && fn !== 'subtract') continue;
        yield edit(at, n.args[0].toString());
        yield edit(at, fn === 'add' ? n.args[1].toString() : `-${wrap(n.args[1])}`);
      }
      if (target) yield { parts: null, from: show(site.render({ rhs: rhs.toString() }).trim()), to: '(statement dropped)' };
      return;
    }
  }
}
