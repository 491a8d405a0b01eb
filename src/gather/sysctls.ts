import { overCap } from '../limits/caps.js';
import { isUnavailable, type Fact } from '../snapshot/fact.js';
import type { SysctlFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';

/**
 * The sysctls Docker networking depends on; bridge-nf-* exist only while br_netfilter is loaded. IPv6 forwarding
 * needs both `all` and `default` (dockerd 29's checkIPv6Forwarding reads both).
 */
export const WATCHED_SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.ipv6.conf.all.forwarding',
  'net.ipv6.conf.default.forwarding',
  'net.bridge.bridge-nf-call-iptables',
  'net.bridge.bridge-nf-call-ip6tables',
];

/** null for a key that is absent (br_netfilter not loaded), unreadable, or not one short value (over its cap). */
export async function gatherSysctls(root: string, io: HostIo = LIVE_HOST_IO): Promise<Fact<SysctlFact>> {
  const values: SysctlFact['values'] = {};
  for (const name of WATCHED_SYSCTLS) {
    const path = `/proc/sys/${name.replaceAll('.', '/')}`;
    const file = await io.readFile(hostPath(root, path), path, 'sysctl');
    values[name] = isUnavailable(file) || !file.present || overCap('sysctl', file.text!) ? null : file.text!.trim();
  }
  return { values };
}
