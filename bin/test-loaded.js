#!/usr/bin/env node
// `npm run test:loaded`: `npm test` on a machine whose every core is also busy with another job
// (one busy-loop process per core, at the same priority), so the suite gets about half the CPU it
// would alone and takes about twice as long. It must stay green: nothing in it depends on the wall
// clock. Arguments go to vitest, as with npm test. Prints the wall time; exits with the suite's code.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const loops = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }));
const stopLoops = () => loops.forEach((p) => p.kill('SIGKILL'));
process.on('exit', stopLoops);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

console.log(`test:loaded: ${loops.length} busy-loop processes (one per core) beside npm test`);
const started = performance.now();
const code = await new Promise((done) =>
  spawn(process.execPath, [fileURLToPath(new URL('test.js', import.meta.url)), ...process.argv.slice(2)], { stdio: 'inherit' }).on('exit', (c, signal) => done(c ?? (signal ? 1 : 0))),
);
stopLoops();
console.log(`test:loaded: npm test ${code === 0 ? 'green' : 'RED'} beside ${loops.length} busy loops, ${((performance.now() - started) / 1000).toFixed(1)} s wall`);
process.exitCode = code;
