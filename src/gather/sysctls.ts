import { readRegularFile } from '../files/readRegular.js';
import type { Fact } from '../snapshot/fact.js';
import type { SysctlFact } from '../snapshot/schema.js';
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

/** A sysctl value is one short line; anything longer (or not a regular file, under --root) is not one. */
const SYSCTL_MAX_BYTES = 4096;

export async function gatherSysctls(root: string): Promise<Fact<SysctlFact>> {
  const values: SysctlFact['values'] = {};
  for (const name of WATCHED_SYSCTLS) {
    const file = hostPath(root, `/proc/sys/${name.replaceAll('.', '/')}`);
    values[name] = await readRegularFile(file, { maxBytes: SYSCTL_MAX_BYTES }).then(
      (text) => text.trim(),
      () => null,
    );
  }
  return { values };
}
