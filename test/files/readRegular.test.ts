import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileRefusedError, readRegularBytes, readRegularFile, readRegularFileSync, releaseBytes, type ReadLimits } from '../../src/files/readRegular.js';

// Both readers (the asynchronous one, and the one `dockdoc lint` and the configuration use) must read and refuse alike.
const READERS: [string, (file: string, limits: ReadLimits) => Promise<string>][] = [
  ['readRegularFile', readRegularFile],
  ['readRegularFileSync', async (file, limits) => readRegularFileSync(file, limits)],
];

describe.each(READERS)('%s', (_name, readRegularFile) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-read-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns exactly the text of files smaller and larger than one read, multi-byte characters included', async () => {
    for (const size of [0, 1, 700, 64 * 1024 - 1, 64 * 1024, 200_003]) {
      const text = 'ü€x\n'.repeat(Math.ceil(size / 4)).slice(0, size);
      const file = path.join(dir, `f${size}`);
      writeFileSync(file, text);
      expect(await readRegularFile(file, { maxBytes: 1024 * 1024 })).toBe(text);
    }
  });

  it('refuses a file over its cap, or returns its first cap + 1 bytes when asked to truncate', async () => {
    const file = path.join(dir, 'big');
    writeFileSync(file, 'a'.repeat(100_000));
    await expect(readRegularFile(file, { maxBytes: 99_999 })).rejects.toBeInstanceOf(FileRefusedError);
    expect(await readRegularFile(file, { maxBytes: 99_999, overCap: 'truncate' })).toBe('a'.repeat(100_000));
    expect(await readRegularFile(file, { maxBytes: 70_000, overCap: 'truncate' })).toBe('a'.repeat(70_001));
    expect(await readRegularFile(file, { maxBytes: 100_000 })).toBe('a'.repeat(100_000));
  });

  it('reads a /proc file whole although fstat says it is empty', async () => {
    const text = await readRegularFile('/proc/self/mountinfo', { maxBytes: 4 * 1024 * 1024 });
    expect(text.length).toBeGreaterThan(0);
    // The same lines Node reads itself (the mounts of this process do not change in between).
    expect(text).toBe(readFileSync('/proc/self/mountinfo', 'utf8'));
  });

  it('refuses a FIFO without opening it, and a link leading outside its folder', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(readRegularFile(fifo, { maxBytes: 100 })).rejects.toThrow('it is a FIFO (named pipe), not a regular file');
    const project = path.join(dir, 'project');
    execFileSync('mkdir', [project]);
    writeFileSync(path.join(dir, 'secret'), 'TOKEN=x');
    symlinkSync(path.join(dir, 'secret'), path.join(project, '.env'));
    await expect(readRegularFile(path.join(project, '.env'), { maxBytes: 100, inside: project })).rejects.toThrow(/leads outside/);
    expect(await readRegularFile(path.join(project, '.env'), { maxBytes: 100 })).toBe('TOKEN=x');
  });

  it('returns the bytes of a file without the unzeroed rest of its buffer', async () => {
    for (const size of [0, 5_000, 200_003]) {
      const bytes = Buffer.alloc(size, 0xab);
      const file = path.join(dir, `b${size}`);
      writeFileSync(file, bytes);
      const read = await readRegularBytes(file, { maxBytes: 1024 * 1024 });
      expect(read.equals(bytes)).toBe(true);
      // Whatever memory the view shares past its end holds nothing of the read beyond the file.
      const after = new Uint8Array(read.buffer, read.byteOffset + read.length, Math.min(1, read.buffer.byteLength - read.byteOffset - read.length));
      expect([...after].every((b) => b === 0)).toBe(true);
    }
  });
});

describe('readRegularBytes stopped by its signal', () => {
  it('rejects with the signal’s reason instead of reading on (an early read nobody claimed)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-read-'));
    try {
      const file = path.join(dir, 'snapshot.json');
      writeFileSync(file, '{}');
      const stop = new AbortController();
      stop.abort();
      await expect(readRegularBytes(file, { maxBytes: 100 }, stop.signal)).rejects.toMatchObject({ name: 'AbortError' });
      expect((await readRegularBytes(file, { maxBytes: 100 }, new AbortController().signal)).toString()).toBe('{}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('releaseBytes', () => {
  it('gives back the memory of a read that owns it, and leaves a small read in Node’s shared pool alone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-read-'));
    try {
      writeFileSync(path.join(dir, 'large'), 'x'.repeat(100_000));
      const large = await readRegularBytes(path.join(dir, 'large'), { maxBytes: 1024 * 1024 });
      releaseBytes(large);
      expect([large.length, large.buffer.byteLength]).toEqual([0, 0]);
      writeFileSync(path.join(dir, 'small'), 'abc');
      const small = await readRegularBytes(path.join(dir, 'small'), { maxBytes: 1024 });
      const neighbour = Buffer.from('def');
      releaseBytes(small);
      expect([small.toString(), neighbour.toString()]).toEqual(['abc', 'def']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
