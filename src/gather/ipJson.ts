import { unavailable, type Unavailable } from '../snapshot/fact.js';
import type { InterfaceEntry, RouteEntry } from '../snapshot/schema.js';

/**
 * Readers of `ip -j` output. iproute2 prints well-formed JSON, but a wrapper script, an old iproute2 or a truncated
 * pipe may not: anything that is not the expected shape makes the fact unavailable (DD002) instead of throwing.
 */
export function routesFromIpJson(stdout: string, family: 4 | 6): RouteEntry[] | Unavailable {
  const list = jsonArray(stdout, 'ip route');
  if (!Array.isArray(list)) return list;
  const routes: RouteEntry[] = [];
  for (const route of list) {
    if (!isRecord(route) || typeof route['dst'] !== 'string') continue;
    routes.push({
      family,
      dst: route['dst'],
      dev: text(route['dev']),
      gateway: text(route['gateway']),
      scope: text(route['scope']),
      table: text(route['table']) ?? 'main',
      type: text(route['type']) ?? 'unicast',
      protocol: text(route['protocol']),
    });
  }
  return routes;
}

export function interfacesFromIpJson(stdout: string): InterfaceEntry[] | Unavailable {
  const list = jsonArray(stdout, 'ip addr');
  if (!Array.isArray(list)) return list;
  const interfaces: InterfaceEntry[] = [];
  for (const link of list) {
    if (!isRecord(link) || typeof link['ifname'] !== 'string') continue;
    const addresses: InterfaceEntry['addresses'] = [];
    for (const a of Array.isArray(link['addr_info']) ? link['addr_info'] : []) {
      if (!isRecord(a) || (a['family'] !== 'inet' && a['family'] !== 'inet6') || typeof a['local'] !== 'string' || typeof a['prefixlen'] !== 'number') continue;
      addresses.push({ family: a['family'] === 'inet' ? 4 : 6, address: a['local'], prefixLength: a['prefixlen'] });
    }
    interfaces.push({ name: link['ifname'], state: text(link['operstate']) ?? 'UNKNOWN', addresses });
  }
  return interfaces;
}

function jsonArray(stdout: string, command: string): unknown[] | Unavailable {
  if (stdout.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch (error) {
    return unavailable(`\`${command}\` printed something that is not JSON: ${(error as Error).message}`);
  }
  return Array.isArray(value) ? value : unavailable(`\`${command}\` printed JSON that is not a list`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
