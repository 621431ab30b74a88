/**
 * The compiler's float64 back end, for checks at scale (oracles/checks/gradient.ts): a `+=`
 * program becomes closures over Float64Arrays, every value carried with a running bound on its
 * distance from the exact value (Higham, Accuracy and Stability of Numerical Algorithms, §3.3; the
 * rules of oracles/numbers/error-bound.ts's float64WithError, written out on registers so that a
 * run allocates nothing per entry). A program compiles once; a run walks no syntax tree.
 *
 * Two runs: `run` executes the statements in order (each tensor a value array and an error array);
 * `reverse` then carries adjoints from the tensors' entries back through the statements, last
 * first (reverse-mode differentiation, Griewank & Walther ch. 3), each adjoint with its own bound,
 * so one pass gives the gradient of Σ adjoint · entry in every input entry. The reverse pass
 * recomputes each statement's right-hand side from the tensors as the forward run left them,
 * which is sound because a program compiled here reads no tensor that the same or a later
 * statement writes (otherwise: Float64Unsupported).
 *
 * Rounding, per operation with result v (normal: a result outside float64's normal range, or a
 * nonzero product or quotient rounded to 0, throws LeftFloat64):
 *   a ± b   e_a + e_b + |a + b − v|         (TwoSum's residual, exact: sumError)
 *   a · b   |a|e_b + |b|e_a + e_a·e_b + |ab − v|   (Dekker's residual, exact; else u|v|)
 *   a / b   (e_a|b| + |a|e_b) / (|b|(|b| − e_b)) + u|v|, e_b < |b| (else LeftFloat64)
 *   a += x  compensated: hi + lo, TwoSum, the residual of lo's own sum (accumulate)
 *   exp a   |v|(e^{e_a} − 1)(1 + 2^-45) + 8u|v|
 *   ln a    e_a / (a − e_a) · (1 + 2^-45) + 8u|v|, e_a < a (else LeftFloat64)
 *   tanh a  e_a + 8u|v|                     (|tanh′| ≤ 1)
 * with u = 2^-53 and each bound widened by 2^-49 for its own rounding (error-bound.ts). 8u|v| is
 * four ulps of v: V8's Math.exp, Math.log and Math.tanh are fdlibm's (V8's base/ieee754.cc),
 * whose sources state errors below 1 ulp for exp and log (e_exp.c, e_log.c) and build tanh on
 * expm1 (below 1 ulp, s_expm1.c) with a few roundings after; four ulps covers them with room.
 * Constants: the decimal as the exact path reads it (compile.ts's decimalFraction: 0.1 is 1/10),
 * as the nearest double and a bound on its distance (error-bound.ts's fromRational): 0 where the
 * double is that decimal (integers, 0.25).
 */
import type { MathNode } from '../mathjs.ts';
import { NotationError } from './errors.ts';
import { float64WithError } from '../numbers/error-bound.ts';
import { accessOf, constantOf, N as node, symbolOf } from './names.ts';
import type { ClaimFile, Program, Statement } from './syntax.ts';
import { decimalFraction, indexOperator, tensorShape } from './compile.ts';

/**
 * A tensor in float64 with a bound on each entry's distance from the exact value; row-major. With
 * `rest`, each entry is value + rest (a compensated sum, see accumulate), left unfolded by a run:
 * a caller that subtracts what the entry held before keeps the digits a fold into one double
 * would round away (a small gradient added into a .grad that held 2).
 */
export interface RoundedTensor {
  readonly shape: readonly number[];
  readonly value: Float64Array;
  readonly error: Float64Array;
  readonly rest?: Float64Array;
}

/** A program compiled for float64 with running error bounds. */
export interface Float64Program {
  /** The tensors it reads and writes (`T`, `T.grad`). */
  readonly reads: ReadonlySet<string>;
  readonly writes: ReadonlySet<string>;
  /**
   * Runs the statements in order on `tensors` (by name; a tensor a statement writes and the map
   * lacks is created at 0). Throws LeftFloat64 where a value leaves the normal range or a divisor
   * may be 0, NotationError where an index leaves its axis.
   */
  run(sizes: Readonly<Record<string, number>>, tensors: Map<string, RoundedTensor>): void;
  /**
   * After `run` on the same tensors: adds into `adjoints` (by name, created at 0 where missing)
   * d(Σ adjoint · entry)/d entry for every tensor the program reads, through every statement,
   * last first. A write with `=` passes its entry's adjoint to its right-hand side and zeroes it.
   */
  reverse(sizes: Readonly<Record<string, number>>, tensors: ReadonlyMap<string, RoundedTensor>, adjoints: Map<string, RoundedTensor>): void;
}

