import type { NftInputChainsFact } from '../../snapshot/schema.js';
import { isObject, type Json } from '../json.js';

/** A chain as nft names it: `inet filter input`. */
export interface NftChainName {
  family: string;
  table: string;
  name: string;
}

export function chainLabel(chain: NftChainName): string {
  return `${chain.family} ${chain.table} ${chain.name}`;
}

/** The families whose input hook sees IP packets addressed to this host. */
const IP_FAMILIES = new Set(['ip', 'ip6', 'inet']);
/** The tables iptables-nft makes for the iptables tables that have an INPUT chain (read through iptables-save). */
const IPTABLES_TABLES = new Set(['filter', 'mangle', 'security']);

/**
 * iptables-nft's own INPUT chain (`table ip filter { chain INPUT ... }`): its rules are the ones iptables-save prints,
 * which the iptables analysis reads, so the nftables analysis leaves them alone rather than report them twice.
 */
export function isIptablesInput(chain: NftChainName): boolean {
  return (chain.family === 'ip' || chain.family === 'ip6') && IPTABLES_TABLES.has(chain.table) && chain.name === 'INPUT';
}

/** The `nftables` array of an `nft -j` document; none when the text is not one. */
export function nftablesArray(json: string): Json[] {
  try {
    const parsed = JSON.parse(json) as Json;
    return isObject(parsed) && Array.isArray(parsed.nftables) ? parsed.nftables : [];
  } catch {
    return [];
  }
}

/**
 * The filter base chains on the input hook of the ip, ip6 and inet families, in the order `nft -j list chains`
 * prints them, iptables-nft's INPUT chains left out. What the INPUT gatherer lists, and what the gather script lists
 * from `nft list chains` (src/bundle/gather.sh): the two must agree.
 */
export function inputHookChains(chainsJson: string): NftChainName[] {
  const chains: NftChainName[] = [];
  for (const item of nftablesArray(chainsJson)) {
    if (!isObject(item) || !isObject(item.chain)) continue;
    const c = item.chain;
    if (c.hook !== 'input' || c.type !== 'filter' || !IP_FAMILIES.has(String(c.family))) continue;
    const chain = { family: String(c.family), table: String(c.table), name: String(c.name) };
    if (!isIptablesInput(chain)) chains.push(chain);
  }
  return chains;
}

/**
 * The chains a listing's rules jump or go to, in the order they appear in the JSON text (verdict maps included): the
 * order the gather script finds them in with its text scan.
 */
export function jumpTargets(listingJson: string): string[] {
  const targets: string[] = [];
  const visit = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'jump' || key === 'goto') && isObject(inner) && typeof inner.target === 'string') targets.push(inner.target);
        else visit(inner);
      }
    }
  };
  for (const item of nftablesArray(listingJson)) if (isObject(item) && isObject(item.rule)) visit(item.rule.expr ?? null);
  return targets;
}

/** Which chains the fact holds, by label, with their listing (or why there is none). */
export function listedChains(fact: NftInputChainsFact): Map<string, { json?: string; unavailable?: string }> {
  return new Map(fact.chains.map((c) => [chainLabel(c), c]));
}
