import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUSYBOX_PATH } from './availability.js';
import { isStaticElf } from './elf.js';

describe('isStaticElf', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dockdoc-elf-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('rejects the node binary, which needs a program interpreter', () => {
    expect(isStaticElf(process.execPath)).toBe(false);
  });

  it('rejects files that are not ELF', () => {
    const script = join(directory, 'script.sh');
    writeFileSync(script, '#!/bin/sh\necho not an ELF file, but long enough to hold an ELF header of 64 bytes\n');
    expect(isStaticElf(script)).toBe(false);
    const tiny = join(directory, 'tiny');
    writeFileSync(tiny, '\x7fELF');
    expect(isStaticElf(tiny)).toBe(false);
  });

  it.runIf(existsSync(BUSYBOX_PATH))("accepts busybox-static's /bin/busybox", () => {
    expect(isStaticElf(BUSYBOX_PATH)).toBe(true);
  });
});