/** The program uses what this back end does not compile (see compileFloat64): the check stays exact. */
export class Float64Unsupported extends Error {}
/** A value left float64's normal range, or a divisor's bound holds 0: this run says nothing. */
export class LeftFloat64 extends Error {}

const U = 2 ** -53;
const up = (x: number): number => x * (1 + 2 ** -49);
/** Four ulps of v: the libm functions' allowance (module comment). */
const LIBM = 8 * U;
const WIDE = 1 + 2 ** -45;

function normal(v: number): number {
  const a = Math.abs(v);
  if (!(a <= Number.MAX_VALUE) || (a !== 0 && a < 2 ** -1022)) throw new LeftFloat64(`float64 left the normal range: ${v}`);
  return v;
}

/** The error bound of the last result of add/mul/div below (a register, so no result object is made). */
let err = 0;
/**
 * |x + y − fl(x + y)|, exactly: TwoSum's residual (Knuth, TAOCP vol. 2 §4.2.2), exact wherever the
 * sum does not overflow. So a sum that rounds nothing (integers, short dyadics) adds no error.
 */
export function sumError(x: number, y: number, v: number): number {
  const bb = v - x;
  return Math.abs(x - (v - bb) + (y - bb));
}

/** Veltkamp's splitting constant, 2^27 + 1. */
const SPLIT = 134217729;

/**
 * |x·y − v| for v = fl(x·y): Dekker's TwoProduct residual (Dekker 1971), exact where the split
 * cannot overflow (|x|, |y| ≤ 2^995) and the residual cannot underflow (|v| ≥ 2^-969); elsewhere
 * u|v|, the rounding bound. A product that rounds nothing adds no error.
 */
function productError(x: number, y: number, v: number): number {
  const av = Math.abs(v);
  if (Math.abs(x) > 2 ** 995 || Math.abs(y) > 2 ** 995 || av < 2 ** -969) return U * av;
  let c = SPLIT * x;
  const xh = c - (c - x);
  const xl = x - xh;
  c = SPLIT * y;
  const yh = c - (c - y);
  const yl = y - yh;
  return Math.abs(xh * yh - v + xh * yl + xl * yh + xl * yl);
}

function add(x: number, ex: number, y: number, ey: number): number {
  const v = normal(x + y);
  err = up(ex + ey + sumError(x, y, v));
  return v;
}
function mul(x: number, ex: number, y: number, ey: number): number {
  const v = normal(x * y);
  if (v === 0 && x !== 0 && y !== 0) throw new LeftFloat64(`${x}·${y} underflowed to 0`);
  err = up(Math.abs(x) * ey + Math.abs(y) * ex + ex * ey + productError(x, y, v));
  return v;
}
/**
 * hi + lo += x (x within ex of its exact value), compensated: TwoSum (Knuth, TAOCP vol. 2 §4.2.2)
 * splits hi + x into s + t exactly, and only lo + t rounds, by its own TwoSum residual, ≪ u|hi|. So
 * a `+=` over n terms stays near u relative where the running bound of a plain sum,
 * u·Σ|partial sums|, grows like n·u. Updates the entry's bound `er` in place.
 */
function accumulate(hi: Float64Array, lo: Float64Array, er: Float64Array, off: number, x: number, ex: number): void {
  const a = hi[off];
  const s = normal(a + x);
  const bb = s - a;
  const t = a - (s - bb) + (x - bb);
  const old = lo[off];
  const l = old + t;
  hi[off] = s;
  lo[off] = l;
  er[off] = up(er[off] + ex + sumError(old, t, l));
}

/** An accumulated entry as one double: hi + lo, rounded once (u|v| more) unless lo is 0; its bound in `err`. */
function folded(hi: Float64Array, lo: Float64Array, er: Float64Array, off: number): number {
  const l = lo[off];
  if (l === 0) {
    err = er[off];
    return hi[off];
  }
  const v = normal(hi[off] + l);
  err = up(er[off] + sumError(hi[off], l, v));
  return v;
}

