/** The reverse-mode differentiator's rules, each against a derivative worked out by hand, in float64. */
import { describe, expect, it } from 'vitest';
import { float64 } from '../oracles/numbers/float64.ts';
import { gradient, type Loss } from './autodiff.ts';

const ROWS: [string, Loss, number[], number[]][] = [
  ['x − y', (F, [x, y]) => F.sub(x, y), [5, 2], [1, -1]],
  ['log x', (F, [x]) => F.log(x), [4], [0.25]],
  // the log's rule must run before the difference's: backward goes in reverse order of construction
  ['log(x − y)', (F, [x, y]) => F.log(F.sub(x, y)), [5, 1], [0.25, -0.25]],
  // √'s rule is 1/(2√y), from its output; neg's flips the sign: ∂/∂x = −√4, ∂/∂y = −3/(2·2)
  ['−x · √y', (F, [x, y]) => F.mul(F.neg(x), F.sqrt(y)), [3, 4], [-2, -0.75]],
  // relu by sign: the branch taken is differentiated (1 at x = 2, nothing reaches y = −1)
  ['relu(x) + relu(y)', (F, [x, y]) => F.add(F.sign(x) > 0 ? x : F.zero, F.sign(y) > 0 ? y : F.zero), [2, -1], [1, 0]],
  // toNumber reads a node's value out of the graph: x·c with c = x's value held constant, so ∂/∂x = c = 3
  ['x · value(x)', (F, [x]) => F.mul(x, F.fromNumber(F.toNumber(x))), [3], [3]],
];

describe('reverse mode', () => {
  it.each(ROWS)('∇(%s) is the hand-worked gradient', (_, loss, theta, expected) => {
    expect(gradient(float64, loss, theta)).toEqual(expected);
  });
});
