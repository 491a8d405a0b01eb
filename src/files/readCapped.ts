import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

const CHUNK = 64 * 1024;

/**
 * Reads a file as UTF-8, but never more than `cap + 1` bytes: enough for the parser to tell that the file is over
 * its cap (see src/limits/caps.ts) without holding a 100 MB file, or an endless one, in memory.
 */
export async function readTextCapped(path: string, cap: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= cap) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, cap + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** readTextCapped for the few synchronous readers (the configuration, read before anything else runs). */
export function readTextCappedSync(path: string, cap: number): string {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= cap) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, cap + 1 - total));
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
