import { unavailable, type Fact } from '../snapshot/fact.js';
import { describeError } from '../text/errors.js';

/**
 * Bounds a gatherer: a hung engine socket or command becomes an unavailable fact, never a hang. At the deadline the
 * gatherer's signal aborts, and the gatherer ends its work for real (destroys its socket, kills its commands' process
 * groups, starts nothing new), so nothing is left to keep the process alive once the report is written.
 */
export async function withTimeout<T>(what: string, ms: number, work: (signal: AbortSignal) => Promise<Fact<T>>): Promise<Fact<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Fact<T>>((resolve) => {
    timer = setTimeout(() => resolve(unavailable(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([
      work(controller.signal).catch((error: unknown) => unavailable(`${what} failed: ${describeError(error)}`)),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
