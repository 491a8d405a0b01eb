import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, dockdoc, fixturePath } from '../helpers/cli.js';
import { writeLargeHosts } from '../support/large-host.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-large-host-'));
const hosts = writeLargeHosts(scratch);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What a report says about the host (the tool's own name and version aside). */
function findingsOf(json: string): unknown {
  const { findings, skipped, summary } = JSON.parse(json) as Record<string, unknown>;
  return { findings, skipped, summary };
}

describe('a Kubernetes-sized host: the same findings as before the text-first comparison (fixtures/large-host)', () => {
  it.each(Object.entries(hosts))('%s', async (name, snapshot) => {
    const result = await dockdoc(['check', '--snapshot', snapshot, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(findingsOf(result.stdout)).toEqual(findingsOf(readFileSync(fixturePath(`large-host/${name}.findings.json`), 'utf8')));
  }, 120_000); // a 16 MB snapshot on a shared machine: the bound is for the machine, the time is bench/firewall.js's job
});

describe('the process ends as soon as its work is done (src/cli/entry.ts), never before its output is written', () => {
  it('a reader that starts reading only a second later still gets the whole 500 KB report', async () => {
    const child = spawn(process.execPath, [BIN, 'check', '--snapshot', hosts.drifted, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Nothing reads the pipe yet: past its 64 KB the writes wait for the reader.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const chunks: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const closed = new Promise((resolve) => child.on('close', resolve));
    await closed;
    expect(Buffer.concat(stderr).toString('utf8')).toBe('');
    expect(await exited).toBe(1);
    expect(findingsOf(Buffer.concat(chunks).toString('utf8'))).toEqual(findingsOf(readFileSync(fixturePath('large-host/drifted.findings.json'), 'utf8')));
  }, 120_000);
});
