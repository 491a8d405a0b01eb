import { isUnavailable, type Fact, type Unavailable } from '../snapshot/fact.js';
import type { NftRulesetFact } from '../snapshot/schema.js';
import { DOCKER_TABLE } from '../nftables/docker/render.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';

/** The families of Docker's own tables (moby 29+, `firewall-backend: nftables`). */
const DOCKER_FAMILIES = ['ip', 'ip6'] as const;

/**
 * What the rules read of the live nftables ruleset, in the caller's network namespace: Docker's own tables in full,
 * and every table's chains with their hooks and policies but no rules (`nft list chains`). Never the whole ruleset:
 * on an iptables-nft host that repeats every iptables rule, and nft takes seconds and hundreds of MB to print it
 * (`nft list tables` too, in nft 1.0.6, which fetches every rule to list the table names).
 * `nft list` needs CAP_NET_ADMIN; without it, or without nft, the fact is unavailable (DD002 names what is skipped).
 */
export async function gatherNftRuleset(timeoutMs: number, io: HostIo = LIVE_HOST_IO): Promise<Fact<NftRulesetFact>> {
  const [chainsJson, chainsText, ...tables] = await Promise.all([
    io.run('nft', ['-j', 'list', 'chains'], timeoutMs),
    io.run('nft', ['list', 'chains'], timeoutMs),
    ...DOCKER_FAMILIES.map((family) => listTable(family, timeoutMs, io)),
  ]);
  if (isUnavailable(chainsJson)) return chainsJson;
  if (isUnavailable(chainsText)) return chainsText;
  const listed: { json: string; text: string }[] = [];
  for (const table of tables) {
    if (isUnavailable(table)) return table;
    if (table) listed.push(table);
  }
  return { json: joinJsonListings(listed.map((t) => t.json)), text: listed.map((t) => t.text).join(''), chains: { json: chainsJson.stdout, text: chainsText.stdout } };
}

/**
 * `nft -j list table FAMILY docker-bridges` and its text; null when the table does not exist (nft says the kernel's
 * ENOENT, "No such file or directory").
 */
async function listTable(family: string, timeoutMs: number, io: HostIo): Promise<{ json: string; text: string } | null | Unavailable> {
  const args = ['list', 'table', family, DOCKER_TABLE];
  const [json, text] = await Promise.all([io.run('nft', ['-j', ...args], timeoutMs), io.run('nft', args, timeoutMs)]);
  const absent = (r: typeof json): boolean => isUnavailable(r) && /failed \(exit 1\): Error: No such file or directory/.test(r.unavailable);
  if (absent(json) && absent(text)) return null;
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
