import { isUnavailable, type Fact, type Unavailable } from '../snapshot/fact.js';
import type { NftRulesetFact } from '../snapshot/schema.js';
import { DOCKER_TABLE } from '../nftables/docker/render.js';
import { readNftJson } from '../nftables/json.js';
import type { CommandOutput } from './command.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';

/** The families of Docker's own tables (moby 29+, `firewall-backend: nftables`). */
const DOCKER_FAMILIES = ['ip', 'ip6'] as const;

/** The listing of every table's chains: `nft -j list chains`, and its text when recorded. */
type ChainsListing = NonNullable<NftRulesetFact['chains']>;

/** Docker's own tables as listed: their JSON documents joined into one, and their texts. */
type DockerTables = Pick<NftRulesetFact, 'json' | 'text'>;

/**
 * What the rules read of the live nftables ruleset, in the caller's network namespace: Docker's own tables in full,
 * and every table's chains with their hooks and policies but no rules (`nft list chains`). Never the whole ruleset:
 * on an iptables-nft host that repeats every iptables rule, and nft takes seconds and hundreds of MB to print it
 * (`nft list tables` too, in nft 1.0.6, which fetches every rule to list the table names).
 * `nft list` needs CAP_NET_ADMIN; without it, or without nft, the fact is unavailable (DD002 names what is skipped).
 * A live check gathers less, from the same parts (src/gather/nftFacts.ts).
 */
export async function gatherNftRuleset(timeoutMs: number, io: HostIo = LIVE_HOST_IO): Promise<Fact<NftRulesetFact>> {
  const [chains, tables] = await Promise.all([listNftChains(timeoutMs, io, 'always'), listDockerTables(timeoutMs, io)]);
  return nftRulesetOf(tables, chains);
}

/**
 * The fact from Docker's tables and every table's chains, or from the tables alone when the chains were not asked for
 * (null; a live check whose checks do not read them, src/gather/nftFacts.ts). Unavailable for the first listing that
 * failed, the chains' before the tables'.
 */
export function nftRulesetOf(tables: Fact<DockerTables>, chains: Fact<ChainsListing> | null): Fact<NftRulesetFact> {
  if (chains && isUnavailable(chains)) return chains;
  if (isUnavailable(tables)) return tables;
  return chains ? { ...tables, chains } : tables;
}

/**
 * `nft -j list chains`, and `nft list chains` either always or only when the JSON cannot be read without problems
 * (`if-json-unreadable`, a live check: the one case the analysis reads the text).
 */
export async function listNftChains(timeoutMs: number, io: HostIo, chainsText: 'always' | 'if-json-unreadable'): Promise<Fact<ChainsListing>> {
  const jsonRun = io.run('nft', ['-j', 'list', 'chains'], timeoutMs);
  const listText = () => io.run('nft', ['list', 'chains'], timeoutMs);
  const [json, textRun] = await Promise.all([jsonRun, chainsText === 'always' ? listText() : jsonRun.then((run) => (unreadableJson(run) ? listText() : null))]);
  if (isUnavailable(json)) return json;
  if (textRun && isUnavailable(textRun)) return textRun;
  return { json: json.stdout, ...(textRun ? { text: textRun.stdout } : {}) };
}

/** Docker's tables of both families; a table that does not exist is left out. */
export async function listDockerTables(timeoutMs: number, io: HostIo): Promise<Fact<DockerTables>> {
  const tables = await Promise.all(DOCKER_FAMILIES.map((family) => listTable(family, timeoutMs, io)));
  const listed: { json: string; text: string }[] = [];
  for (const table of tables) {
    if (isUnavailable(table)) return table;
    if (table) listed.push(table);
  }
  return { json: joinJsonListings(listed.map((t) => t.json)), text: listed.map((t) => t.text).join('') };
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
