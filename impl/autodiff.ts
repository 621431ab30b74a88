/**
 * A small reverse-mode differentiator, EDF style, over any analytic field: each operation makes a
 * node holding its value, and beside it the backward rule that adds (+=) the node's gradient,
 * times the local derivative, into its inputs' gradients. Backward runs the nodes in reverse order
 * of construction. Written once against the tower's Analytic, it computes Θ.grad in float64 and, for
 * Problem 5, in complex arithmetic at Θ + iεΔΘ.
 */
import type { Analytic } from '../oracles/numbers/tower.ts';

/** A loss written once for every number system: ℓ(Θ). */
export type Loss = <T>(F: Analytic<T>, theta: readonly T[]) => T;

/** Θ.grad for a loss, in the field of Θ's values. */
export type Gradient = <T>(F: Analytic<T>, theta: readonly T[]) => T[];

export class Node<T> {
  grad: T;
  constructor(
    readonly value: T,
    zero: T,
    readonly backward: () => void = () => {},
  ) {
    this.grad = zero;
  }
}

/** The field of nodes over F: computing with it records the graph, in order, on `nodes`. */
function tape<T>(F: Analytic<T>) {
  const nodes: Node<T>[] = [];
  const node = (value: T, backward?: (out: Node<T>) => void): Node<T> => {
    const out: Node<T> = new Node(value, F.zero, backward && (() => backward(out)));
    nodes.push(out);
    return out;
  };
  const addgrad = (x: Node<T>, g: T) => {
    x.grad = F.add(x.grad, g);
  };
  /** f(a) whose derivative is df(a, f(a)): a.grad += out.grad · f'(a). */
  const unary = (f: (a: T) => T, df: (a: T, out: T) => T) => (a: Node<T>) =>
    node(f(a.value), (out) => addgrad(a, F.mul(out.grad, df(a.value, out.value))));
  const two = F.fromNumber(2);
  const field: Analytic<Node<T>> = {
    zero: node(F.zero),
    one: node(F.one),
    fromNumber: (x) => node(F.fromNumber(x)),
    fromRational: (q) => node(F.fromRational(q)),
    toNumber: (a) => F.toNumber(a.value),
    // a branch on the value: each branch is differentiated, the branch point is not
    sign: (a) => F.sign(a.value),
    add: (a, b) =>
      node(F.add(a.value, b.value), (out) => {
        addgrad(a, out.grad);
        addgrad(b, out.grad);
      }),
    sub: (a, b) =>
      node(F.sub(a.value, b.value), (out) => {
        addgrad(a, out.grad);
        addgrad(b, F.sub(F.zero, out.grad));
      }),
    mul: (a, b) =>
      node(F.mul(a.value, b.value), (out) => {
        addgrad(a, F.mul(out.grad, b.value));
        addgrad(b, F.mul(out.grad, a.value));
      }),
    neg: (a) => node(F.neg(a.value), (out) => addgrad(a, F.neg(out.grad))),
    div: (a, b) =>
      node(F.div(a.value, b.value), (out) => {
        addgrad(a, F.div(out.grad, b.value));
        addgrad(b, F.sub(F.zero, F.div(F.mul(out.grad, out.value), b.value)));
      }),
    exp: unary(F.exp, (_, out) => out),
    log: unary(F.log, (a) => F.div(F.one, a)),
    sqrt: unary(F.sqrt, (_, out) => F.div(F.one, F.mul(two, out))),
    sin: unary(F.sin, F.cos),
    cos: unary(F.cos, (a) => F.sub(F.zero, F.sin(a))),
    // 1/cosh²a = 4/(e^a + e^−a)², not 1 − tanh²a, which cancels to nothing for |a| ≳ 18
    tanh: unary(F.tanh, (a) => {
      const c = F.add(F.exp(a), F.exp(F.sub(F.zero, a)));
      return F.div(F.mul(two, two), F.mul(c, c));
    }),
    // the logistic sigmoid 1/(1 + e^−a)
    softplus: unary(F.softplus, (a) => F.div(F.one, F.add(F.one, F.exp(F.sub(F.zero, a))))),
  };
  return { field, nodes, node };
}

/** Θ.grad = ∇ℓ(Θ): build the graph forward, seed ℓ.grad = 1, run the backward rules in reverse. */
export function gradient<T>(F: Analytic<T>, loss: Loss, theta: readonly T[]): T[] {
  const { field, nodes, node } = tape(F);
  const params = theta.map((t) => node(t));
  const out = loss(field, params);
  out.grad = F.one;
  for (const n of [...nodes].reverse()) n.backward();
  return params.map((p) => p.grad);
}

/** The gradient code of a loss, for any field. */
export const gradientOf =
  (loss: Loss): Gradient =>
  (F, theta) =>
    gradient(F, loss, theta);
