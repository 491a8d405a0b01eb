import { tryAddress } from '../../net/prefix.js';
import { chainLabel, type NftChainName } from './chains.js';
import type { NftBaseChainVerdict } from './evaluate.js';

/** What to admit: one protocol (and port) from one peer address. */
export interface NftGrant {
  protocol: 'tcp' | 'udp' | 'esp';
  port: number | null;
  peer: string;
}

/** The accept rule as `nft list` prints it, so that the next check reads it back as the grant: `ip saddr 192.0.2.2 udp dport 4789 accept`. */
export function nftAcceptRule(grant: NftGrant): string {
  const family = tryAddress(grant.peer)?.family === 6 ? 'ip6' : 'ip';
  const what = grant.port === null ? `meta l4proto ${grant.protocol}` : `${grant.protocol} dport ${grant.port}`;
  return `${family} saddr ${grant.peer} ${what} accept`;
}

/**
 * The live command that admits the grant where the packet is refused: inserted right before the refusing rule (by its
 * handle, in the chain that holds it); under the policy, before the `return` that left the chains, or appended to the
 * chain whose end the packet reached (the base chain, or one reached by goto); when the verdict is unknown, inserted
 * at the top of the base chain.
 */
export function nftAdmitCommand(verdict: NftBaseChainVerdict, grant: NftGrant): string {
  const refusedBy = verdict.verdict === 'refuse' ? verdict.refusedBy : undefined;
  const before = refusedBy ? (refusedBy.rule ?? refusedBy.exit) : null;
  if (before && before.handle !== null) return `nft insert rule ${chainLabel(before.chain)} handle ${before.handle} ${nftAcceptRule(grant)}`;
  if (refusedBy && !before) return `nft add rule ${chainLabel(refusedBy.chain)} ${nftAcceptRule(grant)}`;
  return `nft insert rule ${chainLabel(verdict.chain)} ${nftAcceptRule(grant)}`;
}

/** firewalld's nftables backend keeps everything in `table inet firewalld`; rules added there by hand vanish on reload. */
export function isFirewalldChain(chain: NftChainName): boolean {
  return chain.family === 'inet' && chain.table === 'firewalld';
}

const ZONE_PARTS = /_(pre|log|deny|allow|post)$/;

/**
 * The firewalld zone the packet went through: its chain `filter_IN_<zone>` (firewalld 0.6 to 1.x; the `_pre`, `_log`,
 * `_deny`, `_allow` and `_post` chains are the zone's parts), or null when the path went through none.
 */
export function firewalldZone(path: string[]): string | null {
  for (const name of path) {
    const match = /^filter_IN_(.+)$/.exec(name);
    if (match && !ZONE_PARTS.test(match[1]!)) return match[1]!;
  }
  return null;
}

/**
 * firewalld's own commands: the port (or, for ESP, the protocol) in the zone, permanently, then a reload that applies
 * it. A zone's ports are open to every source; a rich rule restricts one to the peers.
 */
export function firewalldCommands(zone: string | null, grants: Omit<NftGrant, 'peer'>[]): string[] {
  const zoneOption = zone ? ` --zone=${zone}` : '';
  const adds = [...new Set(grants.map((g) => (g.port === null ? `--add-protocol=${g.protocol}` : `--add-port=${g.port}/${g.protocol}`)))];
  return [...adds.map((add) => `firewall-cmd --permanent${zoneOption} ${add}`), 'firewall-cmd --reload'];
}
