#!/usr/bin/env node
// `npm test`: the type check and the test run side by side rather than one after the other (tsc,
// TypeScript 7's native compiler, takes 2.5 CPU-s for the whole project where TypeScript 5 took
// 11: a sixth of a fresh clone's first npm test on 2 cores), then one
// verdict. Arguments go to vitest (`npm test -- --reporter=json ...`); tsc's output is printed
// after vitest's, so the two never interleave. Exit code: vitest's, or tsc's if only the type check failed.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Nothing the tests run connects anywhere, so the CA certificates a machine adds for TLS
// (NODE_EXTRA_CA_CERTS) are left out of their environment: Node reads and parses the file at
// every start, whether or not a connection follows (52 of a process's 80 ms of CPU on this
// project's machine, which sets it), and npm test starts some 90 Node processes (vitest's,
// examcheck's, the candidates').
const { NODE_EXTRA_CA_CERTS, ...env } = process.env;

const run = (script, args, capture) =>
  new Promise((done) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL(`../node_modules/${script}`, import.meta.url)), ...args], { env, stdio: ['inherit', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'] });
    let out = '';
    if (capture) for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (out += d));
    child.on('exit', (code, signal) => done({ code: code ?? (signal ? 1 : 0), out }));
  });

// tsconfig.json keeps the check's build info under .cache/. `tsc -b` reads it and stops at once
// when no file of the project changed since (0.1 s of CPU, not 2.5), but it does not look into
// node_modules: after an install (npm rewrites node_modules/.package-lock.json) the full
// incremental check runs instead, and refreshes the build info.
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : Infinity);
const installedSince = mtime(fileURLToPath(new URL('../.cache/tsconfig.tsbuildinfo', import.meta.url))) < mtime(fileURLToPath(new URL('../node_modules/.package-lock.json', import.meta.url)));
// one checker thread, not TypeScript 7's default four: beside vitest's two workers on 2 cores the
// four threads only contend, and each re-resolves the shared declarations (a fresh check: 2.0
// CPU-s with one, 2.4 with four, measured twice on 2026-11-30; the same errors)
const typecheck = run('typescript/bin/tsc', [...(installedSince ? ['--noEmit'] : ['-b']), '--checkers', '1'], true);
const tests = await run('vitest/vitest.mjs', ['run', ...process.argv.slice(2)], false);
const types = await typecheck;
if (types.code !== 0) process.stdout.write(`\ntype check (tsc --noEmit) failed:\n${types.out}`);
process.exitCode = tests.code || types.code;
