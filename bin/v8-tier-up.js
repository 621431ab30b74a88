// When V8 optimizes a function: after it has run 8 times the bytecode V8's default waits for
// (--interrupt-budget, 67,584 bytes of bytecode executed in Node 20's V8 11.3; 540,672 here).
// A check runs most of its code a few hundred times at most (a claim's examples, a derivation's
// points), and TurboFan compiled much of it only to finish soon after: every claim of the seed
// exam run once took 3.2 CPU-s against 3.7–4.2 with the default; `examcheck check`, every claim,
// 11.0–12.1 against 13.0–13.9 CPU-s; the test workers 0.88 of their CPU (paired, 4 runs each,
// 2026-11-30). The code's hot loops (a 10⁶-entry check) still reach TurboFan, a little later.
// Set at run time, not as a command-line flag: a Node whose V8 no longer has the flag ignores it
// here, where on the command line it would refuse to start.
import { setFlagsFromString } from 'node:v8';

/** Raise V8's interrupt budget for the rest of this process (functions compiled from now on). */
export function tierUpLater() {
  setFlagsFromString('--interrupt-budget=540672');
}
