// Linear-time regression tests (issue 10) compare the work on n and on 4n copies of a pathological pattern, never
// an absolute time: a ratio holds on a fast laptop and on a 2-core machine shared with other builds alike.

function cpuMs(work: () => unknown): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * How many times longer `run` takes on `make(4 * n)` than on `make(n)`, from the fastest of a few runs of each (the
 * least disturbed by the garbage collector and neighbours): about 4 for linear work, 16 for quadratic. Both inputs
 * are built before timing and run untimed first, so that compiling is not counted. The large input is timed again
 * only while the ratio is still at or over `limit`: linear work passes in one or two runs.
 */
export function growthOnFourTimesTheInput<T>(make: (n: number) => T, run: (input: T) => unknown, n: number, limit: number, runs = 5): number {
  const small = make(n);
  const large = make(4 * n);
  for (let i = 0; i < 3; i++) run(small);
  run(large);
  let fastestSmall = Infinity;
  for (let i = 0; i < runs; i++) fastestSmall = Math.min(fastestSmall, cpuMs(() => run(small)));
  let ratio = Infinity;
  for (let i = 0; i < runs && ratio >= limit; i++) ratio = Math.min(ratio, cpuMs(() => run(large)) / Math.max(fastestSmall, 0.001));
  return ratio;
}
