import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hostPath } from '../gather/hostPath.js';

/**
 * Where the last unattended repair is recorded. /run is a tmpfs, so the record does not survive a reboot, and the
 * first repair after boot is never held back by one from before it.
 */
export const REPAIR_CLAIM_PATH = '/run/dockdoc/hook-repair.claim';

export type RepairClaim =
  | { granted: true }
  | { granted: false; lastRepairAt: Date };

/**
 * The restart-loop guard: at most one unattended repair per cooldown, host-wide. A repair restarts dockerd; if
 * something then restarts a firewall service again (a unit bound to docker.service, a configuration tool, a repair
 * that cannot succeed), hooks would restart dockerd forever. The claim is taken before repairing, so a failed repair
 * counts too. iptables.service and ip6tables.service often reload together: link(2) and rename(2) are atomic, so two
 * hooks racing for the same claim cannot both win it.
 */
export async function claimRepair(root: string, cooldownMs: number, now: Date): Promise<RepairClaim> {
  const claimPath = hostPath(root, REPAIR_CLAIM_PATH);
  await mkdir(path.dirname(claimPath), { recursive: true, mode: 0o755 });
  const token = `${process.pid}-${now.getTime()}-${Math.random().toString(36).slice(2)}`;
  const candidate = `${claimPath}.${token}`;
  await writeFile(candidate, `${now.toISOString()}\n`, { mode: 0o644 });
  try {
    // Two rounds: one may be lost to a hook that moved the same expired claim aside at the same moment.
    for (let round = 0; round < 2; round++) {
      if (await linked(candidate, claimPath)) return { granted: true };
      const lastRepairAt = await claimedAt(claimPath);
      // abs(): a clock stepped back must not hold repairs back for longer than the cooldown.
      if (lastRepairAt !== null && Math.abs(now.getTime() - lastRepairAt.getTime()) < cooldownMs) return { granted: false, lastRepairAt };
      const expired = `${claimPath}.expired-${token}`;
      if (await renamed(claimPath, expired)) await unlink(expired);
    }
    if (await linked(candidate, claimPath)) return { granted: true };
    return { granted: false, lastRepairAt: (await claimedAt(claimPath)) ?? now };
  } finally {
    await unlink(candidate);
  }
}

async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function renamed(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** When the current claim was taken; null when it is gone (another hook moved it aside) or unreadable (then replaced). */
async function claimedAt(claimPath: string): Promise<Date | null> {
  let text: string;
  try {
    text = await readFile(claimPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const time = new Date(text.trim());
  return Number.isNaN(time.getTime()) ? null : time;
}
