import type { Unavailable } from '../snapshot/fact.js';
import { commandOutcome, type CommandOutput, type CommandResult } from './command.js';
import { runBoundedInOneShell } from './commandsInOneShell.js';
import { claimEarly, startEarlyTogether } from './earlyWork.js';
import { TIMEOUT_RANGE_MS } from './options.js';

/** The listings the address gatherers ask `ip` for (src/gather/network.ts), before the `-j` that asks for JSON. */
export const routeListing = (family: 4 | 6): string[] => [`-${family}`, 'route', 'show', 'table', 'all'];
export const ADDRESS_LISTING = ['addr'];

const earlyName = (args: string[]): string => `ip -j ${args.join(' ')} (early)`;

/**
 * Starts the three `ip -j` listings before the program is loaded, for the commands that gather this host's routes and
 * addresses: each run overlaps loading the program instead of following it. One shell starts all three
 * (src/gather/commandsInOneShell.ts): on a small VM each spawn from node holds node up 5–11 ms, one spawn of the
 * shell about as long as one of them. Both route listings start at once, where the gatherer asks for IPv6 only after
 * IPv4 answered: an IPv6 listing left unclaimed is stopped (src/gather/earlyWork.ts).
 */
export function startEarlyIpListings(): void {
  const listings = [routeListing(4), routeListing(6), ADDRESS_LISTING];
  startEarlyTogether(listings.map(earlyName), (signals) => {
    const commands = listings.map((args, index) => ({ file: 'ip', args: ['-j', ...args], signal: signals[index] as AbortSignal }));
    const results = runBoundedInOneShell(commands, TIMEOUT_RANGE_MS.max);
    return commands.map(({ file, args }, index) => (results[index] as Promise<CommandResult>).then((result) => commandOutcome(file, args, result)));
  });
}

/** The early `ip -j ARGS` run, once (see claimEarly); null when none was started. */
export function claimEarlyIpListing(args: string[], signal: AbortSignal | undefined): Promise<CommandOutput | Unavailable> | null {
  return claimEarly<CommandOutput | Unavailable>(earlyName(args), signal);
}
