/**
 * The half of each candidate interface that runs in the candidate's process (cli/candidate-host.ts,
 * DESIGN: the answer is computed in one process and judged in another). Given the module's export
 * and a request of plain values — fresh copies, nothing the checker holds — it calls the export
 * and returns what the export computed, as plain values. Nothing here decides anything: the module
 * may have patched every global this code uses, so the checker's process validates each reply's
 * shape and size and judges it (each interface's `remote`, in properties/p*.ts).
 */
import { Complex } from 'complex.js';
import { gradient } from '../impl/autodiff.ts';
import { Leaf } from '../impl/edf.ts';
import { Tensor } from '../impl/tensor.ts';
import { complex } from '../oracles/numbers/complex.ts';
import { lossOf, type Expr } from './arbitraries/loss.ts';

/**
 * How the candidate's process calls an export:
 * - `function`: `f(...args)`, args and result plain values;
 * - `simplenorm`: a node class `new C(L, A, B)` with forward() and backward(), as in impl/edf.ts;
 * - `hvp`: `hvp(grad, theta, dtheta)` where grad(at) is Θ.grad of a loss in complex arithmetic;
 * - `gradient`: `grad(at)`, the module's own gradient code at complex parameters (complex.js
 *   Complex values in, Complex or `{ re, im }` values out), sent and returned as [re, im] pairs;
 * - `optimizer`: an object with `init(theta0, hyper)` and `step(state, grad)`, each returning a
 *   state (plain data holding `theta`), called by name: `{ method, args }`.
 */
export type Protocol = 'function' | 'simplenorm' | 'hvp' | 'gradient' | 'optimizer';

export interface OptimizerRequest {
  readonly method: 'init' | 'step';
  readonly args: readonly unknown[];
}

/** SimpleNorm's inputs, as plain values: L is (B, H, W, C) row-major, A and B are (C). */
export interface SimpleNormRequest {
  readonly op: 'forward' | 'backward';
  readonly shape: readonly number[];
  readonly L: Float64Array;
  readonly A: Float64Array;
  readonly B: Float64Array;
  /** backward only: L'.grad, and the gradients already accumulated in L.grad, A.grad, B.grad. */
  readonly outGrad?: Float64Array;
  readonly gradsBefore?: { readonly L: Float64Array; readonly A: Float64Array; readonly B: Float64Array };
}

/** forward's reply: the node's value as the module left it; backward's: the three gradients after it. */
export type SimpleNormReply = { readonly shape: unknown; readonly data: unknown } | { readonly L: unknown; readonly A: unknown; readonly B: unknown };

export interface HvpRequest {
  readonly loss: Expr;
  readonly theta: readonly number[];
  readonly dtheta: readonly number[];
}

/** Why the export is not of the protocol's kind (`expects` says what it should be), or null. */
export function wrongShape(protocol: Protocol, exported: unknown, expects: string): string | null {
  if (protocol === 'simplenorm') {
    const p = (exported as { prototype?: Record<string, unknown> } | undefined)?.prototype;
    if (typeof exported === 'function' && typeof p?.forward === 'function' && typeof p?.backward === 'function') return null;
    return `expected ${expects}, got ${typeof exported === 'function' ? 'a function without them' : typeof exported}`;
  }
  if (protocol === 'optimizer') {
    const o = exported as Record<string, unknown> | null;
    return typeof o === 'object' && o !== null && typeof o.init === 'function' && typeof o.step === 'function' ? null : `expected ${expects}, got ${typeof exported === 'object' && exported !== null ? 'an object without them' : typeof exported}`;
  }
  return typeof exported === 'function' ? null : `expected ${expects}, got ${typeof exported}`;
}

/** A tensor's value read back, whatever the module left there. */
const dataOf = (t: unknown) => (t as { data?: unknown } | undefined)?.data;

function simpleNorm(Node: new (L: Leaf, A: Leaf, B: Leaf) => { value: unknown; grad: unknown; forward(): void; backward(): void }, r: SimpleNormRequest): SimpleNormReply {
  const C = r.shape[3];
  // each tensor its own shape array: what the module does to one leaves the others as they were sent
  const leaf = (shape: readonly number[], values: Float64Array, grad?: Float64Array) => {
    const node = new Leaf(new Tensor([...shape], values));
    if (grad) node.grad = new Tensor([...shape], grad);
    return node;
  };
  const [L, A, B] = [leaf(r.shape, r.L, r.gradsBefore?.L), leaf([C], r.A, r.gradsBefore?.A), leaf([C], r.B, r.gradsBefore?.B)];
  const node = new Node(L, A, B);
  node.forward();
  if (r.op === 'forward') {
    const value = node.value as { shape?: unknown } | undefined;
    return { shape: value?.shape, data: dataOf(value) };
  }
  node.grad = new Tensor([...r.shape], r.outGrad!);
  node.backward();
  return { L: dataOf(L.grad), A: dataOf(A.grad), B: dataOf(B.grad) };
}

/**
 * Θ.grad of the request's loss at complex parameters, for a module's hvp: each entry of `at` may
 * be a complex.js Complex, `{ re, im }` or a number (complex.js's constructor reads each), so a
 * module needs no complex.js of its own to call it; it returns complex.js Complex values.
 */
const complexGradient = (loss: Expr) => (at: readonly unknown[]) => gradient(complex, lossOf(loss), Array.from(at, (z) => new Complex(z as Complex)));

/** What the export computes on one request, in plain values (anything it throws is the module's). */
export function serve(protocol: Protocol, exported: unknown, request: unknown): unknown {
  switch (protocol) {
    case 'function':
      return (exported as (...args: unknown[]) => unknown)(...(request as { args: unknown[] }).args);
    case 'simplenorm':
      return simpleNorm(exported as Parameters<typeof simpleNorm>[0], request as SimpleNormRequest);
    case 'gradient': {
      const at = (request as { at: readonly (readonly [number, number])[] }).at.map(([re, im]) => new Complex(re, im));
      const out = (exported as (at: Complex[]) => unknown)(at);
      // each entry read by complex.js's constructor (a Complex, { re, im } or a number); anything else throws, as the module's
      return Array.from(out as ArrayLike<unknown>, (g) => {
        const z = new Complex(g as Complex);
        return [z.re, z.im];
      });
    }
    case 'optimizer': {
      const r = request as OptimizerRequest;
      const o = exported as Record<'init' | 'step', (...args: unknown[]) => unknown>;
      return r.method === 'init' ? o.init(...r.args) : o.step(...r.args);
    }
    case 'hvp': {
      const r = request as HvpRequest;
      return (exported as (grad: unknown, theta: number[], dtheta: number[]) => unknown)(complexGradient(r.loss), [...r.theta], [...r.dtheta]);
    }
  }
}
