import { isUnavailable, type Fact, type Unavailable } from '../snapshot/fact.js';
import { runCommand, type CommandOutput } from './command.js';
import { claimEarly, startEarly } from './earlyWork.js';
import { TIMEOUT_RANGE_MS } from './options.js';

export const TOOLS = {
  4: { main: 'iptables', save: 'iptables-save', perBackend: { nf_tables: 'iptables-nft-save', legacy: 'iptables-legacy-save' } },
  6: { main: 'ip6tables', save: 'ip6tables-save', perBackend: { nf_tables: 'ip6tables-nft-save', legacy: 'ip6tables-legacy-save' } },
} as const;

export type Run = (tool: string, args: string[]) => Promise<CommandOutput | Unavailable>;

/**
 * `-w` waits for the xtables lock where the save tool knows it. iptables-save 1.4.x ignores options it does not know
 * (getopt warns on stderr, the dump follows, exit 0: its option loop had no default case); 1.6.2 and later reject
 * them ("invalid option -- 'w'", exit 1, iptables commit d89dc47a), so retry without it there.
 */
export async function saveAllTables(tool: string, run: Run): Promise<Fact<string>> {
  const withLock = await run(tool, ['-w']);
  if (!isUnavailable(withLock)) return withLock.stdout;
  if (!withLock.unavailable.includes('invalid option')) return withLock;
  const plain = await run(tool, []);
  return isUnavailable(plain) ? plain : plain.stdout;
}

/** The name an early save is claimed by (src/gather/earlyWork.ts). */
const earlySaveName = (family: 4 | 6): string => `${TOOLS[family].save} (early)`;

/**
 * Starts both families' saves on this host before the program is loaded, for the commands that gather live: on a
 * large host `iptables-save` is the slowest part of a check, and it need not wait for commander, the rules and the
 * reporters to load.
 */
export function startEarlySaves(): void {
  for (const family of [4, 6] as const) {
    startEarly(earlySaveName(family), (signal) => saveAllTables(TOOLS[family].save, (tool, args) => runCommand(tool, args, TIMEOUT_RANGE_MS.max, { signal })));
  }
}

/** The family's early save, once (see claimEarly); null when none was started. */
export function claimEarlySave(family: 4 | 6, signal: AbortSignal | undefined): Promise<Fact<string>> | null {
  return claimEarly<Fact<string>>(earlySaveName(family), signal);
}
