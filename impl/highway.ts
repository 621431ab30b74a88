/**
 * Problem 7: the highway update with a parameter gate,
 *
 *   L_{i+1} = F_i * L_i + (1 − F_i) * D_i(L_i),   D_i(L) = tanh(W_i L + B_i),
 *
 * where the gate F_i is a vector of per-channel parameters that does not depend on L_i (a scalar
 * gate is the case of equal channels). A stack is a list of layers: a Resnet-like CNN gives each
 * layer its own W_i, B_i, F_i; an RNN repeats one layer, the same parameters at every time step.
 * Forward and backward by hand, EDF style: backward adds (+=) into the input's gradient.
 */

export interface HighwayLayer {
  /** n×n, row-major: the diversion's weights. */
  readonly W: Float64Array;
  readonly B: Float64Array;
  /** The gate: per channel, in [0, 1]. */
  readonly F: Float64Array;
}

/**
 * What D_i is applied to: L_i (what the exam means), or F_i (what it literally writes,
 * "the diversion D_i(F_i)"), which makes the diversion a constant.
 */
export type Reading = 'corrected' | 'literal';

/** D(x) = tanh(Wx + B). */
export function diversion({ W, B }: HighwayLayer, x: Float64Array): Float64Array {
  const n = B.length;
  const out = new Float64Array(n);
  // Stryker disable next-line EqualityOperator: at j = n it reads undefined entries (no effect) and its write past the end of out, a typed array, is dropped
  for (let j = 0; j < n; j++) {
    let z = B[j];
    for (let k = 0; k < n; k++) z += W[j * n + k] * x[k];
    out[j] = Math.tanh(z);
  }
  return out;
}

/** The states L_0 … L_N of the stack, and each layer's diversion D_i (kept for backward). */
export function forward(layers: readonly HighwayLayer[], L0: Float64Array, reading: Reading = 'corrected'): { L: Float64Array[]; D: Float64Array[] } {
  const L = [L0];
  const D: Float64Array[] = [];
  for (const [i, layer] of layers.entries()) {
    const d = diversion(layer, reading === 'corrected' ? L[i] : layer.F);
    // L_{i+1}[j] = F_i[j] L_i[j] + (1 − F_i[j]) D_i[j]
    L.push(L[i].map((l, j) => layer.F[j] * l + (1 - layer.F[j]) * d[j]));
    D.push(d);
  }
  return { L, D };
}

/**
 * ∂ℓ/∂L_0 from ∂ℓ/∂L_N through the stack, layer by layer in reverse:
 *   L_i.grad += F_i * L_{i+1}.grad                          (the carry path)
 *   L_i.grad[k] += Σ_j W_i[j,k] (1 − D_i[j]²) (1 − F_i[j]) L_{i+1}.grad[j]   (the diversion, corrected reading only)
 */
export function backward(layers: readonly HighwayLayer[], D: readonly Float64Array[], gradOut: Float64Array, reading: Reading = 'corrected'): Float64Array {
  let grad = gradOut;
  for (let i = layers.length - 1; i >= 0; i--) {
    const { W, F } = layers[i];
    const n = F.length;
    const below = grad.map((g, j) => F[j] * g);
    if (reading === 'corrected') {
      for (let j = 0; j < n; j++) {
        const zGrad = (1 - F[j]) * grad[j] * (1 - D[i][j] * D[i][j]);
        // Stryker disable next-line EqualityOperator: below is a Float64Array of n entries (grad's map), so the write at k = n is dropped
        for (let k = 0; k < n; k++) below[k] += W[j * n + k] * zGrad;
      }
    }
    grad = below;
  }
  return grad;
}
