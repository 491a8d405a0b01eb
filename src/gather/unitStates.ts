import path from 'node:path';
import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { UnitEnablement, UnitStatesFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';

/** The firewall units whose restart can wipe Docker's rules (DD409, DD411). */
export const FIREWALL_UNITS = ['iptables.service', 'ip6tables.service', 'netfilter-persistent.service', 'nftables.service', 'firewalld.service'] as const;

const ENABLEMENTS: readonly UnitEnablement[] = ['enabled', 'disabled', 'masked', 'static', 'not-found'];
const ACTIVE_STATES = ['active', 'inactive', 'failed'] as const;

/**
 * Whether each firewall unit is enabled and active. On the live host `systemctl is-enabled` / `is-active` (each
 * bounded); under --root, or where systemctl does not answer, the symlinks systemctl enable writes under
 * /etc/systemd/system (no active state can be read from files).
 */
export async function gatherUnitStates(root: string, timeoutMs: number, io: HostIo = LIVE_HOST_IO): Promise<Fact<UnitStatesFact>> {
  if (root === '/') {
    const live = await fromSystemctl(timeoutMs, io);
    if (!isUnavailable(live)) return live;
  }
  return fromSymlinks(root, io);
}

async function fromSystemctl(timeoutMs: number, io: HostIo): Promise<Fact<UnitStatesFact>> {
  const units: UnitStatesFact['units'] = {};
  // Only units with a unit file (or a mask) are asked about: two commands each, and most hosts have one or none.
  for (const unit of FIREWALL_UNITS) {
    if (!(await installed('/', unit, io))) continue;
    const enabled = await io.run('systemctl', ['is-enabled', unit], timeoutMs, { exitCodeIsAnswer: true });
    if (isUnavailable(enabled)) return enabled;
    const active = await io.run('systemctl', ['is-active', unit], timeoutMs, { exitCodeIsAnswer: true });
    if (isUnavailable(active)) return active;
    // "Failed to get unit file state for x.service: No such file or directory" on stderr for a unit that is not installed.
    const enabledWord = enabled.stdout.trim() || (/No such file/.test(enabled.stderr) ? 'not-found' : '');
    // Without a running systemd (a container, a chroot) systemctl answers only on stderr: read the symlinks instead.
    if (enabledWord === '') return unavailable(`\`systemctl is-enabled ${unit}\` gave no state: ${enabled.stderr.trim().split('\n')[0] ?? ''}`);
    if (enabledWord === 'not-found') continue;
    const activeWord = active.stdout.trim();
    units[unit] = {
      enabled: (ENABLEMENTS as readonly string[]).includes(enabledWord) ? (enabledWord as UnitEnablement) : 'other',
      // is-enabled reads unit files, is-active asks the running systemd: without one, the active state is unknown.
      active: activeWord === '' ? null : (ACTIVE_STATES as readonly string[]).includes(activeWord) ? (activeWord as (typeof ACTIVE_STATES)[number]) : 'other',
    };
  }
  return { source: 'systemctl', units };
}

const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

/** A unit file in any unit directory, or a mask (a symlink to /dev/null) in /etc/systemd/system. */
async function installed(root: string, unit: string, io: HostIo): Promise<boolean> {
  for (const dir of UNIT_DIRS) if (await io.exists(hostPath(root, path.join(dir, unit)))) return true;
  return false;
}

async function fromSymlinks(root: string, io: HostIo): Promise<Fact<UnitStatesFact>> {
  const etc = hostPath(root, '/etc/systemd/system');
  const wantDirs = (await io.listDir(etc)).filter((name) => /\.(wants|requires)$/.test(name));
  const units: UnitStatesFact['units'] = {};
  for (const unit of FIREWALL_UNITS) {
    const masked = (await io.readLink(path.join(etc, unit))) === '/dev/null';
    if (!(await installed(root, unit, io))) continue;
    let wanted = false;
    for (const dir of wantDirs) if (!wanted) wanted = await io.exists(path.join(etc, dir, unit));
    units[unit] = { enabled: masked ? 'masked' : wanted ? 'enabled' : 'disabled', active: null };
  }
  return { source: 'symlinks', units };
}
