/** In every test worker: fast-check configured for the run the global setup chose. */
import { resolveRun } from './properties/profile.ts';

resolveRun();
