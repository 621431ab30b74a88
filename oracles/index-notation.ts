/**
 * An interpreter for the exam's `+=` index notation, run literally: for every value of the
 * indices after `forall`, in that nesting order, evaluate the right-hand side and `+=` it into the
 * left-hand entry. It shares no code with impl/; it runs in any Ring.
 *
 *   forall b,x,y,c: L'.value[b,x,y,c] += A.value[c] * (L.value[b,x,y,c] + B.value[c])
 */
import type { Ring } from './numbers/tower.ts';

type Expr =
  | { kind: 'ref'; tensor: string; indices: string[] }
  | { kind: 'num'; value: number }
  | { kind: 'op'; op: '+' | '-' | '*'; left: Expr; right: Expr };

export interface Statement {
  readonly source: string;
  readonly loops: string[];
  readonly target: { tensor: string; indices: string[] };
  readonly rhs: Expr;
}

/** A tensor the notation reads or writes: its shape and row-major entries in some field. */
export interface FieldTensor<T> {
  shape: readonly number[];
  data: T[];
}

export class NotationError extends Error {}

const TOKEN = /\s*(forall|\+=|[A-Za-z_][A-Za-z0-9_']*(?:\.[A-Za-z_]+)?|\d+(?:\.\d+)?|[-+*(),:=[\]])/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  // until only whitespace (or nothing) is left
  while (!/^\s*$/.test(source.slice(TOKEN.lastIndex))) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new NotationError(`cannot read "${source.slice(at).trim()}" in: ${source}`);
    tokens.push(m[1]);
  }
  return tokens;
}

/** Parse one statement `forall i,j,...: T.field[i,...] += expr`. */
export function parseStatement(source: string): Statement {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (t: string) => {
    if (tokens[pos] !== t) throw new NotationError(`expected "${t}" but found "${tokens[pos] ?? 'end'}" in: ${source}`);
    pos++;
  };
  const name = () => {
    const t = tokens[pos++];
    if (!t || !/[A-Za-z_]/.test(t[0])) throw new NotationError(`expected a name but found "${t ?? 'end'}" in: ${source}`);
    return t;
  };
  const indexList = () => {
    expect('[');
    const out = [name()];
    while (peek() === ',') {
      pos++;
      out.push(name());
    }
    expect(']');
    return out;
  };
  const factor = (): Expr => {
    const t = peek();
    if (t === '(') {
      pos++;
      const e = sum();
      expect(')');
      return e;
    }
    // Stryker disable next-line StringLiteral: past the end, any string that is not a number reads the same
    if (/^\d/.test(t ?? '')) {
      pos++;
      return { kind: 'num', value: Number(t) };
    }
    const tensor = name();
    return { kind: 'ref', tensor, indices: indexList() };
  };
  const product = (): Expr => {
    let e = factor();
    while (peek() === '*') {
      pos++;
      e = { kind: 'op', op: '*', left: e, right: factor() };
    }
    return e;
  };
  const sum = (): Expr => {
    let e = product();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[pos++] as '+' | '-';
      e = { kind: 'op', op, left: e, right: product() };
    }
    return e;
  };

  expect('forall');
  const loops = [name()];
  while (peek() === ',') {
    pos++;
    loops.push(name());
  }
  expect(':');
  const target = { tensor: name(), indices: indexList() };
  expect('+=');
  const rhs = sum();
  if (pos !== tokens.length) throw new NotationError(`unexpected "${tokens[pos]}" in: ${source}`);
  const used = [...target.indices, ...refs(rhs).flatMap((r) => r.indices)];
  for (const i of used) {
    if (!loops.includes(i)) throw new NotationError(`index "${i}" is not bound by forall in: ${source}`);
  }
  return { source, loops, target, rhs };
}

function refs(e: Expr): { tensor: string; indices: string[] }[] {
  if (e.kind === 'ref') return [e];
  if (e.kind === 'num') return [];
  return [...refs(e.left), ...refs(e.right)];
}

/** Run the statements in order, literally, updating the target tensors in `env`. */
export function runNotation<T>(field: Ring<T>, statements: readonly Statement[], env: Record<string, FieldTensor<T>>): void {
  for (const s of statements) runStatement(field, compiled(s), env);
}

