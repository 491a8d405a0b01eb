import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { REQUIRE_INTEGRATION_ENV } from '../support/describe-integration.js';

/** The README's install, `npm install -g .`, needs the npm registry for the clone's dependencies. */
async function registryUnreachable(): Promise<string | false> {
  const ping = await execa('npm', ['ping'], { reject: false, timeout: 30_000 });
  if (ping.exitCode === 0) return false;
  const reason = `the npm registry does not answer (npm ping: ${ping.stderr.split('\n').at(-1)})`;
  if (process.env[REQUIRE_INTEGRATION_ENV] === '1') throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but ${reason}`);
  console.warn(`npm install -g test skipped: ${reason}`);
  return reason;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-npm-global-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(await registryUnreachable())('npm install -g . on a fresh clone', () => {
  it('builds the clone and installs a working dockdoc command (temp copy, temp prefix)', async () => {
    const clone = path.join(scratch, 'clone');
    const prefix = path.join(scratch, 'prefix');
    await execa('git', ['clone', '--quiet', REPO_ROOT, clone]);
    const install = await execa('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '.'], { cwd: clone, reject: false, timeout: 540_000 });
    expect(install.exitCode, install.stderr).toBe(0);
    const dockdoc = path.join(prefix, 'bin', 'dockdoc');
    expect((await execa(dockdoc, ['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await execa(dockdoc, ['explain', 'dd401'])).stdout).toMatch(/^# DD401/);
  }, 600_000);
});