function div(x: number, ex: number, y: number, ey: number): number {
  const den = Math.abs(y) * (Math.abs(y) - ey);
  if (!(den > 0)) throw new LeftFloat64(`division by ${y} ± ${ey}: the divisor may be 0`);
  const v = normal(x / y);
  if (v === 0 && x !== 0) throw new LeftFloat64(`${x}/${y} underflowed to 0`);
  err = up((ex * Math.abs(y) + Math.abs(x) * ey) / den + U * Math.abs(v));
  return v;
}

/** What closures read while they run: index slots, registers (value, error, adjoint, its error), tensors by slot. */
interface Frame {
  readonly idx: Int32Array;
  readonly sizes: Readonly<Record<string, number>>;
  readonly v: Float64Array;
  readonly e: Float64Array;
  readonly g: Float64Array;
  readonly ge: Float64Array;
  readonly tv: Float64Array[];
  readonly te: Float64Array[];
  /** Compensation terms of the tensors' entries (accumulate), folded in when a run ends. */
  readonly tl: Float64Array[];
  readonly shapes: (readonly number[])[];
  /** Adjoints by tensor slot (reverse only). */
  readonly av: Float64Array[];
  readonly ae: Float64Array[];
  readonly al: Float64Array[];
}

/** A compiled value: `fwd` leaves it in register r (value v[r], bound e[r]); `back`, right after fwd, sends the adjoint in g[r] (bound ge[r]) to its operands. */
interface Value {
  readonly r: number;
  fwd(f: Frame): void;
  back(f: Frame): void;
}
type Int = (f: Frame) => number;

const unsupported = (file: ClaimFile, line: number, what: string): never => {
  throw new Float64Unsupported(`${file.file}:${line}: ${what} is not compiled for float64`);
};

class Unit {
  registers = 0;
  readonly tensorSlots = new Map<string, number>();
  readonly slots: ReadonlyMap<string, number>;
  /** The tensors the statement being compiled reads. */
  reads = new Set<string>();
  line = 0;

  constructor(readonly file: ClaimFile) {
    this.slots = new Map([...file.declarations.indices.keys()].map((name, k) => [name, k]));
  }

  no(what: string): never {
    return unsupported(this.file, this.line, what);
  }

  tensorSlot(name: string): number {
    if (!this.tensorSlots.has(name)) this.tensorSlots.set(name, this.tensorSlots.size);
    return this.tensorSlots.get(name)!;
  }

  /** A value with no operands and no error (an index's value, a size). */
  leaf(get: (f: Frame) => number): Value {
    const r = this.registers++;
    return {
      r,
      fwd: (f) => {
        f.v[r] = get(f);
        f.e[r] = 0;
      },
      back: () => {},
    };
  }

  /** A constant c within `error` of the value written. */
  constant(c: number, error: number): Value {
    const r = this.registers++;
    return {
      r,
      fwd: (f) => {
        f.v[r] = c;
        f.e[r] = error;
      },
      back: () => {},
    };
  }

  value(m: MathNode): Value {
    const n = node(m);
    const name = symbolOf(m);
    const d = this.file.declarations;
    if (name !== null) {
      if (d.indices.has(name)) {
        const s = this.slots.get(name)!;
        return this.leaf((f) => f.idx[s]);
      }
      if (d.sizes.has(name)) return this.leaf((f) => f.sizes[name]);
      return this.no(`the name ${name}`);
    }
    switch (m.type) {
      case 'ConstantNode': {
        const c = n.value as number;
        if (typeof c !== 'number' || !Number.isFinite(c)) return this.no(`the constant ${String(c)}`);
        // the decimal as the exact path reads it (0.1 is 1/10), as the nearest double and its distance
        const { value, error } = float64WithError.fromRational(decimalFraction(c, (problem) => this.no(problem)));
        return this.constant(value, error);
      }
      case 'ParenthesisNode':
        return this.value(n.content);
      case 'OperatorNode':
        return this.operator(m);
      case 'FunctionNode':
        return this.call(m);
      case 'AccessorNode':
        return this.read(m);
    }
    return this.no(`"${m.toString()}"`);
  }

