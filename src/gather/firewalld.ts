import { isUnavailable, type Fact } from '../snapshot/fact.js';
import type { FirewalldFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';

const CONF = '/etc/firewalld/firewalld.conf';

/**
 * firewalld's config file, and on a live host with firewalld running, the zone of every interface and the policies.
 * dockerd (20.10+) puts each bridge in zone `docker` over D-Bus at runtime, so only the running firewalld knows it.
 */
export async function gatherFirewalld(root: string, timeoutMs: number, io: HostIo = LIVE_HOST_IO): Promise<Fact<FirewalldFact>> {
  const conf = await io.readFile(hostPath(root, CONF), CONF, 'hostFile');
  if (isUnavailable(conf)) return conf;
  if (root !== '/') return { conf, running: null, zones: {}, policies: null };
  // `--state` exits 252 with "not running"; a missing firewall-cmd means firewalld is not installed.
  const state = await io.run('firewall-cmd', ['--state'], timeoutMs, { exitCodeIsAnswer: true });
  if (isUnavailable(state)) return { conf, running: null, zones: {}, policies: null };
  if (state.stdout.trim() !== 'running') return { conf, running: false, zones: {}, policies: null };
  const active = await io.run('firewall-cmd', ['--get-active-zones'], timeoutMs);
  if (isUnavailable(active)) return active;
  const policies = await io.run('firewall-cmd', ['--get-policies'], timeoutMs);
  return { conf, running: true, zones: activeZones(active.stdout), policies: isUnavailable(policies) ? null : policies.stdout.trim().split(/\s+/).filter(Boolean) };
}

/**
 * `firewall-cmd --get-active-zones`:
 * ```
 * docker
 *   interfaces: br-1a2b docker0
 * public (default)
 *   interfaces: eth0
 * ```
 */
export function activeZones(text: string): Record<string, string> {
  const zones: Record<string, string> = {};
  let zone: string | null = null;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) zone = line.trim().split(/\s+/)[0] ?? null;
    const match = /^\s+interfaces:\s*(.*)$/.exec(line);
    if (zone && match) for (const name of match[1]!.split(/\s+/).filter(Boolean)) zones[name] = zone;
  }
  return zones;
}
