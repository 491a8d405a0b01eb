// Linear-time regression tests (issue 10) compare the work on n and on 4n copies of a pathological pattern, never
// an absolute time: a ratio holds on a fast laptop and on a 2-core machine shared with other builds alike.

/** CPU milliseconds of the fastest of `runs` calls: the least disturbed by the garbage collector and neighbours. */
function fastestCpuMs(work: () => unknown, runs: number): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    fastest = Math.min(fastest, (used.user + used.system) / 1000);
  }
  return fastest;
}

/**
 * How many times longer `run` takes on `make(4 * n)` than on `make(n)`: about 4 for linear work, 16 for quadratic.
 * Both inputs are built before timing, and each is run a few times untimed first so that compiling is not counted.
 */
export function growthOnFourTimesTheInput<T>(make: (n: number) => T, run: (input: T) => unknown, n: number, runs = 5): number {
  const small = make(n);
  const large = make(4 * n);
  for (let i = 0; i < 3; i++) {
    run(small);
    run(large);
  }
  return fastestCpuMs(() => run(large), runs) / Math.max(fastestCpuMs(() => run(small), runs), 0.001);
}
