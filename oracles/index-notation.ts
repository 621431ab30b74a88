/**
 * An interpreter for the exam's `+=` index notation, run literally: for every value of the
 * indices after `forall`, in that nesting order, evaluate the right-hand side and `+=` it into the
 * left-hand entry. It shares no code with impl/; it runs in any Field.
 *
 *   forall b,x,y,c: L'.value[b,x,y,c] += A.value[c] * (L.value[b,x,y,c] + B.value[c])
 */
import type { Field } from './field.ts';

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
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
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
    if (!t || !/^[A-Za-z_]/.test(t)) throw new NotationError(`expected a name but found "${t ?? 'end'}" in: ${source}`);
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
    if (t !== undefined && /^\d/.test(t)) {
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
export function runNotation<T>(field: Field<T>, statements: readonly Statement[], env: Record<string, FieldTensor<T>>): void {
  for (const s of statements) runStatement(field, s, env);
}

function runStatement<T>(field: Field<T>, s: Statement, env: Record<string, FieldTensor<T>>): void {
  const extent = new Map<string, number>();
  const lookup = (r: { tensor: string; indices: string[] }) => {
    const t = env[r.tensor];
    if (!t) throw new NotationError(`unknown tensor "${r.tensor}" in: ${s.source}`);
    if (t.shape.length !== r.indices.length) {
      throw new NotationError(`${r.tensor} has ${t.shape.length} axes but is indexed by [${r.indices}] in: ${s.source}`);
    }
    r.indices.forEach((i, axis) => {
      const known = extent.get(i);
      if (known !== undefined && known !== t.shape[axis]) {
        throw new NotationError(`index "${i}" ranges over ${known} and ${t.shape[axis]} in: ${s.source}`);
      }
      extent.set(i, t.shape[axis]);
    });
    return t;
  };
  const at = new Map<string, number>(s.loops.map((i) => [i, 0]));
  const offset = (t: FieldTensor<T>, indices: string[]) => {
    let flat = 0;
    indices.forEach((i, axis) => (flat = flat * t.shape[axis] + at.get(i)!));
    return flat;
  };
  const compile = (e: Expr): (() => T) => {
    if (e.kind === 'num') {
      const v = field.fromNumber(e.value);
      return () => v;
    }
    if (e.kind === 'ref') {
      const t = lookup(e);
      return () => t.data[offset(t, e.indices)];
    }
    const left = compile(e.left);
    const right = compile(e.right);
    const op = e.op === '+' ? field.add : e.op === '-' ? field.sub : field.mul;
    return () => op(left(), right());
  };
  const target = lookup(s.target);
  const rhs = compile(s.rhs);
  for (const i of s.loops) {
    if (!extent.has(i)) throw new NotationError(`index "${i}" is never used, so its range is unknown, in: ${s.source}`);
  }
  const loop = (depth: number): void => {
    if (depth === s.loops.length) {
      const k = offset(target, s.target.indices);
      target.data[k] = field.add(target.data[k], rhs());
      return;
    }
    const i = s.loops[depth];
    for (let v = 0; v < extent.get(i)!; v++) {
      at.set(i, v);
      loop(depth + 1);
    }
  };
  loop(0);
}
