import { interfacesFromText } from '../iproute/addr-text.js';
import { interfacesFromJson, routesFromJson } from '../iproute/json.js';
import { routesFromText } from '../iproute/route-text.js';
import { isUnavailable, unavailable, type Fact, type Unavailable } from '../snapshot/fact.js';
import type { InterfaceEntry, RouteEntry } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';
import type { CommandOutput } from './command.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { ADDRESS_LISTING, claimEarlyIpListing, routeListing } from './ipListings.js';

/**
 * Runs `ip -j ARGS`, or `ip ARGS` where this iproute2 has no JSON output: before 4.13 it refuses `-j` ('Option "-j"
 * is unknown'), and up to 4.16 `ip -j route` prints text. Either form is parsed to the same entries.
 */
async function ipOutput<T>(
  args: string[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
  fromJson: (text: string) => T,
  fromText: (text: string) => T,
  io: HostIo,
): Promise<Fact<T>> {
  // Live, bin/dockdoc.js may have started the run before the program loaded (src/gather/ipListings.ts).
  const early = io === LIVE_HOST_IO ? claimEarlyIpListing(args, signal) : null;
  let output: CommandOutput | Unavailable = await (early ?? io.run('ip', ['-j', ...args], timeoutMs, { signal }));
  if (isUnavailable(output)) {
    if (!output.unavailable.includes('"-j"')) return output;
    output = await io.run('ip', args, timeoutMs, { signal });
    if (isUnavailable(output)) return output;
  }
  const stdout = output.stdout;
  try {
    return /^\s*(\[|$)/.test(stdout) ? fromJson(stdout) : fromText(stdout);
  } catch (error) {
    return unavailable(`could not read the output of \`ip ${args.join(' ')}\`: ${describeError(error)}`);
  }
}

/**
 * Every routing table, both families by default: dockerd only looks at on-link IPv4 routes of main, but the doctor looks
 * at all. `families` narrows it for a run that reads only some (`dockdoc pools` in text or JSON: src/gather/ipListings.ts).
 */
export async function gatherRoutes(
  timeoutMs: number,
  signal?: AbortSignal,
  io: HostIo = LIVE_HOST_IO,
  families: readonly (4 | 6)[] = [4, 6],
): Promise<Fact<RouteEntry[]>> {
  const routes: RouteEntry[] = [];
  for (const family of families) {
    const familyRoutes = await ipOutput(
      routeListing(family),
      timeoutMs,
      signal,
      (text) => routesFromJson(text, family),
      (text) => routesFromText(text, family),
      io,
    );
    if (isUnavailable(familyRoutes)) return familyRoutes;
    routes.push(...familyRoutes);
  }
  return routes;
}

export async function gatherAddresses(timeoutMs: number, signal?: AbortSignal, io: HostIo = LIVE_HOST_IO): Promise<Fact<InterfaceEntry[]>> {
  return ipOutput(ADDRESS_LISTING, timeoutMs, signal, interfacesFromJson, interfacesFromText, io);
}
