/**
 * The canonical form of an nftables ruleset: what `nft -j list ruleset` and `nft list ruleset` both describe, with
 * handles and counter values left out (they differ between any two listings of the same rules), so two rulesets are
 * equal exactly when the kernel would treat packets the same way.
 */
export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

export interface NftBaseChain {
  type: string;
  hook: string;
  /** Numeric priority: `nft list` prints names (filter, dstnat, ...) that stand for these numbers. */
  priority: number;
  policy: 'accept' | 'drop';
}

export interface NftChain {
  name: string;
  /** Null for a regular chain, reached only by jumps. */
  base: NftBaseChain | null;
  /** Each rule as `nft list` prints it, `counter` without its values. */
  rules: string[];
}

export interface NftMap {
  name: string;
  /** `ifname : verdict` */
  type: string;
  /** Key → value as printed (`"br-x"` → `jump filter-forward-in__br-x`). */
  elements: Map<string, string>;
}

export interface NftTable {
  family: NftFamily;
  name: string;
  chains: Map<string, NftChain>;
  maps: Map<string, NftMap>;
}

export interface NftRuleset {
  tables: NftTable[];
}

/** `ip docker-bridges` */
export function tableKey(family: string, name: string): string {
  return `${family} ${name}`;
}

export function findTable(ruleset: NftRuleset, family: NftFamily, name: string): NftTable | undefined {
  return ruleset.tables.find((t) => t.family === family && t.name === name);
}

/** Priority names of `nft list` (nft(8), "PRIORITY"): the standard numbers they stand for in ip/ip6/inet. */
export const PRIORITY_NAMES: Record<string, number> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};
