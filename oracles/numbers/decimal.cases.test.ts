/**
 * decimal(50)'s NotRepresentable messages: they reach a user as the reason a claim has no value
 * ("SPEC has no value here: log -2"), so each names the operation and its argument.
 */
import { describe, expect, it } from 'vitest';
import { decimal } from './decimal.ts';
import { NotRepresentable } from './tower.ts';

const N = decimal(50);

describe('decimal(50) where a real result does not exist', () => {
  it('names the operation and the argument: 3/0, log 0, log -2, √-4', () => {
    expect(() => N.div(N.fromNumber(3), N.zero)).toThrow(new NotRepresentable('3/0'));
    expect(() => N.log(N.zero)).toThrow(new NotRepresentable('log 0'));
    expect(() => N.log(N.fromNumber(-2))).toThrow(new NotRepresentable('log -2'));
    expect(() => N.sqrt(N.fromNumber(-4))).toThrow(new NotRepresentable('√-4'));
  });
});
