import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { ResolvConfFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';

const RESOLVED_STUB = '127.0.0.53';
const RESOLVED_UPSTREAM = '/run/systemd/resolve/resolv.conf';

export function nameserversOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1])
    .filter((ns): ns is string => ns !== undefined);
}

/**
 * The nameservers dockerd avoids when allocating: when /etc/resolv.conf holds only systemd-resolved's stub,
 * dockerd reads the upstream servers from /run/systemd/resolve/resolv.conf instead, and so does dockdoc.
 */
export async function gatherResolvConf(root: string, explicitPath: string | undefined, io: HostIo = LIVE_HOST_IO): Promise<Fact<ResolvConfFact>> {
  const path = explicitPath ?? '/etc/resolv.conf';
  const file = await io.readFile(explicitPath ?? hostPath(root, path), path, 'hostFile');
  if (isUnavailable(file)) return file;
  if (!file.present) return unavailable(`${path} does not exist`);
  const nameservers = nameserversOf(file.text!);
  if (explicitPath === undefined && nameservers.length === 1 && nameservers[0] === RESOLVED_STUB) {
    const upstream = await io.readFile(hostPath(root, RESOLVED_UPSTREAM), RESOLVED_UPSTREAM, 'hostFile');
    if (!isUnavailable(upstream) && upstream.present) {
      return { path: upstream.path, text: upstream.text!, nameservers: nameserversOf(upstream.text!) };
    }
  }
  return { path, text: file.text!, nameservers };
}