  private operator(m: MathNode): Value {
    const n = node(m);
    const fn = n.fn as unknown as string;
    if (fn === 'pow') {
      const k = constantOf(n.args[1]);
      if (!Number.isSafeInteger(k) || Math.abs(k) > 64) return this.no(`the power ${n.args[1].toString()}`);
      const one = () => this.constant(1, 0);
      if (k === 0) return one();
      // repeated products of one compiled base: its reverse rule runs once per factor, as the product rule says
      const base = this.value(n.args[0]);
      let p = base;
      for (let i = 1; i < Math.abs(k); i++) p = this.binary('multiply', p, base);
      return k < 0 ? this.binary('divide', one(), p) : p;
    }
    if (fn === 'unaryPlus') return this.value(n.args[0]);
    if (fn === 'unaryMinus') {
      const a = this.value(n.args[0]);
      const r = this.registers++;
      return {
        r,
        fwd: (f) => {
          a.fwd(f);
          f.v[r] = -f.v[a.r];
          f.e[r] = f.e[a.r];
        },
        back: (f) => {
          f.g[a.r] = -f.g[r];
          f.ge[a.r] = f.ge[r];
          a.back(f);
        },
      };
    }
    if (!['add', 'subtract', 'multiply', 'divide'].includes(fn)) return this.no(`the operator ${n.op}`);
    return this.binary(fn, this.value(n.args[0]), this.value(n.args[1]));
  }

  /** a ∘ b and its reverse rule: ∂(a ± b) = (1, ±1), ∂(ab) = (b, a), ∂(a/b) = (1/b, −(a/b)/b). */
  private binary(fn: string, a: Value, b: Value): Value {
    const r = this.registers++;
    const [ar, br] = [a.r, b.r];
    const send = (f: Frame, to: Value) => {
      f.ge[to.r] = err;
      to.back(f);
    };
    switch (fn) {
      case 'add':
      case 'subtract': {
        const sign = fn === 'add' ? 1 : -1;
        return {
          r,
          fwd: (f) => {
            a.fwd(f);
            b.fwd(f);
            f.v[r] = add(f.v[ar], f.e[ar], sign * f.v[br], f.e[br]);
            f.e[r] = err;
          },
          back: (f) => {
            f.g[ar] = f.g[r];
            f.ge[ar] = f.ge[r];
            a.back(f);
            f.g[br] = sign * f.g[r];
            f.ge[br] = f.ge[r];
            b.back(f);
          },
        };
      }
      case 'multiply':
        return {
          r,
          fwd: (f) => {
            a.fwd(f);
            b.fwd(f);
            f.v[r] = mul(f.v[ar], f.e[ar], f.v[br], f.e[br]);
            f.e[r] = err;
          },
          back: (f) => {
            const g = f.g[r];
            const ge = f.ge[r];
            f.g[ar] = mul(g, ge, f.v[br], f.e[br]);
            send(f, a);
            f.g[br] = mul(g, ge, f.v[ar], f.e[ar]);
            send(f, b);
          },
        };
      default:
        return {
          r,
          fwd: (f) => {
            a.fwd(f);
            b.fwd(f);
            f.v[r] = div(f.v[ar], f.e[ar], f.v[br], f.e[br]);
            f.e[r] = err;
          },
          back: (f) => {
            const g = f.g[r];
            const ge = f.ge[r];
            f.g[ar] = div(g, ge, f.v[br], f.e[br]);
            send(f, a);
            const gq = mul(g, ge, f.v[r], f.e[r]);
            f.g[br] = -div(gq, err, f.v[br], f.e[br]);
            send(f, b);
          },
        };
    }
  }

