import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** A file dockdoc will not read (not a regular file, over its size cap, outside its folder); the message says why. */
export class FileRefusedError extends Error {
  constructor(
    file: string,
    readonly reason: string,
  ) {
    super(`cannot read ${file}: ${reason}`);
  }
}

export interface ReadLimits {
  /** Reading stops past the cap, so memory stays bounded; larger files are refused with the cap in the message. */
  maxBytes: number;
  /**
   * `truncate`: return the first maxBytes + 1 bytes instead of refusing, for the parsers that report an input over
   * its cap as DD001 at the file (src/limits/caps.ts `overCap`).
   */
  overCap?: 'refuse' | 'truncate';
  /** The file's real path (links resolved) must lie inside this folder: a project's .env cannot point elsewhere. */
  inside?: string;
}

/**
 * Reads a regular file and nothing else. A FIFO, a socket or a device (/dev/zero) would block a read forever or never
 * end; the open is non-blocking and the kind is checked on the opened file, so no link swapped in between is
 * followed to one. Missing files throw Node's own error (ENOENT), so callers can tell absent from refused.
 */
export async function readRegularFile(file: string, limits: ReadLimits): Promise<string> {
  const { buffer, total } = await readRegularInto(file, limits);
  return buffer.toString('utf8', 0, total);
}

/** readRegularFile's bytes, for a format that counts them (a gather script's bundle). */
export async function readRegularBytes(file: string, limits: ReadLimits): Promise<Buffer> {
  const { buffer, total } = await readRegularInto(file, limits);
  // The unzeroed rest of the buffer must not travel with the bytes read. A file read whole leaves only the byte that
  // showed its end: zero it and hand out a view, instead of copying a 16 MB snapshot once more (issue 12). A large
  // rest (a /proc file read in chunks) is dropped with a copy of exactly the bytes read.
  if (buffer.length - total > READ_CHUNK) return Buffer.from(buffer.subarray(0, total));
  buffer.fill(0, total);
  return buffer.subarray(0, total);
}

/** The file's bytes, the first `total` of `buffer` (the rest of it is unzeroed memory, never to be read). */
async function readRegularInto(file: string, limits: ReadLimits): Promise<{ buffer: Buffer; total: number }> {
  // stat before open: opening some devices has effects of its own (a tape rewinds), so refuse what is plainly not a file.
  refuseUnlessRegular(file, await stat(file));
  if (limits.inside !== undefined) await refuseOutside(file, limits.inside);
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    refuseUnlessRegular(file, stats);
    // /proc and /sys files report size 0, so the size is what the reads return, not what fstat says. fstat's size
    // (plus the byte that shows the end) only sizes the first buffer: a file read whole costs one allocation, not a
    // zero-filled 64 KiB one per read (a thousand compose files spent most of their read time zeroing).
    let buffer: Buffer = Buffer.allocUnsafe(Math.min(stats.size > 0 ? stats.size + 1 : READ_CHUNK, limits.maxBytes + 1));
    let total = 0;
    for (;;) {
      if (total === buffer.length) buffer = grown(buffer, Math.min(buffer.length + READ_CHUNK, limits.maxBytes + 1));
      const asked = buffer.length - total;
      const { bytesRead } = await handle.read(buffer, total, asked, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limits.maxBytes) {
        if (limits.overCap === 'truncate') break;
        throw new FileRefusedError(file, `larger than dockdoc's ${describeBytes(limits.maxBytes)} cap for this input`);
      }
      // A regular file that fstat sized reads short only at its end: no further read is needed to find it.
      if (stats.size > 0 && bytesRead < asked) break;
    }
    return { buffer, total };
  } finally {
    await handle.close();
  }
}

/** How much more is read at a time once a file outgrows what fstat said (or said nothing: /proc). */
const READ_CHUNK = 64 * 1024;

/** A copy of `buffer` in a larger one (`length`), for a file that kept growing while it was read. */
function grown(buffer: Buffer, length: number): Buffer {
  const larger = Buffer.allocUnsafe(length);
  buffer.copy(larger);
  return larger;
}

/**
 * readRegularFile for the one synchronous reader (the configuration, read before anything else runs), always in
 * `truncate` mode; `inside` is not needed there.
 */
export function readRegularFileSync(file: string, maxBytes: number): string {
  refuseUnlessRegular(file, statSync(file));
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    refuseUnlessRegular(file, fstatSync(fd));
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function refuseUnlessRegular(file: string, stats: Stats): void {
  if (!stats.isFile()) throw new FileRefusedError(file, `${kindOf(stats)}, not a regular file (dockdoc reads only regular files)`);
}

async function refuseOutside(file: string, folder: string): Promise<void> {
  const [real, realFolder] = await Promise.all([realpath(file), realpath(folder)]);
  const relative = path.relative(realFolder, real);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new FileRefusedError(file, `it leads outside ${folder} (to ${real}); dockdoc reads it only from inside the project`);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'it is a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'it is a character device';
  if (stats.isBlockDevice()) return 'it is a block device';
  if (stats.isSocket()) return 'it is a socket';
  if (stats.isDirectory()) return 'it is a folder';
  return 'it is special';
}

export function describeBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
