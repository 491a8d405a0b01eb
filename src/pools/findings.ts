import type { Location } from '../engine/types.js';
import { containsPrefix, overlaps, tryPrefix, type Prefix } from '../net/prefix.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import { routeDestination } from '../iproute/lookup.js';
import { describeRoute } from './host.js';
import type { Placed } from './settings.js';

/** Where a setting was written, for a finding's location. */
export function settingLocation(setting: Placed<unknown> | { file?: string; at?: { line: number; column: number } }): Location {
  const file = 'file' in setting && setting.file ? setting.file : 'daemon.json';
  return setting.at ? { file, line: setting.at.line, column: setting.at.column } : { file };
}

/** Docker's own links: docker0 and the br-<id> bridges of user networks (stale or not: DD208 tells them apart). */
export function isDockerBridge(dev: string | null): boolean {
  return dev === 'docker0' || (dev !== null && /^br-[0-9a-f]{12}$/.test(dev));
}

/** Something on the host a Docker subnet collides with. */
export interface HostClash {
  kind: 'route' | 'address' | 'nameserver' | 'reserved';
  prefix: Prefix;
  text: string;
  /** dockerd's dynamic allocation avoids it (on-link IPv4 route of main, nameserver); the rest it never checks. */
  avoidedByDockerd: boolean;
}

/**
 * Routes, interface addresses, nameservers and declared reserved ranges that overlap `subnet`, leaving out Docker's
 * own bridges and default-like routes (0/0, and the /1 halves OpenVPN's def1 installs): a container network never
 * competes with those.
 */
export function hostClashes(snapshot: Snapshot, subnet: Prefix, reserved: readonly { cidr: string; name: string }[], ownBridge: string | null = null): HostClash[] {
  const clashes: HostClash[] = [];
  for (const route of available(snapshot.facts.routes) ?? []) {
    if (route.type !== 'unicast' || isDockerBridge(route.dev) || route.dev === ownBridge) continue;
    const dst = routeDestination(route);
    if (!dst || dst.length <= 1 || !overlaps(dst, subnet)) continue;
    const avoided = route.family === 4 && route.table === 'main' && route.scope === 'link';
    clashes.push({ kind: 'route', prefix: dst, text: describeRoute(route), avoidedByDockerd: avoided });
  }
  for (const link of available(snapshot.facts.addresses) ?? []) {
    if (isDockerBridge(link.name) || link.name === ownBridge || link.name === 'lo') continue;
    for (const a of link.addresses) {
      const net = tryPrefix(`${a.address}/${a.prefixLength}`);
      if (net && overlaps(net, subnet)) {
        clashes.push({ kind: 'address', prefix: net, text: `${a.address}/${a.prefixLength} on ${link.name}`, avoidedByDockerd: a.family === 4 });
      }
    }
  }
  for (const server of available(snapshot.facts.resolvConf)?.nameservers ?? []) {
    const host = tryPrefix(server.includes(':') ? `${server}/128` : `${server}/32`);
    if (host && containsPrefix(subnet, host)) clashes.push({ kind: 'nameserver', prefix: host, text: `nameserver ${server}`, avoidedByDockerd: true });
  }
  for (const r of reserved) {
    const p = tryPrefix(r.cidr);
    if (p && overlaps(p, subnet)) clashes.push({ kind: 'reserved', prefix: p, text: `reserved range ${r.name} (${r.cidr})`, avoidedByDockerd: false });
  }
  return clashes;
}