  private call(m: MathNode): Value {
    const n = node(m);
    const fname = symbolOf(n.fn)!;
    if (this.file.declarations.functions.has(fname)) return this.no(`the function ${fname}`);
    if (fname === 'sum') return this.sum(symbolOf(n.args[0])!, n.args[1]);
    const unary: Record<string, (x: number, ex: number) => number> = { exp: expRounded, ln: logRounded, log: logRounded, tanh: tanhRounded };
    const fn = unary[fname];
    if (!fn) return this.no(`${fname}(...)`);
    const a = this.value(n.args[0]);
    const r = this.registers++;
    const ar = a.r;
    return {
      r,
      fwd: (f) => {
        a.fwd(f);
        f.v[r] = fn(f.v[ar], f.e[ar]);
        f.e[r] = err;
      },
      back: (f) => {
        const g = f.g[r];
        const ge = f.ge[r];
        if (fname === 'exp') {
          // exp′ = exp
          f.g[ar] = mul(g, ge, f.v[r], f.e[r]);
        } else if (fname === 'tanh') {
          // tanh′ = 1 − tanh²
          const t2 = mul(f.v[r], f.e[r], f.v[r], f.e[r]);
          const d = add(1, 0, -t2, err);
          f.g[ar] = mul(g, ge, d, err);
        } else {
          // ln′(x) = 1/x
          f.g[ar] = div(g, ge, f.v[ar], f.e[ar]);
        }
        f.ge[ar] = err;
        a.back(f);
      },
    };
  }

  /** Σ over a letter: the body once per value, summed compensated (accumulate); its reverse runs the body again at each value, then its back. */
  private sum(letter: string, body: MathNode): Value {
    const s = this.slots.get(letter)!;
    const count = this.range(letter);
    const b = this.value(body);
    const r = this.registers++;
    const br = b.r;
    // the running sum's scratch, this node's own (a node's evaluation never re-enters itself)
    const [hi, lo, er] = [new Float64Array(1), new Float64Array(1), new Float64Array(1)];
    return {
      r,
      fwd: (f) => {
        const outer = f.idx[s];
        const n = count(f);
        hi[0] = lo[0] = er[0] = 0;
        for (let k = 1; k <= n; k++) {
          f.idx[s] = k;
          b.fwd(f);
          accumulate(hi, lo, er, 0, f.v[br], f.e[br]);
        }
        f.idx[s] = outer;
        f.v[r] = folded(hi, lo, er, 0);
        f.e[r] = err;
      },
      back: (f) => {
        const outer = f.idx[s];
        const n = count(f);
        for (let k = 1; k <= n; k++) {
          f.idx[s] = k;
          b.fwd(f);
          f.g[br] = f.g[r];
          f.ge[br] = f.ge[r];
          b.back(f);
        }
        f.idx[s] = outer;
      },
    };
  }

  /** A tensor entry; its reverse adds the adjoint into the tensor's adjoint there. */
  private read(m: MathNode): Value {
    const a = accessOf(m);
    if (a === null || !this.file.declarations.tensors.has(a.tensor)) return this.no(`"${m.toString()}"`);
    const offset = this.offset(m);
    const name = a.grad ? `${a.tensor}.grad` : a.tensor;
    const t = this.tensorSlot(name);
    this.reads.add(name);
    const r = this.registers++;
    return {
      r,
      fwd: (f) => {
        f.v[r] = folded(f.tv[t], f.tl[t], f.te[t], offset(f));
        f.e[r] = err;
      },
      back: (f) => accumulate(f.av[t], f.al[t], f.ae[t], offset(f), f.g[r], f.ge[r]),
    };
  }

  /** The row-major offset of T[i, j], each index checked against its axis at run time. */
  offset(m: MathNode): Int {
    const n = node(m);
    const a = accessOf(m)!;
    const name = a.grad ? `${a.tensor}.grad` : a.tensor;
    const t = this.tensorSlot(name);
    const dims = n.index.dimensions;
    const where = `${this.file.file}:${this.line}`;
    const outside = (v: number, axis: number, extent: number) => new NotationError(`${where}: index ${v} is outside 1..${extent} (axis ${axis + 1} of ${name})`);
    const letters = dims.map((x) => this.slots.get(symbolOf(x) ?? ''));
    if (letters.every((k) => k !== undefined)) {
      // every index a letter (the common case): read the slots directly, no closure per axis
      const slots = Int32Array.from(letters as number[]);
      return (f) => {
        const shape = f.shapes[t];
        let off = 0;
        for (let axis = 0; axis < slots.length; axis++) {
          const v = f.idx[slots[axis]];
          if (v < 1 || v > shape[axis]) throw outside(v, axis, shape[axis]);
          off = off * shape[axis] + (v - 1);
        }
        return off;
      };
    }
    const ks = dims.map((x) => this.index(x));
    return (f) => {
      const shape = f.shapes[t];
      let off = 0;
      for (let axis = 0; axis < ks.length; axis++) {
        const v = ks[axis](f);
        if (v < 1 || v > shape[axis]) throw outside(v, axis, shape[axis]);
        off = off * shape[axis] + (v - 1);
      }
      return off;
    };
  }

