import { isUnavailable, type Fact, type Unavailable } from '../snapshot/fact.js';
import type { NftRulesetFact } from '../snapshot/schema.js';
import { DOCKER_TABLE } from '../nftables/docker/render.js';
import { readNftJson } from '../nftables/json.js';
import type { CommandOutput } from './command.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';

/** The families of Docker's own tables (moby 29+, `firewall-backend: nftables`). */
const DOCKER_FAMILIES = ['ip', 'ip6'] as const;

/**
 * What the rules read of the live nftables ruleset, in the caller's network namespace: Docker's own tables in full,
 * and every table's chains with their hooks and policies but no rules (`nft list chains`). Never the whole ruleset:
 * on an iptables-nft host that repeats every iptables rule, and nft takes seconds and hundreds of MB to print it
 * (`nft list tables` too, in nft 1.0.6, which fetches every rule to list the table names).
 * `nft list` needs CAP_NET_ADMIN; without it, or without nft, the fact is unavailable (DD002 names what is skipped).
 * With `chainsText` `if-json-unreadable` (a live check, src/gather/snapshot.ts Recording), `nft list chains` runs only
 * when its JSON cannot be read without problems, the one case the analysis reads the text.
 */
export async function gatherNftRuleset(timeoutMs: number, io: HostIo = LIVE_HOST_IO, chainsText: 'always' | 'if-json-unreadable' = 'always'): Promise<Fact<NftRulesetFact>> {
  const chainsJsonRun = io.run('nft', ['-j', 'list', 'chains'], timeoutMs);
  const listChainsText = () => io.run('nft', ['list', 'chains'], timeoutMs);
  const [chainsJson, chainsTextRun, ...tables] = await Promise.all([
    chainsJsonRun,
    chainsText === 'always' ? listChainsText() : chainsJsonRun.then((json) => (unreadableJson(json) ? listChainsText() : null)),
    ...DOCKER_FAMILIES.map((family) => listTable(family, timeoutMs, io)),
  ]);
  if (isUnavailable(chainsJson)) return chainsJson;
  if (chainsTextRun && isUnavailable(chainsTextRun)) return chainsTextRun;
  const listed: { json: string; text: string }[] = [];
  for (const table of tables) {
    if (isUnavailable(table)) return table;
    if (table) listed.push(table);
  }
  return {
    json: joinJsonListings(listed.map((t) => t.json)),
    text: listed.map((t) => t.text).join(''),
    chains: { json: chainsJson.stdout, ...(chainsTextRun ? { text: chainsTextRun.stdout } : {}) },
  };
}

/**
 * Whether `nft -j list chains` answered with a listing the analysis cannot read, so that it reads the text instead
 * (src/nftables/docker/analysis.ts readListing, with the same reader). A run that failed has nothing to fall back on.
 */
function unreadableJson(json: CommandOutput | Unavailable): boolean {
  return !isUnavailable(json) && readNftJson(json.stdout, { chainsMakeTables: true }).problems.length > 0;
}

/**
 * `nft -j list table FAMILY docker-bridges` and its text; null when the table does not exist (nft says the kernel's
 * ENOENT, "No such file or directory"). The text is asked for only when the JSON listing did not say the table is
 * absent: where Docker programs iptables (every engine before 29, and most after) that is two processes fewer, each
 * started while a live check's iptables-save runs and taking CPU from it (docs/performance.md).
 */
async function listTable(family: string, timeoutMs: number, io: HostIo): Promise<{ json: string; text: string } | null | Unavailable> {
  const args = ['list', 'table', family, DOCKER_TABLE];
  const json = await io.run('nft', ['-j', ...args], timeoutMs);
  if (isUnavailable(json) && /failed \(exit 1\): Error: No such file or directory/.test(json.unavailable)) return null;
  const text = await io.run('nft', args, timeoutMs);
  if (isUnavailable(json)) return json;
  if (isUnavailable(text)) return text;
  return { json: json.stdout, text: text.stdout };
}

/**
 * Several `nft -j list table` documents as the one document `nft -j list ruleset` would print were those tables the
 * whole ruleset: their `nftables` arrays joined, the metainfo once. A document that is not nft's JSON is kept as it
 * came, so the reader reports it and reads the text listing instead.
 */
function joinJsonListings(documents: string[]): string {
  const items: unknown[] = [];
  let metainfo = false;
  for (const document of documents) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(document);
    } catch {
      return document;
    }
    const array = (parsed as { nftables?: unknown } | null)?.nftables;
    if (!Array.isArray(array)) return document;
    for (const item of array) {
      const isMetainfo = typeof item === 'object' && item !== null && 'metainfo' in item;
      if (isMetainfo && metainfo) continue;
      metainfo ||= isMetainfo;
      items.push(item);
    }
  }
  return JSON.stringify({ nftables: items });
}
