import type { InterfaceEntry, RouteEntry } from '../snapshot/schema.js';

/** Output of `ip -j` that is not the JSON list iproute2 prints (a wrapper script, a truncated pipe). */
export class IpJsonError extends Error {}

/**
 * `ip -j -4|-6 route show table all` → routes. ip leaves out the defaults (table main, type unicast). Entries that
 * are not shaped as iproute2 prints them are left out rather than carried into the snapshot with the wrong types.
 */
export function routesFromJson(text: string, family: 4 | 6): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const route of jsonList(text)) {
    if (!isRecord(route) || typeof route['dst'] !== 'string') continue;
    routes.push({
      family,
      dst: route['dst'],
      dev: stringOrNull(route['dev']),
      gateway: stringOrNull(route['gateway']),
      scope: stringOrNull(route['scope']),
      table: stringOrNull(route['table']) ?? 'main',
      type: stringOrNull(route['type']) ?? 'unicast',
      protocol: stringOrNull(route['protocol']),
    });
  }
  return routes;
}

/** `ip -j addr` → interfaces with their IPv4 and IPv6 addresses (the local end of a point-to-point address). */
export function interfacesFromJson(text: string): InterfaceEntry[] {
  const interfaces: InterfaceEntry[] = [];
  for (const link of jsonList(text)) {
    if (!isRecord(link) || typeof link['ifname'] !== 'string') continue;
    const addresses: InterfaceEntry['addresses'] = [];
    for (const a of Array.isArray(link['addr_info']) ? link['addr_info'] : []) {
      if (!isRecord(a) || (a['family'] !== 'inet' && a['family'] !== 'inet6') || typeof a['local'] !== 'string' || typeof a['prefixlen'] !== 'number') continue;
      addresses.push({ family: a['family'] === 'inet' ? 4 : 6, address: a['local'], prefixLength: a['prefixlen'] });
    }
    interfaces.push({ name: link['ifname'], state: stringOrNull(link['operstate']) ?? 'UNKNOWN', addresses });
  }
  return interfaces;
}

function jsonList(text: string): unknown[] {
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IpJsonError(`not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new IpJsonError('JSON that is not a list');
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
