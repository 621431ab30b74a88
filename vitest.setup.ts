/** In every test worker: the run chosen by the global setup, and fast-check configured for it. */
import { inject } from 'vitest';
import { resolveRun } from './properties/profile.ts';

const { seed, profile } = inject('examcheckRun');
process.env.EXAMCHECK_SEED = String(seed);
process.env.EXAMCHECK_PROFILE = profile;
resolveRun();
