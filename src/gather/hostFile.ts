import { readFile } from 'node:fs/promises';
import { unavailable, type Unavailable } from '../snapshot/fact.js';
import type { HostFile } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';

/** Reads a host file; a missing file is a fact (present: false), an unreadable one is Unavailable. */
export async function readHostFile(path: string): Promise<HostFile | Unavailable> {
  try {
    return { path: path, present: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path: path, present: false };
    return unavailable(`cannot read ${path}: ${describeError(error)}`);
  }
}