  /** An index expression: letters, sizes, integers, + − ×. */
  index(m: MathNode): Int {
    const n = node(m);
    const name = symbolOf(m);
    const d = this.file.declarations;
    if (name !== null) {
      if (d.indices.has(name)) {
        const s = this.slots.get(name)!;
        return (f) => f.idx[s];
      }
      if (d.sizes.has(name)) return (f) => f.sizes[name];
      return this.no(`the index ${name}`);
    }
    if (m.type === 'ConstantNode' && Number.isSafeInteger(n.value)) {
      const c = n.value as number;
      return () => c;
    }
    if (m.type === 'ParenthesisNode') return this.index(n.content);
    if (m.type === 'OperatorNode') {
      const op = indexOperator(n.fn as unknown as string, n.args.map((x) => this.index(x)));
      if (op) return op;
    }
    return this.no(`the index expression ${m.toString()}`);
  }

  /** The extent of a letter's range, from its declaration. */
  range(letter: string): Int {
    const decl = this.file.declarations.indices.get(letter)!;
    const saved = this.line;
    this.line = decl.line;
    const r = this.index(decl.range.node);
    this.line = saved;
    return r;
  }
}

function expRounded(x: number, ex: number): number {
  const v = normal(Math.exp(x));
  err = up(Math.abs(v) * Math.expm1(ex) * WIDE + LIBM * Math.abs(v));
  return v;
}
function logRounded(x: number, ex: number): number {
  if (!(x - ex > 0)) throw new LeftFloat64(`ln of ${x} ± ${ex}: the argument may be ≤ 0`);
  const v = Math.log(x);
  err = up((ex / (x - ex)) * WIDE + LIBM * Math.abs(v));
  return v;
}
function tanhRounded(x: number, ex: number): number {
  const v = Math.tanh(x);
  err = up(ex + LIBM * Math.abs(v));
  return v;
}

/** One statement: its forward (loops in order) and its reverse (loops in reverse order, each entry's adjoint sent to the right-hand side). */
function compileStatement(unit: Unit, st: Statement): { fwd: (f: Frame) => void; rev: (f: Frame) => void } {
  unit.line = st.line;
  const rhs = unit.value(st.rhs);
  const target = unit.offset(st.target.node);
  const t = unit.tensorSlot(st.target.grad ? `${st.target.tensor}.grad` : st.target.tensor);
  const r = rhs.r;
  const sign = st.op === '-=' ? -1 : 1;
  const overwrite = st.op === '=';
  const fwd = (f: Frame) => {
    rhs.fwd(f);
    const off = target(f);
    if (overwrite) {
      f.tv[t][off] = f.v[r];
      f.te[t][off] = f.e[r];
      f.tl[t][off] = 0;
    } else {
      accumulate(f.tv[t], f.tl[t], f.te[t], off, sign * f.v[r], f.e[r]);
    }
  };
  const rev = (f: Frame) => {
    const off = target(f);
    const g = folded(f.av[t], f.al[t], f.ae[t], off);
    const ge = err;
    // the entry's value before an `=` reaches nothing after it
    if (overwrite) f.av[t][off] = f.ae[t][off] = f.al[t][off] = 0;
    if (g === 0 && ge === 0) return;
    rhs.fwd(f);
    f.g[r] = sign * g;
    f.ge[r] = ge;
    rhs.back(f);
  };
  const loops = (body: (f: Frame) => void, reversed: boolean) =>
    st.loops.reduceRight<(f: Frame) => void>((inner, letter) => {
      const s = unit.slots.get(letter)!;
      const count = unit.range(letter);
      return reversed
        ? (f) => {
            for (let k = count(f); k >= 1; k--) {
              f.idx[s] = k;
              inner(f);
            }
            f.idx[s] = 0;
          }
        : (f) => {
            const n = count(f);
            for (let k = 1; k <= n; k++) {
              f.idx[s] = k;
              inner(f);
            }
            f.idx[s] = 0;
          };
    }, body);
  return { fwd: loops(fwd, false), rev: loops(rev, true) };
}

