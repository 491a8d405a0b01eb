import type { InterfaceEntry, RouteEntry } from '../snapshot/schema.js';

interface IpRoute {
  dst: string;
  dev?: string;
  gateway?: string;
  scope?: string;
  table?: string;
  type?: string;
  protocol?: string;
}

interface IpAddr {
  ifname: string;
  operstate?: string;
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

/** `ip -j -4|-6 route show table all` → routes. ip leaves out the defaults (table main, type unicast). */
export function routesFromJson(text: string, family: 4 | 6): RouteEntry[] {
  return (JSON.parse(text || '[]') as IpRoute[]).map((route) => ({
    family,
    dst: route.dst,
    dev: route.dev ?? null,
    gateway: route.gateway ?? null,
    scope: route.scope ?? null,
    table: route.table ?? 'main',
    type: route.type ?? 'unicast',
    protocol: route.protocol ?? null,
  }));
}

/** `ip -j addr` → interfaces with their IPv4 and IPv6 addresses (the local end of a point-to-point address). */
export function interfacesFromJson(text: string): InterfaceEntry[] {
  return (JSON.parse(text || '[]') as IpAddr[]).map((link) => ({
    name: link.ifname,
    state: link.operstate ?? 'UNKNOWN',
    addresses: (link.addr_info ?? [])
      .filter((a) => a.family === 'inet' || a.family === 'inet6')
      .map((a) => ({ family: a.family === 'inet' ? 4 : 6, address: a.local, prefixLength: a.prefixlen })),
  }));
}
