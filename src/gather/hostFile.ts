import { FileRefusedError, readRegularFile } from '../files/readRegular.js';
import { unavailable, type Unavailable } from '../snapshot/fact.js';
import type { HostFile } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';

/** Upper bound for any host file dockdoc reads (daemon.json, unit files, saved rules, compose files). */
export const HOST_FILE_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Reads a host file; a missing file is a fact (present: false), an unreadable one is Unavailable. Only regular files
 * are read: a FIFO or a device at daemon.json's path is Unavailable with that reason, never a read that blocks.
 * `recordedAs` is the path on the host (/etc/docker/daemon.json) when `path` is that file under --root, so rules and
 * findings speak of the host's own paths.
 */
export async function readHostFile(path: string, recordedAs = path, maxBytes = HOST_FILE_MAX_BYTES): Promise<HostFile | Unavailable> {
  try {
    return { path: recordedAs, present: true, text: await readRegularFile(path, { maxBytes }) };
  } catch (error) {
    if (error instanceof FileRefusedError) return unavailable(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path: recordedAs, present: false };
    return unavailable(`cannot read ${path}: ${describeError(error)}`);
  }
}
