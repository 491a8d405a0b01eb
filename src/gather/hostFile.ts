import { readFile } from 'node:fs/promises';
import { unavailable, type Unavailable } from '../snapshot/fact.js';
import type { HostFile } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';

/**
 * Reads a host file; a missing file is a fact (present: false), an unreadable one is Unavailable.
 * `recordedAs` is the path on the host (/etc/docker/daemon.json) when `path` is that file under --root, so rules and
 * findings speak of the host's own paths.
 */
export async function readHostFile(path: string, recordedAs = path): Promise<HostFile | Unavailable> {
  try {
    return { path: recordedAs, present: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path: recordedAs, present: false };
    return unavailable(`cannot read ${path}: ${describeError(error)}`);
  }
}
