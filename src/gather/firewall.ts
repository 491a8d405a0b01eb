import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { FirewallFamilyFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';

type Backend = 'nf_tables' | 'legacy';

const TOOLS = {
  4: { main: 'iptables', save: 'iptables-save', perBackend: { nf_tables: 'iptables-nft-save', legacy: 'iptables-legacy-save' } },
  6: { main: 'ip6tables', save: 'ip6tables-save', perBackend: { nf_tables: 'ip6tables-nft-save', legacy: 'ip6tables-legacy-save' } },
} as const;

/**
 * The live ruleset of one family as dockerd's own `iptables` binary sees it (dockerd runs the first iptables in
 * PATH), plus the other backend's rules: rules loaded into the backend the admin's tools do not show still apply.
 */
export async function gatherFirewallFamily(family: 4 | 6, timeoutMs: number, signal?: AbortSignal, io: HostIo = LIVE_HOST_IO): Promise<Fact<FirewallFamilyFact>> {
  const tools = TOOLS[family];
  const run = (tool: string, args: string[]) => io.run(tool, args, timeoutMs, { signal });
  // The save is the slowest command of a check on a large host: it starts at once, beside `-V`, not after it.
  const [version, save] = await Promise.all([run(tools.main, ['-V']), saveAllTables(tools.save, run)]);
  if (isUnavailable(version)) return version;
  const versionText = version.stdout.trim();
  const backend = backendOf(versionText);
  if (isUnavailable(save)) return save;
  const other: Backend | null = backend === 'nf_tables' ? 'legacy' : backend === 'legacy' ? 'nf_tables' : null;
  const otherBackend: FirewallFamilyFact['otherBackend'] = other
    ? await saveOtherBackend(other, tools.perBackend[other], run)
    : unavailable(`backend of \`${versionText}\` is unknown`);
  return { backend, versionText, save, otherBackend };
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
 * `-w` waits for the xtables lock where the save tool knows it. iptables-save 1.4.x ignores options it does not know
 * (getopt warns on stderr, the dump follows, exit 0: its option loop had no default case); 1.6.2 and later reject
 * them ("invalid option -- 'w'", exit 1, iptables commit d89dc47a), so retry without it there.
 */
type Run = (tool: string, args: string[]) => ReturnType<HostIo['run']>;

async function saveAllTables(tool: string, run: Run): Promise<Fact<string>> {
  const withLock = await run(tool, ['-w']);
  if (!isUnavailable(withLock)) return withLock.stdout;
  if (!withLock.unavailable.includes('invalid option')) return withLock;
  const plain = await run(tool, []);
  return isUnavailable(plain) ? plain : plain.stdout;
}

async function saveOtherBackend(backend: Backend, tool: string, run: Run): Promise<FirewallFamilyFact['otherBackend']> {
  const save = await saveAllTables(tool, run);
  return isUnavailable(save) ? save : { backend, save };
}
