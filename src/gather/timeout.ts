import { unavailable, type Fact } from '../snapshot/fact.js';
import { describeError } from '../text/errors.js';

/** Bounds a gatherer: a hung engine socket or command becomes an unavailable fact, never a hang. */
export async function withTimeout<T>(what: string, ms: number, work: () => Promise<Fact<T>>): Promise<Fact<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Fact<T>>((resolve) => {
    timer = setTimeout(() => resolve(unavailable(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([
      work().catch((error: unknown) => unavailable(`${what} failed: ${describeError(error)}`)),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
