/**
 * Host commands started before the program is loaded (bin → src/cli/entry.ts) for the commands that gather live, each
 * claimed later by the gatherer that would have started it: the command runs while commander and the command's code
 * load instead of after. Each is bounded by the largest `--timeout`; the claiming gatherer's signal cuts it to its own,
 * and what no gatherer claims (a usage error, `--help`, a failed listing that makes the next one moot) is stopped at
 * the end of the run, so it cannot keep the process alive. This module stays small for that reason.
 */
interface EarlyWork {
  result: Promise<unknown>;
  stop: AbortController;
}

const started = new Map<string, EarlyWork>();

/** Starts `work` now under the name its gatherer will claim it by. */
export function startEarly(name: string, work: (signal: AbortSignal) => Promise<unknown>): void {
  const stop = new AbortController();
  started.set(name, { result: work(stop.signal), stop });
}

/** The named early work, once, stopped when the claiming gatherer's signal aborts; null when none was started. */
export function claimEarly<T>(name: string, signal: AbortSignal | undefined): Promise<T> | null {
  const early = started.get(name);
  if (!early) return null;
  started.delete(name);
  if (signal?.aborted) early.stop.abort();
  else signal?.addEventListener('abort', () => early.stop.abort(), { once: true });
  return early.result as Promise<T>;
}

/** Ends the early work no gatherer claimed. */
export function stopUnclaimedEarlyWork(): void {
  for (const early of started.values()) early.stop.abort();
  started.clear();
}
