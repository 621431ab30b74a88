/** Timing helpers of the bench scripts. */

/** Wall time of f, in seconds. */
export const seconds = (f: () => void): number => {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
};

/** Process time (user + system, this process's threads, the GC's too) in seconds: what other jobs on a shared machine do not inflate. */
export const cpuSeconds = (f: () => void): number => {
  const start = process.cpuUsage();
  f();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
};

export const round1 = (x: number): number => Math.round(10 * x) / 10;