const zeros = (shape: readonly number[]): RoundedTensor => {
  const n = shape.reduce((p, x) => p * x, 1);
  return { shape, value: new Float64Array(n), error: new Float64Array(n) };
};

/**
 * Compile a program for float64 with running error bounds. Compiles + − × ÷, whole constant
 * powers up to ±64, exp, ln, tanh, Σ, constants, index values, sizes and tensor entries indexed by
 * letters, sizes and integers with + − ×; throws Float64Unsupported for anything else (reals,
 * definitions, declared functions, relu, max, gathers…) and for a statement that reads a tensor
 * it or a later statement writes (the reverse pass recomputes from final values).
 */
export function compileFloat64(file: ClaimFile, program: Program): Float64Program {
  const unit = new Unit(file);
  const reads = new Set<string>();
  const writes = new Set<string>();
  const statements = program.statements.map((st) => {
    unit.reads = new Set();
    const compiled = compileStatement(unit, st);
    const target = st.target.grad ? `${st.target.tensor}.grad` : st.target.tensor;
    const read = unit.reads;
    for (const name of read) reads.add(name);
    writes.add(target);
    return { ...compiled, read, target, line: st.line };
  });
  statements.forEach((st, k) => {
    for (const name of st.read) {
      const later = statements.slice(k).find((w) => w.target === name);
      if (later) unsupported(file, st.line, `reading ${name}, which line ${later.line} writes at or after it,`);
    }
  });
  const names = [...unit.tensorSlots.keys()];
  const frameOf = (sizes: Readonly<Record<string, number>>, tensors: ReadonlyMap<string, RoundedTensor>, adjoints: Map<string, RoundedTensor> | null): Frame => {
    const all = names.map((name) => tensors.get(name)!);
    const adj = names.map((name, k) => {
      if (adjoints === null) return all[k];
      if (!adjoints.has(name)) adjoints.set(name, zeros(all[k].shape));
      return adjoints.get(name)!;
    });
    const n = unit.registers;
    return {
      idx: new Int32Array(unit.slots.size),
      sizes,
      v: new Float64Array(n),
      e: new Float64Array(n),
      g: new Float64Array(n),
      ge: new Float64Array(n),
      tv: all.map((t) => t.value),
      te: all.map((t) => t.error),
      tl: all.map((t) => t.rest ?? new Float64Array(t.value.length)),
      shapes: all.map((t) => t.shape),
      av: adj.map((t) => t.value),
      ae: adj.map((t) => t.error),
      al: adj.map((t) => new Float64Array(adjoints === null ? 0 : t.value.length)),
    };
  };
  /** Each entry's compensation folded into its value and bound, as the run leaves them. */
  const fold = (value: Float64Array[], lo: Float64Array[], error: Float64Array[]) =>
    lo.forEach((l, k) => {
      for (let i = 0; i < l.length; i++) {
        if (l[i] === 0) continue;
        value[k][i] = folded(value[k], l, error[k], i);
        error[k][i] = err;
        l[i] = 0;
      }
    });
  return {
    reads,
    writes,
    run(sizes, tensors) {
      for (const name of names) {
        const shape = tensorShape(file, name.replace(/\.grad$/, ''), sizes);
        const t = tensors.get(name);
        if (t === undefined) {
          if (!writes.has(name)) throw new NotationError(`${file.file}:${program.line}: program ${program.name} reads ${name}, which the run does not give`);
          tensors.set(name, zeros(shape));
        } else if (t.shape.join() !== shape.join()) {
          throw new NotationError(`${file.file}:${program.line}: ${name} has shape [${t.shape.join(', ')}] where its declaration gives [${shape.join(', ')}]`);
        }
      }
      const f = frameOf(sizes, tensors, null);
      for (const st of statements) st.fwd(f);
      const folding = names.map((name) => tensors.get(name)!.rest === undefined);
      fold(
        f.tv.filter((_, k) => folding[k]),
        f.tl.filter((_, k) => folding[k]),
        f.te.filter((_, k) => folding[k]),
      );
    },
    reverse(sizes, tensors, adjoints) {
      const f = frameOf(sizes, tensors, adjoints);
      for (let k = statements.length - 1; k >= 0; k--) statements[k].rev(f);
      fold(f.av, f.al, f.ae);
    },
  };
}
