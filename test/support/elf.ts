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

const SHT_GNU_VERNEED = 0x6ffffffe;

/**
 * The symbol versions a 64-bit little-endian ELF file needs from its shared libraries (its `.gnu.version_r`, what
 * `objdump -T` shows as GLIBC_2.28 and the like), by library: `{ 'libc.so.6': ['GLIBC_2.2.5', ...] }`.
 */
export function requiredSymbolVersions(path: string): Record<string, string[]> {
  const header = readBytes(path, 0, 64);
  if (header.length < 64 || header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2 || header[5] !== 1) {
    throw new Error(`${path} is not a 64-bit little-endian ELF file`);
  }
  const sectionsAt = Number(header.readBigUInt64LE(0x28));
  const sectionSize = header.readUInt16LE(0x3a);
  const sectionCount = header.readUInt16LE(0x3c);
  const table = readBytes(path, sectionsAt, sectionSize * sectionCount);
  const section = (i: number) => ({
    type: table.readUInt32LE(i * sectionSize + 4),
    offset: Number(table.readBigUInt64LE(i * sectionSize + 0x18)),
    size: Number(table.readBigUInt64LE(i * sectionSize + 0x20)),
    link: table.readUInt32LE(i * sectionSize + 0x28),
    info: table.readUInt32LE(i * sectionSize + 0x2c),
  });
  const needs: Record<string, string[]> = {};
  for (let i = 0; i < sectionCount; i++) {
    const verneed = section(i);
    if (verneed.type !== SHT_GNU_VERNEED) continue;
    const strings = section(verneed.link);
    const names = readBytes(path, strings.offset, strings.size);
    const name = (at: number) => names.toString('latin1', at, names.indexOf(0, at));
    const data = readBytes(path, verneed.offset, verneed.size);
    // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32; Elf64_Vernaux: vna_hash u32,
    // vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
    for (let entry = 0, n = 0; n < verneed.info; n++) {
      const library = name(data.readUInt32LE(entry + 4));
      const versions = (needs[library] ??= []);
      for (let aux = entry + data.readUInt32LE(entry + 8), k = 0; k < data.readUInt16LE(entry + 2); k++) {
        versions.push(name(data.readUInt32LE(aux + 8)));
        aux += data.readUInt32LE(aux + 12);
      }
      entry += data.readUInt32LE(entry + 12);
    }
  }
  return needs;
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
