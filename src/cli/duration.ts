import { UsageError } from './exit.js';

/**
 * The longest delay a Node timer keeps: above it setTimeout fires after 1 ms instead (with only a warning), so a
 * larger --timeout would silently mean "no time at all". About 24.8 days.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A duration flag in milliseconds: a whole number, positive unless zero is allowed, and at most MAX_TIMER_MS. */
export function millisecondsFlag(flag: string, value: string, zeroAllowed = false): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < (zeroAllowed ? 0 : 1)) throw new UsageError(`${flag} must be a ${zeroAllowed ? 'whole' : 'positive'} number of milliseconds, not "${value}"`);
  if (ms > MAX_TIMER_MS) throw new UsageError(`${flag} ${value} is too long: at most ${MAX_TIMER_MS} ms (about 24 days)`);
  return ms;
}
