import { isUnavailable, type Fact } from '../snapshot/fact.js';
import type { InterfaceEntry, RouteEntry } from '../snapshot/schema.js';
import { runCommand } from './command.js';

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

/** Every routing table, both families: dockerd only looks at on-link routes of main, but the doctor looks at all. */
export async function gatherRoutes(timeoutMs: number, signal?: AbortSignal): Promise<Fact<RouteEntry[]>> {
  const routes: RouteEntry[] = [];
  for (const family of [4, 6] as const) {
    const output = await runCommand('ip', ['-j', `-${family}`, 'route', 'show', 'table', 'all'], timeoutMs, signal);
    if (isUnavailable(output)) return output;
    for (const route of JSON.parse(output.stdout || '[]') as IpRoute[]) {
      routes.push({
        family,
        dst: route.dst,
        dev: route.dev ?? null,
        gateway: route.gateway ?? null,
        scope: route.scope ?? null,
        table: route.table ?? 'main',
        type: route.type ?? 'unicast',
        protocol: route.protocol ?? null,
      });
    }
  }
  return routes;
}

export async function gatherAddresses(timeoutMs: number, signal?: AbortSignal): Promise<Fact<InterfaceEntry[]>> {
  const output = await runCommand('ip', ['-j', 'addr'], timeoutMs, signal);
  if (isUnavailable(output)) return output;
  return (JSON.parse(output.stdout || '[]') as IpAddr[]).map((link) => ({
    name: link.ifname,
    state: link.operstate ?? 'UNKNOWN',
    addresses: (link.addr_info ?? [])
      .filter((a) => a.family === 'inet' || a.family === 'inet6')
      .map((a) => ({ family: a.family === 'inet' ? 4 : 6, address: a.local, prefixLength: a.prefixlen })),
  }));
}