/**
 * A statement compiled for speed (the interpreter is an oracle that runs on every example): index
 * letters become slots of one integer array, tensor references become numbered reads.
 */
type Node = { kind: 'read'; ref: number } | { kind: 'num'; value: number } | { kind: 'op'; op: '+' | '-' | '*'; left: Node; right: Node };

interface Compiled {
  source: string;
  /** The forall's index letters; their number is the number of loop slots. */
  letters: readonly string[];
  loops: number;
  /** Each tensor reference: its name and the loop slot of each of its axes. Reference 0 is the target. */
  refs: { tensor: string; slots: number[] }[];
  rhs: Node;
}

const cache = new WeakMap<Statement, Compiled>();

/** Each statement is compiled once: a Statement does not change after parsing. */
function compiled(s: Statement): Compiled {
  return cache.get(s) ?? compile(s);
}

function compile(s: Statement): Compiled {
  const slot = (i: string) => s.loops.indexOf(i);
  const refs = [{ tensor: s.target.tensor, slots: s.target.indices.map(slot) }];
  const lower = (e: Expr): Node => {
    if (e.kind === 'num') return e;
    if (e.kind === 'op') return { kind: 'op', op: e.op, left: lower(e.left), right: lower(e.right) };
    refs.push({ tensor: e.tensor, slots: e.indices.map(slot) });
    return { kind: 'read', ref: refs.length - 1 };
  };
  const rhs = lower(s.rhs);
  const c = { source: s.source, letters: s.loops, loops: s.loops.length, refs, rhs };
  cache.set(s, c);
  return c;
}

function runStatement<T>(field: Ring<T>, c: Compiled, env: Record<string, FieldTensor<T>>): void {
  const extent = new Int32Array(c.loops).fill(-1);
  const tensors = c.refs.map((r) => {
    const t = env[r.tensor];
    if (!t) throw new NotationError(`unknown tensor "${r.tensor}" in: ${c.source}`);
    if (t.shape.length !== r.slots.length) {
      throw new NotationError(`${r.tensor} has ${t.shape.length} axes but is indexed by ${r.slots.length} indices in: ${c.source}`);
    }
    r.slots.forEach((k, axis) => {
      if (extent[k] >= 0 && extent[k] !== t.shape[axis]) {
        throw new NotationError(`index "${c.letters[k]}" ranges over ${extent[k]} and ${t.shape[axis]} in: ${c.source}`);
      }
      extent[k] = t.shape[axis];
    });
    return t;
  });
  const unused = extent.indexOf(-1);
  if (unused >= 0) throw new NotationError(`index "${c.letters[unused]}" is never used, so its range is unknown, in: ${c.source}`);
  // stride of each loop slot in each tensor (0 where the tensor does not use that index)
  const strides = c.refs.map((r, k) => {
    const st = new Int32Array(c.loops);
    let stride = 1;
    for (let axis = r.slots.length - 1; axis >= 0; axis--) {
      st[r.slots[axis]] += stride;
      stride *= tensors[k].shape[axis];
    }
    return st;
  });
  const idx = new Int32Array(c.loops);
  const offset = (ref: number) => {
    let flat = 0;
    const st = strides[ref];
    for (let k = 0; k < idx.length; k++) flat += idx[k] * st[k];
    return flat;
  };
  const consts = new Map<number, T>();
  const constant = (x: number): T => {
    const v = field.fromNumber(x);
    consts.set(x, v);
    return v;
  };
  const evaluate = (n: Node): T => {
    switch (n.kind) {
      case 'read':
        return tensors[n.ref].data[offset(n.ref)];
      case 'num':
        return consts.get(n.value) ?? constant(n.value);
      case 'op': {
        const a = evaluate(n.left);
        const b = evaluate(n.right);
        return n.op === '*' ? field.mul(a, b) : n.op === '+' ? field.add(a, b) : field.sub(a, b);
      }
    }
  };
  const target = tensors[0];
  if (extent.includes(0)) return;
  // the forall's nesting order: the last index varies fastest
  for (;;) {
    const k = offset(0);
    target.data[k] = field.add(target.data[k], evaluate(c.rhs));
    let axis = c.loops - 1;
    while (++idx[axis] === extent[axis]) {
      idx[axis] = 0;
      if (--axis < 0) return;
    }
  }
}

