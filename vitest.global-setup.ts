/**
 * Once per `vitest run`: decide the profile and the seed, print them, and put them in the
 * environment, which every test worker and the examcheck reporter then read (via resolveRun).
 */
import { describeRun, resolveRun } from './properties/profile.ts';

export default function setup(): void {
  const run = resolveRun();
  process.env.EXAMCHECK_SEED = String(run.seed);
  process.env.EXAMCHECK_PROFILE = run.profile.name;
  console.log(describeRun(run));
}
