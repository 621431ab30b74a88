#!/usr/bin/env node
// The package's bin: loads the TypeScript CLI through tsx, so no build step stands between
// `npm ci` and `npx examcheck check`.
import { register } from 'tsx/esm/api';

// output piped into `head` that stops reading is not an error of ours
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
