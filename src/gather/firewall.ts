import { rememberParsedSave } from '../iptables/parsed-saves.js';
import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { FirewallFamilyFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { claimEarlySave, saveAllTables, TOOLS, type Run } from './saves.js';

type Backend = 'nf_tables' | 'legacy';

/**
 * The live ruleset of one family as dockerd's own `iptables` binary sees it (dockerd runs the first iptables in
 * PATH), plus the other backend's rules: rules loaded into the backend the admin's tools do not show still apply.
 */
export async function gatherFirewallFamily(family: 4 | 6, timeoutMs: number, signal?: AbortSignal, io: HostIo = LIVE_HOST_IO): Promise<Fact<FirewallFamilyFact>> {
  const tools = TOOLS[family];
  const run = (tool: string, args: string[]) => io.run(tool, args, timeoutMs, { signal });
  // The save is the slowest command of a check on a large host: it starts at once (live, bin/dockdoc.js started it
  // before the program loaded: saves.ts), and `-V` and the other backend's save (which needs the backend `-V` names)
  // run while it does, not after it.
  const saving = (io === LIVE_HOST_IO ? claimEarlySave(family, signal) : null) ?? saveAllTables(tools.save, run, io === LIVE_HOST_IO).then((save) => ({ save, parsed: null }));
  const version = await run(tools.main, ['-V']);
  if (isUnavailable(version)) return version;
  const versionText = version.stdout.trim();
  const backend = backendOf(versionText);
  const other: Backend | null = backend === 'nf_tables' ? 'legacy' : backend === 'legacy' ? 'nf_tables' : null;
  const [{ save, parsed }, otherBackend] = await Promise.all([
    saving,
    other ? saveOtherBackend(other, tools.perBackend[other], run, io === LIVE_HOST_IO) : unavailable(`backend of \`${versionText}\` is unknown`),
  ]);
  if (isUnavailable(save)) return save;
  const fact = { backend, versionText, save, otherBackend };
  if (parsed) rememberParsedSave(fact, parsed);
  return fact;
}

/** `iptables v1.8.9 (nf_tables)` / `(legacy)`; iptables before 1.8 has only the legacy backend and says neither. */
export function backendOf(versionText: string): FirewallFamilyFact['backend'] {
  if (versionText.includes('(nf_tables)')) return 'nf_tables';
  if (versionText.includes('(legacy)')) return 'legacy';
  const match = /v(\d+)\.(\d+)/.exec(versionText);
  if (match && (Number(match[1]) < 1 || (Number(match[1]) === 1 && Number(match[2]) < 8))) return 'legacy';
  return 'unknown';
}

async function saveOtherBackend(backend: Backend, tool: string, run: Run, live: boolean): Promise<FirewallFamilyFact['otherBackend']> {
  const save = await saveAllTables(tool, run, live);
  return isUnavailable(save) ? save : { backend, save };
}
