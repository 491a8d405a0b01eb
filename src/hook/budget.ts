import { HookError } from './errors.js';

export const DEFAULT_HOOK_BOUND_MS = 5_000;
/** With --fix the bound also covers restarting dockerd, which stops (and without live-restore restarts) containers. */
export const DEFAULT_FIX_BOUND_MS = 120_000;

/** Time kept back from the bound for the rules, the journal lines and the process exit. */
export const FINISH_RESERVE_MS = 250;

/** Below this a gatherer cannot even spawn iptables-save; a bound that leaves less is refused. */
const MIN_GATHER_TIMEOUT_MS = 100;

/**
 * The per-gatherer timeout that keeps a whole hook run inside its bound. gatherSnapshot reads the systemd units first
 * and then gathers everything else at once, so the slowest path is two gatherer timeouts back to back.
 */
export function gatherTimeoutWithin(boundMs: number, settleMs: number, requestedTimeoutMs: number): number {
  const available = Math.floor((boundMs - settleMs - FINISH_RESERVE_MS) / 2);
  if (available < MIN_GATHER_TIMEOUT_MS) {
    throw new HookError(
      `--bound ${boundMs} ms leaves no time to gather facts after --settle ${settleMs} ms; allow at least ${settleMs + FINISH_RESERVE_MS + 2 * MIN_GATHER_TIMEOUT_MS} ms`,
    );
  }
  return Math.min(available, requestedTimeoutMs);
}
