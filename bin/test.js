#!/usr/bin/env node
// `npm test`: the type check and the test run side by side rather than one after the other (tsc
// uses one core; on a 2-core machine the tests' workers take up the rest of the time), then one
// verdict. Arguments go to vitest (`npm test -- --reporter=json ...`); tsc's output is printed
// after vitest's, so the two never interleave. Exit code: vitest's, or tsc's if only the type check failed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const run = (script, args, capture) =>
  new Promise((done) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL(`../node_modules/${script}`, import.meta.url)), ...args], { stdio: ['inherit', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'] });
    let out = '';
    if (capture) for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (out += d));
    child.on('exit', (code, signal) => done({ code: code ?? (signal ? 1 : 0), out }));
  });

// incremental: tsconfig.json keeps its build info under .cache/, so a warm check reads only what changed
const typecheck = run('typescript/bin/tsc', ['--noEmit'], true);
const tests = await run('vitest/vitest.mjs', ['run', ...process.argv.slice(2)], false);
const types = await typecheck;
if (types.code !== 0) process.stdout.write(`\ntype check (tsc --noEmit) failed:\n${types.out}`);
process.exitCode = tests.code || types.code;
