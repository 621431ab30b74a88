/**
 * In every test worker: fast-check configured for the run the global setup chose; V8 optimizing
 * later than by default and the matcher `toThrowErrorWith` (both below); the reports of the
 * commands the tests run (in process or not) written into the run's temporary folder, not
 * reports/out/, which keeps the run's own report (vitest's reporter, in vitest's process).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { expect } from 'vitest';
import { resolveRun } from './properties/profile.ts';

// V8 waits 8 times longer than by default before it optimizes a function with TurboFan (its
// --interrupt-budget: 540,672 bytes of the function's bytecode run, against 67,584 in Node 20's
// V8 11.3): a test runs most of the code it reaches a few times, and TurboFan compiled much of it
// for nothing. The workers took 0.88 of their CPU (paired, 4 runs each, 2026-11-30; the seed
// exam's claims run once: 3.2 against 3.7–4.2 CPU-s). Only here: a check run long (the bench's
// 1000 examples, the nightly fuzz) is up to a quarter faster with V8's default, which the
// examcheck command keeps. Set at run time, where a V8 without the flag ignores it (on the
// command line Node would refuse to start).
setFlagsFromString('--interrupt-budget=540672');
resolveRun();
process.env.EXAMCHECK_REPORTS ??= join(tmpdir(), 'reports');

declare module 'vitest' {
  interface Matchers<T = any> {
    /**
     * The function throws (under `.rejects`, the promise rejects with) an Error whose message
     * matches `pattern` (a string: contains it, as toThrow reads one). vitest's `toThrow(/…/)` and
     * `toThrow('…')` also pass when the function throws `undefined` (an error builder emptied by a
     * mutant, found by mutation testing), so a message the tests pin is pinned with this.
     */
    toThrowErrorWith(pattern: RegExp | string): void;
  }
}

expect.extend({
  toThrowErrorWith(received: unknown, pattern: RegExp | string) {
    // under `.rejects` what is received is what the promise rejected with
    let thrown: { value: unknown } | undefined = this.promise === 'rejects' ? { value: received } : undefined;
    if (!thrown) {
      if (typeof received !== 'function') return { pass: false, message: () => `expected a function to call, got ${String(received)}` };
      try {
        received();
      } catch (e) {
        thrown = { value: e };
      }
    }
    const what = !thrown ? 'it returned' : thrown.value instanceof Error ? `it threw ${thrown.value.constructor.name}: ${thrown.value.message}` : `it threw ${String(thrown.value)}, not an Error`;
    const pass = thrown !== undefined && thrown.value instanceof Error && (typeof pattern === 'string' ? thrown.value.message.includes(pattern) : pattern.test(thrown.value.message));
    return { pass, message: () => `expected the function${this.isNot ? ' not' : ''} to throw an Error whose message ${typeof pattern === 'string' ? `contains ${JSON.stringify(pattern)}` : `matches ${pattern}`}: ${what}` };
  },
});
