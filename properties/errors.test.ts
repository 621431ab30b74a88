import { describe, expect, test } from 'vitest';
import { CannotCheck, CorpusError, InternalError, render, UsageError } from './errors.ts';

describe('the errors a user can meet', () => {
  test.each([
    [new UsageError('unknown profile "fast": use one of quick, default, nightly'), 'examcheck: unknown profile "fast": use one of quick, default, nightly'],
    [new CorpusError('corrupt corpus file c.json: Unexpected end\n    at JSON.parse'), 'examcheck: corrupt corpus file c.json: Unexpected end'],
    [new CannotCheck('steps.deriv:2: undeclared variable "b"'), 'examcheck: steps.deriv:2: undeclared variable "b"'],
    [new InternalError('P3.beta2', { epsilon: 0.5, b: 1 }, new Error('oracle bug')), 'examcheck: internal error checking P3.beta2 (its oracle or property threw, not the answer): oracle bug; input {"epsilon":0.5,"b":1}'],
  ])('%s is shown as one line', (error, line) => {
    expect(render(error)).toBe(line);
  });

  test('any other error is a bug, not rendered (it is thrown on with its stack)', () => {
    expect(render(new TypeError('x is undefined'))).toBeNull();
    expect(render('a string')).toBeNull();
  });
});
