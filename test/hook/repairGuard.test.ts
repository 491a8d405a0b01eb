import { build } from 'esbuild';
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimRepair, REPAIR_CLAIM_PATH } from '../../src/hook/repairGuard.js';
import { REPO_ROOT } from '../helpers/cli.js';

const MINUTE = 60_000;
const roots: string[] = [];
function root(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-guard-'));
  roots.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('claimRepair', () => {
  it('grants the first repair, holds the next back for the cooldown, then grants again', async () => {
    const dir = root();
    const first = new Date('2025-03-01T10:00:00.000Z');
    expect(await claimRepair(dir, 10 * MINUTE, first)).toEqual({ granted: true });
    expect(readFileSync(path.join(dir, REPAIR_CLAIM_PATH), 'utf8')).toBe('2025-03-01T10:00:00.000Z\n');
    expect(await claimRepair(dir, 10 * MINUTE, new Date('2025-03-01T10:09:59.999Z'))).toEqual({ granted: false, lastRepairAt: first });
    expect(await claimRepair(dir, 10 * MINUTE, new Date('2025-03-01T10:10:00.000Z'))).toEqual({ granted: true });
    expect(readFileSync(path.join(dir, REPAIR_CLAIM_PATH), 'utf8')).toBe('2025-03-01T10:10:00.000Z\n');
    // Only the claim and the successor slot of the claim it replaced are left behind: no candidate files.
    expect(readdirSync(path.join(dir, 'run/dockdoc')).map((name) => name.replace(/after-[0-9a-f]+$/, 'after-…'))).toEqual([
      'hook-repair.claim',
      'hook-repair.claim.after-…',
    ]);
  });

  it('does not let a clock stepped back hold repairs for longer than the cooldown', async () => {
    const dir = root();
    await claimRepair(dir, 10 * MINUTE, new Date('2025-03-01T12:00:00.000Z'));
    expect((await claimRepair(dir, 10 * MINUTE, new Date('2025-03-01T11:55:00.000Z'))).granted).toBe(false);
    expect(await claimRepair(dir, 10 * MINUTE, new Date('2025-03-01T11:00:00.000Z'))).toEqual({ granted: true });
  });

  it('replaces an unreadable record', async () => {
    const dir = root();
    await claimRepair(dir, 10 * MINUTE, new Date('2025-03-01T12:00:00.000Z'));
    writeFileSync(path.join(dir, REPAIR_CLAIM_PATH), 'garbage\n');
    expect(await claimRepair(dir, 10 * MINUTE, new Date('2025-03-01T12:01:00.000Z'))).toEqual({ granted: true });
  });

  it('grants exactly one of many hooks racing from separate processes, fresh and after expiry', async () => {
    const dir = root();
    // Each racing process loads the guard on its own: bundle the module for plain node.
    const guard = path.join(root(), 'repairGuard.mjs');
    await build({ entryPoints: [path.join(REPO_ROOT, 'src/hook/repairGuard.ts')], outfile: guard, bundle: true, format: 'esm', platform: 'node', logLevel: 'error' });
    const race = async (now: string) => {
      const script = `import { claimRepair } from ${JSON.stringify(guard)};
        process.stdout.write(JSON.stringify(await claimRepair(${JSON.stringify(dir)}, ${10 * MINUTE}, new Date(${JSON.stringify(now)}))));`;
      const runs = await Promise.all(
        Array.from({ length: 8 }, () => execa(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 })),
      );
      return runs.map((run) => (JSON.parse(run.stdout) as { granted: boolean }).granted).filter(Boolean).length;
    };
    expect(await race('2025-03-01T10:00:00.000Z')).toBe(1);
    expect(await race('2025-03-01T10:05:00.000Z')).toBe(0);
    expect(await race('2025-03-01T10:20:00.000Z')).toBe(1);
    expect(await race('2025-03-01T10:40:00.000Z')).toBe(1);
    // The claim, and the successor slot of the claim it replaced last.
    expect(readdirSync(path.join(dir, 'run/dockdoc')).map((name) => name.replace(/after-[0-9a-f]+$/, 'after-…'))).toEqual([
      'hook-repair.claim',
      'hook-repair.claim.after-…',
    ]);
  }, 120_000); // 32 node processes on two cores
});
