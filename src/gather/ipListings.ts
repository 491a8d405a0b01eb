import type { Unavailable } from '../snapshot/fact.js';
import { runCommand, type CommandOutput } from './command.js';
import { claimEarly, startEarly } from './earlyWork.js';
import { routeFamilies, type HostListings } from './hostListings.js';
import { TIMEOUT_RANGE_MS } from './options.js';

/** The listings the address gatherers ask `ip` for (src/gather/network.ts), before the `-j` that asks for JSON. */
export const routeListing = (family: 4 | 6): string[] => [`-${family}`, 'route', 'show', 'table', 'all'];
export const ADDRESS_LISTING = ['addr'];

const earlyName = (args: string[]): string => `ip -j ${args.join(' ')} (early)`;

/**
 * Starts the `ip -j` listings a run reads before the program is loaded, for the commands that gather this host's routes
 * and addresses: each run overlaps loading the program instead of following it (on a small VM a process start is 10 ms
 * or more of the run, and starting one from a smaller process is cheaper). Both route listings start at once, where the
 * gatherer asks for IPv6 only after IPv4 answered: an IPv6 listing left unclaimed is stopped (src/gather/earlyWork.ts).
 */
export function startEarlyIpListings(which: HostListings): void {
  const listings = routeFamilies(which).map(routeListing);
  if (which === 'routes-and-addresses') listings.push(ADDRESS_LISTING);
  for (const args of listings) {
    startEarly(earlyName(args), (signal) => runCommand('ip', ['-j', ...args], TIMEOUT_RANGE_MS.max, { signal }));
  }
}

/** The early `ip -j ARGS` run, once (see claimEarly); null when none was started. */
export function claimEarlyIpListing(args: string[], signal: AbortSignal | undefined): Promise<CommandOutput | Unavailable> | null {
  return claimEarly<CommandOutput | Unavailable>(earlyName(args), signal);
}
