import { closeSync, openSync, readSync } from 'node:fs';

const PT_INTERP = 3;

/**
 * True when `path` is an ELF executable without a program interpreter, i.e. statically linked.
 * The busybox image has no libc, so only a static busybox (Debian's busybox-static) runs inside it.
 */
export function isStaticElf(path: string): boolean {
  const header = readBytes(path, 0, 64);
  if (header.length < 52 || header.readUInt32BE(0) !== 0x7f454c46) return false;
  const is64 = header[4] === 2;
  const little = header[5] === 1;
  const u16 = (b: Buffer, at: number): number => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number): number => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const programHeaderOffset = is64
    ? Number(little ? header.readBigUInt64LE(0x20) : header.readBigUInt64BE(0x20))
    : u32(header, 0x1c);
  const entrySize = u16(header, is64 ? 0x36 : 0x2a);
  const entryCount = u16(header, is64 ? 0x38 : 0x2c);
  const table = readBytes(path, programHeaderOffset, entrySize * entryCount);
  for (let i = 0; i < entryCount; i++) {
    if (u32(table, i * entrySize) === PT_INTERP) return false;
  }
  return true;
}

function readBytes(path: string, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
