import { readRegularBytes } from '../files/readRegular.js';
import { claimEarly, startEarly } from '../gather/earlyWork.js';
import { INPUT_CAPS } from '../limits/caps.js';

export { stopUnclaimedEarlyWork } from '../gather/earlyWork.js';

/**
 * How a snapshot or bundle file is read (src/bundle/load.ts), and the same read started before the program loads for
 * the commands that name one on their command line (src/cli/entry.ts): a Kubernetes-sized host's snapshot is 16 MB,
 * and reading it on libuv's thread pool overlaps loading commander, the rules and the reporters instead of following
 * them. bin/dockdoc.js loads this module first, so it stays small.
 */
const LIMITS = { maxBytes: Math.max(INPUT_CAPS.snapshot, INPUT_CAPS.bundle), overCap: 'truncate' } as const;

/**
 * The file's bytes: a regular file only, over the larger of the two caps truncated (parseSnapshot and parseBundle say
 * it is too large). `signal` and `reading` as readRegularBytes takes them.
 */
export function readInputFile(file: string, signal?: AbortSignal, reading?: () => void): Promise<Buffer> {
  return readRegularBytes(file, LIMITS, signal, reading);
}

/** Keyed by the path as the command line spells it: an error names the file as the loader's own read would. */
const earlyName = (file: string): string => `read of the snapshot or bundle ${JSON.stringify(file)} (early)`;

/**
 * Starts reading `file` now; the loader takes the read if it is asked for this same path (claimEarlyInputRead).
 * Resolves once the file's bytes are being read on libuv's thread pool, or the read has ended (failed: a missing file).
 */
export function startEarlyInputRead(file: string): Promise<void> {
  let underway = (): void => undefined;
  const reading = new Promise<void>((resolve) => (underway = resolve));
  startEarly(earlyName(file), (signal) => {
    const read = readInputFile(file, signal, underway);
    // A failed read is for the loader that claims it to report, as its own read's error; unclaimed, it is nobody's
    // (a usage error ended the run first), and must not end the process as an unhandled rejection.
    read.then(
      () => underway(),
      () => underway(),
    );
    return read;
  });
  return reading;
}

/** The early read of exactly this path, once; null when none was started for it. */
export function claimEarlyInputRead(file: string): Promise<Buffer> | null {
  return claimEarly<Buffer>(earlyName(file), undefined);
}
