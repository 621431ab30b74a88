/**
 * In every test worker: fast-check configured for the run the global setup chose; V8 optimizing
 * later, as in the examcheck command (bin/v8-tier-up.js: most of a test's code runs a few times); the reports
 * of the commands the tests run (in process or not) written into the run's temporary folder, not
 * reports/out/, which keeps the run's own report (vitest's reporter, in vitest's process).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tierUpLater } from './bin/v8-tier-up.js';
import { resolveRun } from './properties/profile.ts';

tierUpLater();
resolveRun();
process.env.EXAMCHECK_REPORTS ??= join(tmpdir(), 'reports');
