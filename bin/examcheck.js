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
let main;
try {
  ({ main } = await import('../cli/main.ts'));
} catch (e) {
  // the registry reads the exam folders when it is loaded: a claim file that does not parse or a
  // stale anchor is the user's error, one line, exit 2 (as main reports the errors of a command)
  const [{ ExamError }, { NotationError }] = await Promise.all([import('../properties/exams.ts'), import('../oracles/notation/index.ts')]);
  if (!(e instanceof ExamError || e instanceof NotationError)) throw e;
  console.error(`examcheck: ${e.message}`);
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
