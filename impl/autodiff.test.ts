/** The reverse-mode differentiator's rules, each against a derivative worked out by hand, in float64. */
import { describe, expect, it } from 'vitest';
import { real } from '../oracles/analytic-field.ts';
import { gradient, type Loss } from './autodiff.ts';

const ROWS: [string, Loss, number[], number[]][] = [
  ['x − y', (F, [x, y]) => F.sub(x, y), [5, 2], [1, -1]],
  ['log x', (F, [x]) => F.log(x), [4], [0.25]],
  // the log's rule must run before the difference's: backward goes in reverse order of construction
  ['log(x − y)', (F, [x, y]) => F.log(F.sub(x, y)), [5, 1], [0.25, -0.25]],
  // toNumber reads a node's value out of the graph: x·c with c = x's value held constant, so ∂/∂x = c = 3
  ['x · value(x)', (F, [x]) => F.mul(x, F.fromNumber(F.toNumber(x))), [3], [3]],
];

describe('reverse mode', () => {
  it.each(ROWS)('∇(%s) is the hand-worked gradient', (_, loss, theta, expected) => {
    expect(gradient(real, loss, theta)).toEqual(expected);
  });
});
