import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
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

/**
 * readRegularFile's bytes, for a format that counts them (a gather script's bundle). `signal` stops the read between
 * its steps (an early read nobody claimed, src/bundle/inputFile.ts): it rejects with the signal's reason. `reading` is
 * called once the file is open and checked and its bytes are being read, for a caller about to keep this thread busy:
 * each step before that needs the thread, the bytes do not.
 */
export async function readRegularBytes(file: string, limits: ReadLimits, signal?: AbortSignal, reading?: () => void): Promise<Buffer> {
  const { buffer, total } = await readRegularInto(file, limits, signal, reading);
  // The unzeroed rest of the buffer must not travel with the bytes read. A file read whole leaves only the byte that
  // showed its end: zero it and hand out a view, instead of copying a 16 MB snapshot once more (issue 12). A large
  // rest (a /proc file read in chunks) is dropped with a copy of exactly the bytes read.
  if (buffer.length - total > READ_CHUNK) return Buffer.from(buffer.subarray(0, total));
  buffer.fill(0, total);
  return buffer.subarray(0, total);
}

/**
 * Gives the memory of bytes from readRegularBytes back now; they read as empty afterwards. A buffer that lived
 * through module loading is in V8's old generation, collected only by a full collection, which a run may never reach
 * again: a 16 MB snapshot's bytes stayed to the end of `check --snapshot`. Transferring the ArrayBuffer detaches it
 * from `bytes`, and the short-lived copy that takes its memory goes with the next minor collection.
 */
export function releaseBytes(bytes: Buffer): void {
  // Only a buffer with an ArrayBuffer of its own: a small one may be a slice of Node's pool, shared with others.
  const { buffer } = bytes;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && buffer.byteLength <= bytes.length + 1) structuredClone(buffer, { transfer: [buffer] });
}

/** The file's bytes, the first `total` of `buffer` (the rest of it is unzeroed memory, never to be read). */
async function readRegularInto(file: string, limits: ReadLimits, signal?: AbortSignal, reading?: () => void): Promise<{ buffer: Buffer; total: number }> {
  // stat before open: opening some devices has effects of its own (a tape rewinds), so refuse what is plainly not a file.
  refuseUnlessRegular(file, await stat(file));
  if (limits.inside !== undefined) refuseOutside(file, limits.inside, await Promise.all([realpath(file), realpath(limits.inside)]));
  signal?.throwIfAborted();
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    refuseUnlessRegular(file, stats);
    const bytes = new SizedBytes(file, stats, limits);
    // Whoever is told waits for this code's next await: by then the first read below has been asked for.
    reading?.();
    while (bytes.wantsMore) {
      signal?.throwIfAborted();
      const { buffer, offset, length } = bytes.space();
      bytes.took((await handle.read(buffer, offset, length, null)).bytesRead);
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/**
 * readRegularFile without the event loop: the same checks and reads as system calls in a row. Reading a thousand
 * small files this way costs a tenth of the asynchronous reads' CPU time (each of those is five round trips through
 * libuv's thread pool), so `dockdoc lint` reads compose projects with it; the configuration is read with it before
 * anything else runs.
 */
export function readRegularFileSync(file: string, limits: ReadLimits): string {
  refuseUnlessRegular(file, statSync(file));
  if (limits.inside !== undefined) refuseOutside(file, limits.inside, [realpathSync(file), realpathSync(limits.inside)]);
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    refuseUnlessRegular(file, stats);
    const bytes = new SizedBytes(file, stats, limits);
    while (bytes.wantsMore) {
      const { buffer, offset, length } = bytes.space();
      bytes.took(readSync(fd, buffer, offset, length, null));
    }
    return bytes.buffer.toString('utf8', 0, bytes.total);
  } finally {
    closeSync(fd);
  }
}

/** How much more is read at a time once a file outgrows what fstat said (or said nothing: /proc). */
const READ_CHUNK = 64 * 1024;

/**
 * The bytes of one regular file as they are read, under its cap. /proc and /sys files report size 0, so the size is
 * what the reads return, not what fstat says. fstat's size (plus the byte that shows the end) only sizes the first
 * buffer: a file read whole costs one allocation, not a zero-filled 64 KiB one per read (a thousand compose files
 * spent most of their read time zeroing).
 */
class SizedBytes {
  buffer: Buffer;
  total = 0;
  wantsMore = true;

  constructor(
    private readonly file: string,
    private readonly stats: Stats,
    private readonly limits: ReadLimits,
  ) {
    this.buffer = Buffer.allocUnsafe(Math.min(stats.size > 0 ? stats.size + 1 : READ_CHUNK, limits.maxBytes + 1));
  }

  /** Where the next read goes. */
  space(): { buffer: Buffer; offset: number; length: number } {
    if (this.total === this.buffer.length) this.buffer = grown(this.buffer, Math.min(this.buffer.length + READ_CHUNK, this.limits.maxBytes + 1));
    return { buffer: this.buffer, offset: this.total, length: this.buffer.length - this.total };
  }

  /** Records a read of `bytesRead` into space(); throws past the cap unless truncating. */
  took(bytesRead: number): void {
    const asked = this.buffer.length - this.total;
    this.total += bytesRead;
    if (this.total > this.limits.maxBytes) {
      if (this.limits.overCap !== 'truncate') throw new FileRefusedError(this.file, `larger than dockdoc's ${describeBytes(this.limits.maxBytes)} cap for this input`);
      this.wantsMore = false;
    }
    // A regular file that fstat sized reads short only at its end: no further read is needed to find it.
    if (bytesRead === 0 || (this.stats.size > 0 && bytesRead < asked)) this.wantsMore = false;
  }
}

/** A copy of `buffer` in a larger one (`length`), for a file that kept growing while it was read. */
function grown(buffer: Buffer, length: number): Buffer {
  const larger = Buffer.allocUnsafe(length);
  buffer.copy(larger);
  return larger;
}

function refuseUnlessRegular(file: string, stats: Stats): void {
  if (!stats.isFile()) throw new FileRefusedError(file, `${kindOf(stats)}, not a regular file (dockdoc reads only regular files)`);
}

/** `real` is the file's real path and its folder's. */
function refuseOutside(file: string, folder: string, [real, realFolder]: [string, string]): void {
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
