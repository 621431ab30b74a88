#!/usr/bin/env node
// The package's bin: the TypeScript command bundled into .cache/ and rebuilt when a file of it
// changed (bin/cli-bundle.js), so no build step stands between `npm ci` and `npx examcheck check`;
// through tsx where the bundle cannot be written (a checkout that is not the user's).
import { buildErrorLine, cliBundle } from './cli-bundle.js';

// output piped into `head` that stops reading is not an error of ours
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

/** @type {(argv: string[]) => Promise<number>} */
let start;
try {
  ({ start } = await import(await cliBundle()));
} catch (e) {
  const line = buildErrorLine(e);
  if (line !== null) {
    console.error(`examcheck: ${line}`);
    process.exit(2);
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ start } = await import('../cli/start.ts'));
}
process.exitCode = await start(process.argv.slice(2));
