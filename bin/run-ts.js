#!/usr/bin/env node
// Runs a TypeScript script (a benchmark, a tool) through tsx: `node bin/run-ts.js file.ts args...`,
// with V8 optimizing as late as in the examcheck command (bin/v8-tier-up.js), so that the
// benchmarks time what the command does.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { tierUpLater } from './v8-tier-up.js';

tierUpLater();
register();
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
await import(pathToFileURL(resolve(script)).href);
