import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { FirewallFamilyFact } from '../snapshot/schema.js';
import { runCommand } from './command.js';
import { TIMEOUT_RANGE_MS } from './options.js';

type Backend = 'nf_tables' | 'legacy';

const TOOLS = {
  4: { main: 'iptables', save: 'iptables-save', perBackend: { nf_tables: 'iptables-nft-save', legacy: 'iptables-legacy-save' } },
  6: { main: 'ip6tables', save: 'ip6tables-save', perBackend: { nf_tables: 'ip6tables-nft-save', legacy: 'ip6tables-legacy-save' } },
} as const;

/**
 * The live ruleset of one family as dockerd's own `iptables` binary sees it (dockerd runs the first iptables in
 * PATH), plus the other backend's rules: rules loaded into the backend the admin's tools do not show still apply.
 */
export async function gatherFirewallFamily(family: 4 | 6, timeoutMs: number, signal?: AbortSignal): Promise<Fact<FirewallFamilyFact>> {
  const tools = TOOLS[family];
  // The save is the slowest command of a check on a large host: it starts at once, and `-V` and the other
  // backend's save (which needs the backend `-V` names) run while it does, not after it.
  const saving = claimEarlySave(family, signal) ?? saveAllTables(tools.save, timeoutMs, signal);
  const version = await runCommand(tools.main, ['-V'], timeoutMs, { signal });
  if (isUnavailable(version)) return version;
  const versionText = version.stdout.trim();
  const backend = backendOf(versionText);
  const other: Backend | null = backend === 'nf_tables' ? 'legacy' : backend === 'legacy' ? 'nf_tables' : null;
  const [save, otherBackend] = await Promise.all([
    saving,
    other ? saveOtherBackend(other, tools.perBackend[other], timeoutMs, signal) : unavailable(`backend of \`${versionText}\` is unknown`),
  ]);
  if (isUnavailable(save)) return save;
  return { backend, versionText, save, otherBackend };
}

interface EarlySave {
  saving: Promise<Fact<string>>;
  stop: AbortController;
}

const earlySaves = new Map<4 | 6, EarlySave>();

/**
 * Starts both families' saves before the program is loaded (bin → src/cli/entry.ts), for the commands that gather:
 * on a large host `iptables-save` is the slowest part of a check, and it need not wait for commander, the rules and
 * the reporters to load. Bounded by the largest `--timeout`; the gatherer that claims a save cuts it to its own.
 */
export function startEarlySaves(): void {
  for (const family of [4, 6] as const) {
    const stop = new AbortController();
    earlySaves.set(family, { saving: saveAllTables(TOOLS[family].save, TIMEOUT_RANGE_MS.max, stop.signal), stop });
  }
}

/** Ends the early saves no gatherer claimed (a usage error, `--help`), so they cannot keep the process alive. */
export function stopUnclaimedEarlySaves(): void {
  for (const early of earlySaves.values()) early.stop.abort();
  earlySaves.clear();
}

function claimEarlySave(family: 4 | 6, signal: AbortSignal | undefined): Promise<Fact<string>> | null {
  const early = earlySaves.get(family);
  if (!early) return null;
  earlySaves.delete(family);
  if (signal?.aborted) early.stop.abort();
  else signal?.addEventListener('abort', () => early.stop.abort(), { once: true });
  return early.saving;
}

/** `iptables v1.8.9 (nf_tables)` / `(legacy)`; iptables before 1.8 has only the legacy backend and says neither. */
export function backendOf(versionText: string): FirewallFamilyFact['backend'] {
  if (versionText.includes('(nf_tables)')) return 'nf_tables';
  if (versionText.includes('(legacy)')) return 'legacy';
  const match = /v(\d+)\.(\d+)/.exec(versionText);
  if (match && (Number(match[1]) < 1 || (Number(match[1]) === 1 && Number(match[2]) < 8))) return 'legacy';
  return 'unknown';
}

/**
 * `-w` waits for the xtables lock where the save tool knows it; iptables-save 1.8.x rejects it
 * ("invalid option -- 'w'"), so retry without it there.
 */
async function saveAllTables(tool: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<Fact<string>> {
  const withLock = await runCommand(tool, ['-w'], timeoutMs, { signal });
  if (!isUnavailable(withLock)) return withLock.stdout;
  if (!withLock.unavailable.includes('invalid option')) return withLock;
  const plain = await runCommand(tool, [], timeoutMs, { signal });
  return isUnavailable(plain) ? plain : plain.stdout;
}

async function saveOtherBackend(backend: Backend, tool: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<FirewallFamilyFact['otherBackend']> {
  const save = await saveAllTables(tool, timeoutMs, signal);
  return isUnavailable(save) ? save : { backend, save };
}
