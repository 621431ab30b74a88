/** Once per `vitest run`: decide the profile and the seed, print them, hand them to every worker. */
import type { TestProject } from 'vitest/node';
import { describeRun, resolveRun } from './properties/profile.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    examcheckRun: { seed: number; profile: string };
  }
}

export default function setup(project: TestProject): void {
  const run = resolveRun();
  console.log(describeRun(run));
  project.provide('examcheckRun', { seed: run.seed, profile: run.profile.name });
}
