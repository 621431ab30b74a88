/**
 * Row-major float64 tensors with the few numpy operations the exam's answers use.
 * Shapes are checked: a mismatch throws instead of broadcasting silently, except where
 * numpy itself broadcasts (elementwise ops over trailing axes).
 */
export type Shape = readonly number[];

export class Tensor {
  readonly size: number;
  constructor(
    readonly shape: Shape,
    readonly data: Float64Array = new Float64Array(shape.reduce((n, d) => n * d, 1)),
  ) {
    this.size = shape.reduce((n, d) => n * d, 1);
    if (data.length !== this.size) {
      throw new Error(`tensor of shape (${shape.join(',')}) needs ${this.size} values, got ${data.length}`);
    }
  }

  static zeros(shape: Shape): Tensor {
    return new Tensor(shape);
  }

  static of(shape: Shape, values: ArrayLike<number>): Tensor {
    return new Tensor(shape, Float64Array.from(values));
  }

  clone(): Tensor {
    return new Tensor(this.shape, this.data.slice());
  }
}

export const sameShape = (a: Shape, b: Shape): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

const showShape = (s: Shape): string => `(${s.join(',')})`;

/** numpy's broadcast of two shapes, aligned on their trailing axes. */
function broadcastShape(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`shapes ${showShape(a)} and ${showShape(b)} do not broadcast`);
    }
    return Math.max(da, db);
  });
}

/** For each flat index of `out`, the flat index of `t` that numpy's broadcasting reads. */
function broadcastIndex(t: Shape, out: Shape): Int32Array {
  const size = out.reduce((n, d) => n * d, 1);
  const index = new Int32Array(size);
  const strides = t.map((_, i) => t.slice(i + 1).reduce((n, d) => n * d, 1));
  const lead = out.length - t.length;
  // Stryker disable next-line EqualityOperator: a write past the end of a typed array is dropped
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let j = 0;
    for (let axis = out.length - 1; axis >= 0; axis--) {
      const k = rest % out[axis];
      rest = (rest - k) / out[axis];
      const ta = axis - lead;
      if (ta >= 0 && t[ta] !== 1) j += k * strides[ta];
    }
    index[flat] = j;
  }
  return index;
}

/** Whether t's shape is the last axes of `shape` (all of them, or a trailing part). */
// Stryker disable next-line all: a fast path; without it the general path gives the same values
const isTrailing = (t: Shape, shape: Shape): boolean => sameShape(t, shape.slice(shape.length - t.length));

function elementwise(a: Tensor, b: Tensor, op: (x: number, y: number) => number): Tensor {
  const shape = broadcastShape(a.shape, b.shape);
  const size = shape.reduce((n, d) => n * d, 1);
  // Stryker disable next-line ConditionalExpression,BlockStatement: a fast path; without it the general path gives the same values
  if (isTrailing(a.shape, shape) && isTrailing(b.shape, shape)) {
    // the usual cases, equal shapes or A.value[c] against L.value[b,x,y,c]: an operand over the last axes repeats
    const [out, x, y] = [new Float64Array(size), a.data, b.data];
    // Stryker disable next-line EqualityOperator: a write past the end of a typed array is dropped
    for (let i = 0, ia = 0, ib = 0; i < size; i++) {
      out[i] = op(x[ia], y[ib]);
      if (++ia === x.length) ia = 0;
      if (++ib === y.length) ib = 0;
    }
    return new Tensor(shape, out);
  }
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const out = new Float64Array(ia.length);
  // Stryker disable next-line EqualityOperator: a write past the end of a typed array is dropped
  for (let i = 0; i < out.length; i++) out[i] = op(a.data[ia[i]], b.data[ib[i]]);
  return new Tensor(shape, out);
}

export const add = (a: Tensor, b: Tensor): Tensor => elementwise(a, b, (x, y) => x + y);
export const mul = (a: Tensor, b: Tensor): Tensor => elementwise(a, b, (x, y) => x * y);
export const scale = (a: Tensor, s: number): Tensor => new Tensor(a.shape, a.data.map((x) => x * s));

/** numpy's `t.sum(axis=axes)`: the listed axes are summed away, in index order. */
export function sumAxes(t: Tensor, axes: readonly number[]): Tensor {
  const keep = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = keep.map((i) => t.shape[i]);
  const out = new Tensor(outShape);
  // Stryker disable next-line ConditionalExpression,ArrowFunction,BlockStatement: a fast path; without it the general path gives the same values
  if (axes.every((axis, i) => axis === i)) {
    // the usual case, the leading axes summed away (.sum(axis=(0,1,2)) over (B,H,W,C)): entry i goes to i mod C
    for (let flat = 0, j = 0; flat < t.size; flat++) {
      out.data[j] += t.data[flat];
      if (++j === out.size) j = 0;
    }
    return out;
  }
  const outStrides = t.shape.map((_, axis) => {
    const pos = keep.indexOf(axis);
    return pos < 0 ? 0 : outShape.slice(pos + 1).reduce((n, d) => n * d, 1);
  });
  for (let flat = 0; flat < t.size; flat++) {
    let rest = flat;
    let j = 0;
    for (let axis = t.shape.length - 1; axis >= 0; axis--) {
      const k = rest % t.shape[axis];
      rest = (rest - k) / t.shape[axis];
      j += k * outStrides[axis];
    }
    out.data[j] += t.data[flat];
  }
  return out;
}

/** numpy's `target += t` where target is a gradient buffer: shapes must match exactly. */
export function addInto(target: Tensor, t: Tensor): void {
  if (!sameShape(target.shape, t.shape)) {
    throw new Error(`cannot add a ${showShape(t.shape)} tensor into a ${showShape(target.shape)} gradient`);
  }
  // Stryker disable next-line EqualityOperator: a write past the end of a typed array is dropped
  for (let i = 0; i < t.size; i++) target.data[i] += t.data[i];
}
