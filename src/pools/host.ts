import { comparePrefixes, parseAddress, type Prefix } from '../net/prefix.js';
import { RangeSet } from '../net/range-set.js';
import { routeDestination } from '../iproute/lookup.js';
import type { RouteEntry } from '../snapshot/schema.js';
import type { PoolBehaviour } from './behaviour.js';

/** Something on the host that dockerd's dynamic allocation steers around, and why. */
export interface HostReservation {
  prefix: Prefix;
  kind: 'nameserver' | 'route';
  /** As a person would recognise it: "nameserver 10.255.255.53", "route 172.18.5.0/24 dev dummy0 scope link". */
  source: string;
}

/** The host's reservations in the two shapes the allocators use. */
export interface HostReservations {
  list: HostReservation[];
  set: RangeSet;
  /** Sorted prefixes of one family, as 27+ passes them to the allocator (PoolRequest.Exclude). */
  sorted(family: 4 | 6): Prefix[];
}

export function describeRoute(route: RouteEntry): string {
  const parts = [`route ${route.dst}`];
  if (route.gateway) parts.push(`via ${route.gateway}`);
  if (route.dev) parts.push(`dev ${route.dev}`);
  if (route.scope) parts.push(`scope ${route.scope}`);
  if (route.table !== 'main') parts.push(`table ${route.table}`);
  return parts.join(' ');
}

/**
 * What dockerd's host check looks at (moby@v20.10.24:vendor/github.com/docker/libnetwork/netutils/utils_linux.go#L114, moby@docker-v29.7.2:daemon/libnetwork/netutils/utils_linux.go#L60; netutils FindAvailableNetwork / InferReservedNetworks):
 * every nameserver of the resolv.conf it reads, and the IPv4 routes of the main table that have a destination —
 * only on-link ones from 20.10.15 on. Routes via a gateway, other tables and IPv6 routes never count.
 */
export function hostReservations(
  routes: readonly RouteEntry[],
  nameservers: readonly string[],
  behaviour: PoolBehaviour,
): HostReservations {
  const list: HostReservation[] = [];
  for (const text of nameservers) {
    try {
      const { family, value } = parseAddress(text);
      list.push({ prefix: { family, address: value, length: family === 4 ? 32 : 128 }, kind: 'nameserver', source: `nameserver ${text}` });
    } catch {
      // dockerd skips what it cannot parse as well.
    }
  }
  for (const route of routes) {
    if (route.family !== 4 || route.table !== 'main') continue;
    if (behaviour.onLinkRoutesOnly && route.scope !== 'link') continue;
    const dst = routeDestination(route);
    if (dst) list.push({ prefix: dst, kind: 'route', source: describeRoute(route) });
  }
  return reservationsOf(list);
}

export function reservationsOf(list: HostReservation[]): HostReservations {
  const set = RangeSet.ofPrefixes(list.map((r) => r.prefix));
  const sorted = (family: 4 | 6): Prefix[] =>
    list
      .map((r) => r.prefix)
      .filter((p) => p.family === family)
      .sort(comparePrefixes);
  return { list, set, sorted };
}
