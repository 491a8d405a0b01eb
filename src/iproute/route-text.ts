import type { RouteEntry } from '../snapshot/schema.js';

/** Route types ip prints before the destination; a line without one is a unicast route. */
const ROUTE_TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'unreachable', 'blackhole', 'prohibit', 'throw', 'nat', 'anycast']);

/** Route attributes ip prints as `key value`; the rest of a line is flags (onlink, linkdown, dead, ...). */
const VALUED = new Set([
  'via', 'dev', 'table', 'proto', 'scope', 'src', 'metric', 'mtu', 'advmss', 'pref', 'expires', 'hoplimit', 'weight', 'nhid',
  'realm', 'realms', 'error', 'from', 'tos', 'dsfield', 'rtt', 'rttvar', 'reordering', 'window', 'cwnd', 'ssthresh',
  'initcwnd', 'initrwnd', 'quickack', 'congctl', 'features', 'fastopen_no_cookie', 'ttl-propagate', 'encap', 'iif', 'oif', 'mark', 'uid',
]);

/** Old iproute2 (3.10, as on EL7) prints an all-zero `via` on local IPv6 routes: no gateway. */
const NO_GATEWAY = new Set(['::', '0.0.0.0']);

export class RouteTextError extends Error {}

/**
 * The text form of `ip -4|-6 route show table all`, for hosts whose iproute2 has no `-j` (before 4.17, e.g. EL7's
 * 3.10 and 4.11): the same entries `ip -j` gives. Fields are separated by one space (two on old versions); a
 * multipath route continues on lines that start with a tab and `nexthop`, and, like `ip -j`, has no single dev or
 * gateway.
 */
export function routesFromText(text: string, family: 4 | 6): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      if (/^\s+nexthop\b/.test(line) && routes.length > 0) continue;
      throw new RouteTextError(`line ${index + 1}: unexpected continuation line: ${line.trim()}`);
    }
    routes.push(routeFromLine(line, family, index + 1));
  }
  return routes;
}

function routeFromLine(line: string, family: 4 | 6, lineNumber: number): RouteEntry {
  const words = line.trim().split(/\s+/);
  let at = 0;
  let type = 'unicast';
  if (ROUTE_TYPES.has(words[0]!) && words.length > 1) type = words[at++]!;
  const dst = words[at++];
  if (dst === undefined) throw new RouteTextError(`line ${lineNumber}: no destination`);
  const values = new Map<string, string>();
  while (at < words.length) {
    const key = words[at++]!;
    if (!VALUED.has(key)) continue;
    let value = words[at++];
    // `via inet6 fe80::1`: a gateway of the other family names it first.
    if (key === 'via' && (value === 'inet' || value === 'inet6')) value = words[at++];
    if (value === undefined) throw new RouteTextError(`line ${lineNumber}: "${key}" without a value`);
    if (!values.has(key)) values.set(key, value);
  }
  const via = values.get('via');
  return {
    family,
    dst,
    dev: values.get('dev') ?? null,
    gateway: via === undefined || NO_GATEWAY.has(via) ? null : via,
    scope: values.get('scope') ?? null,
    table: values.get('table') ?? 'main',
    type,
    protocol: values.get('proto') ?? null,
  };
}
