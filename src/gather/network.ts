import { isUnavailable, type Fact } from '../snapshot/fact.js';
import type { InterfaceEntry, RouteEntry } from '../snapshot/schema.js';
import { runCommand } from './command.js';
import { interfacesFromIpJson, routesFromIpJson } from './ipJson.js';

/** Every routing table, both families: dockerd only looks at on-link routes of main, but the doctor looks at all. */
export async function gatherRoutes(timeoutMs: number): Promise<Fact<RouteEntry[]>> {
  const routes: RouteEntry[] = [];
  for (const family of [4, 6] as const) {
    const output = await runCommand('ip', ['-j', `-${family}`, 'route', 'show', 'table', 'all'], timeoutMs);
    if (isUnavailable(output)) return output;
    const parsed = routesFromIpJson(output.stdout, family);
    if (isUnavailable(parsed)) return parsed;
    routes.push(...parsed);
  }
  return routes;
}

export async function gatherAddresses(timeoutMs: number): Promise<Fact<InterfaceEntry[]>> {
  const output = await runCommand('ip', ['-j', 'addr'], timeoutMs);
  if (isUnavailable(output)) return output;
  return interfacesFromIpJson(output.stdout);
}
