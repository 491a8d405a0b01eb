import type { Ruleset } from '../iptables/ruleset.js';
import type { StreamedSave } from '../iptables/streamed-save.js';
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
 * A save read from a bundle: asked with `-w` first, then without where it is refused, the exchange the gather script
 * records (src/bundle/hostIo.ts answers the runs it recorded). iptables-save 1.4.x ignores options it does not know
 * (getopt warns on stderr, the dump follows, exit 0: its option loop had no default case); 1.6.2 and later reject them
 * ("invalid option -- 'w'", exit 1, iptables commit d89dc47a). On this host (`live`) the save is asked without it,
 * as the early save is: a refused run is one more process to start while the large save runs.
 */
export async function saveAllTables(tool: string, run: Run, live: boolean): Promise<Fact<string>> {
  if (live) return saveWithoutLockOption(tool, run);
  const withLock = await run(tool, ['-w']);
  if (!isUnavailable(withLock)) return withLock.stdout;
  if (!withLock.unavailable.includes('invalid option')) return withLock;
  return saveWithoutLockOption(tool, run);
}

/**
 * A save asked without `-w`, as the early save of this host is. No iptables-save has that option (its option table
 * and manual from 1.4 to 1.8 list -c, -t, -M, -f and -V; a save takes no xtables lock to wait for): 1.4.x ignores it
 * and 1.6.2 and later refuse it. Asked with it first, as saveAllTables does for the gather script's recorded runs, a modern host
 * paid a refused run and a trip through node's event loop, busy loading the program, before the real save began:
 * 55-65 ms on the critical path of a live check (issue 12, docs/performance.md).
 */
async function saveWithoutLockOption(tool: string, run: Run): Promise<Fact<string>> {
  const save = await run(tool, []);
  return isUnavailable(save) ? save : save.stdout;
}

/** The name an early save is claimed by (src/gather/earlyWork.ts). */
const earlySaveName = (family: 4 | 6): string => `${TOOLS[family].save} (early)`;

/** A save, and its output parsed as it was printed (null when it was not, or could not be: hostFirewall parses it then). */
export interface LiveSave {
  save: Fact<string>;
  parsed: Ruleset | null;
}

/**
 * Starts both families' saves on this host before the program is loaded, for the commands that gather live: on a
 * large host `iptables-save` is the slowest part of a check, and it need not wait for commander, the rules and the
 * reporters to load.
 *
 * With `parse` (`check`, which reads the rules), each save's tables are parsed while the rest is still printed: the
 * parser loads after the saves have started, and takes what came before it loaded first.
 */
export function startEarlySaves({ parse = false }: { parse?: boolean } = {}): void {
  const parser = parse ? import('../iptables/streamed-save.js') : null;
  for (const family of [4, 6] as const) {
    startEarly(earlySaveName(family), (signal) => {
      let reader: SaveReader | null = null;
      const run: Run = (tool, args) => {
        reader = parser ? new SaveReader(family, parser) : null;
        const onStdout = reader?.push;
        return runCommand(tool, args, TIMEOUT_RANGE_MS.max, { signal, ...(onStdout ? { onStdout } : {}) });
      };
      return saveWithoutLockOption(TOOLS[family].save, run).then(async (save): Promise<LiveSave> => ({
        save,
        parsed: isUnavailable(save) || !reader ? null : await reader.finish(),
      }));
    });
  }
}

/**
 * One run's output fed to the streaming parser (src/iptables/streamed-save.ts) as it comes. A parser that fails is
 * given up, never thrown: hostFirewall then parses the text as it always did.
 */
class SaveReader {
  #waiting: string[] | null = [];
  #stream: StreamedSave | null = null;
  readonly #ready: Promise<void>;

  constructor(family: 4 | 6, parser: Promise<typeof import('../iptables/streamed-save.js')>) {
    this.#ready = parser.then(
      ({ StreamedSave }) => {
        this.#stream = new StreamedSave(family);
        for (const text of this.#waiting ?? []) this.#feed(text);
        this.#waiting = null;
      },
      () => {
        this.#waiting = null;
      },
    );
  }

  readonly push = (text: string): void => {
    if (this.#waiting) this.#waiting.push(text);
    else this.#feed(text);
  };

  async finish(): Promise<Ruleset | null> {
    await this.#ready;
    try {
      return this.#stream?.finish() ?? null;
    } catch {
      return null;
    }
  }

  #feed(text: string): void {
    try {
      this.#stream?.push(text);
    } catch {
      this.#stream = null;
    }
  }
}

/** The family's early save, once (see claimEarly); null when none was started. */
export function claimEarlySave(family: 4 | 6, signal: AbortSignal | undefined): Promise<LiveSave> | null {
  return claimEarly<LiveSave>(earlySaveName(family), signal);
}
