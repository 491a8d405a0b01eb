import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockdoc, fixturePath } from '../helpers/cli.js';
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
