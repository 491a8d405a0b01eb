import { containsAddress, prefixOrHost, tryAddress, type Prefix } from '../net/prefix.js';
import type { RouteEntry } from '../snapshot/schema.js';

/**
 * The interface the main table routes `address` through (longest prefix wins; `default` is /0): where packets from
 * that address arrive, on a host without asymmetric routing. Null when no unicast route with a device matches.
 */
export function deviceToward(routes: readonly RouteEntry[], address: string): string | null {
  const target = tryAddress(address);
  if (!target) return null;
  let best: { length: number; dev: string } | null = null;
  for (const route of routes) {
    if (route.family !== target.family || route.table !== 'main' || route.type !== 'unicast' || route.dev === null) continue;
    const prefix = route.dst === 'default' ? { family: target.family, address: 0n, length: 0 } : routeDestination(route);
    if (!prefix || !containsAddress(prefix, target.family, target.value)) continue;
    if (best === null || prefix.length > best.length) best = { length: prefix.length, dev: route.dev };
  }
  return best?.dev ?? null;
}

/** A route's destination as a prefix (a bare address is its host prefix), or null for the default route and anything unparsable. */
export function routeDestination(route: RouteEntry): Prefix | null {
  if (route.dst === 'default') return null;
  try {
    return prefixOrHost(route.dst);
  } catch {
    return null;
  }
}
