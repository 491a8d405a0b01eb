import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Retries `attempt` until it returns without throwing, for state that settles asynchronously
 * (a container coming back after a daemon restart, a proxy starting to listen). Rethrows the last error on timeout.
 */
export async function eventually<T>(
  attempt: () => Promise<T>,
  { timeoutMs = 20_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await sleep(intervalMs);
    }
  }
}
