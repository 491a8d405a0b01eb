import { FileRefusedError, readRegularFile, readRegularFileSync } from '../files/readRegular.js';
import { INPUT_CAPS, overCap, type InputKind } from '../limits/caps.js';
import { unavailable, type Unavailable } from '../snapshot/fact.js';
import type { HostFile } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';

/**
 * Reads a host file; a missing file is a fact (present: false), an unreadable one is Unavailable. Only regular files
 * are read: a FIFO or a device at daemon.json's path is Unavailable with that reason, never a read that blocks.
 * `recordedAs` is the path on the host (/etc/docker/daemon.json) when `path` is that file under --root, so rules and
 * findings speak of the host's own paths. `kind` names the cap (src/limits/caps.ts) the file is read under.
 */
export async function readHostFile(path: string, recordedAs = path, kind: InputKind = 'hostFile'): Promise<HostFile | Unavailable> {
  try {
    return hostFileFromText(await readRegularFile(path, { maxBytes: INPUT_CAPS[kind], overCap: 'truncate' }), path, recordedAs, kind);
  } catch (error) {
    return hostFileUnread(error, path, recordedAs);
  }
}

/** readHostFile in one go, without the event loop (readRegularFileSync): `dockdoc lint` reads its projects so. */
export function readHostFileSync(path: string, recordedAs = path, kind: InputKind = 'hostFile'): HostFile | Unavailable {
  try {
    return hostFileFromText(readRegularFileSync(path, { maxBytes: INPUT_CAPS[kind], overCap: 'truncate' }), path, recordedAs, kind);
  } catch (error) {
    return hostFileUnread(error, path, recordedAs);
  }
}

/** A read that failed: a missing file is a fact, anything else Unavailable with the reason. */
function hostFileUnread(error: unknown, path: string, recordedAs: string): HostFile | Unavailable {
  if (error instanceof FileRefusedError) return unavailable(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { path: recordedAs, present: false };
  return unavailable(`cannot read ${path}: ${describeError(error)}`);
}

/**
 * A file's text as a host file fact, under its cap: a parser that reports DD001 gets the first bytes and says the file
 * is over its cap; other files are unavailable. Also what a bundle's recorded file goes through (src/bundle/).
 */
export function hostFileFromText(text: string, path: string, recordedAs: string, kind: InputKind): HostFile | Unavailable {
  const capped = text.length > INPUT_CAPS[kind] + 1 ? text.slice(0, INPUT_CAPS[kind] + 1) : text;
  if (kind === 'hostFile') {
    const tooLarge = overCap(kind, capped);
    if (tooLarge) return unavailable(`${path}: ${tooLarge}`);
  }
  return { path: recordedAs, present: true, text: capped };
}
