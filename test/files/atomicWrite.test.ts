import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/files/atomicWrite.js';

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the text with the mode asked for and leaves no temporary file', async () => {
    const target = path.join(dir, 'snapshot.json');
    await writeFileAtomically(target, 'facts\n', 0o600);
    expect(readFileSync(target, 'utf8')).toBe('facts\n');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['snapshot.json']);
  });

  it('never writes through the predictable temporary names of earlier versions', async () => {
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'keep');
    const target = path.join(dir, 'report.txt');
    // The name dockdoc 0.1 used: a link planted there made it overwrite the link's target.
    symlinkSync(victim, `${target}.tmp-${process.pid}`);
    await writeFileAtomically(target, 'report');
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(readFileSync(target, 'utf8')).toBe('report');
  });

  it('refuses a symbolic link at the destination, naming it, and leaves the link and its target alone', async () => {
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'keep');
    const target = path.join(dir, 'dockdoc-baseline.json');
    symlinkSync(victim, target);
    await expect(writeFileAtomically(target, 'baseline')).rejects.toThrow(
      `cannot write ${target}: it is a symbolic link, and dockdoc never writes through one (remove it or name its target)`,
    );
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(lstatSync(target).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['dockdoc-baseline.json', 'victim']);
  });

  it('names the user\'s path and the reason when the folder is missing, never the temporary name', async () => {
    const target = path.join(dir, 'missing', 'x');
    await expect(writeFileAtomically(target, 'x')).rejects.toThrow(`cannot write ${target}: folder ${path.join(dir, 'missing')} does not exist`);
  });

  it('refuses a folder at the destination', async () => {
    const target = path.join(dir, 'out');
    mkdirSync(target);
    await expect(writeFileAtomically(target, 'x')).rejects.toThrow(`cannot write ${target}: it exists and is not a regular file`);
  });
});
