import { prefix, tryPrefix, type Prefix } from '../net/prefix.js';
import { RangeSet } from '../net/range-set.js';
import { firstFreeBlock, nthBlock } from '../net/split.js';
import { hostClashes } from '../pools/findings.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';

/** A swarm-scope network (overlay, ingress included) and its subnets, as this node lists it. */
export interface SwarmScopeNetwork {
  id: string;
  name: string;
  ingress: boolean;
  subnets: Prefix[];
}

/**
 * The swarm's networks: from the swarm fact when the snapshot has it (it marks the ingress network), else the
 * engine's networks of scope swarm (older snapshots; the ingress network is the one named `ingress`).
 */
export function swarmScopeNetworks(snapshot: Snapshot): SwarmScopeNetwork[] {
  const subnetsOf = (list: readonly { subnet: string }[]): Prefix[] => list.flatMap((s) => tryPrefix(s.subnet) ?? []);
  const swarm = available(snapshot.facts.swarm);
  if (swarm) return swarm.networks.map((n) => ({ id: n.id, name: n.name, ingress: n.ingress, subnets: subnetsOf(n.subnets) }));
  return (available(snapshot.facts.engine)?.networks ?? [])
    .filter((n) => n.scope === 'swarm')
    .map((n) => ({ id: n.id, name: n.name, ingress: n.name === 'ingress', subnets: subnetsOf(n.subnets) }));
}

/** Where dockdoc looks for a free range to propose: the private ranges, swarm's own first. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(prefix);

/**
 * The first IPv4 /`length` in the private ranges that overlaps no host route, interface address, nameserver,
 * reserved range or Docker network of the snapshot (the suggestion in a fix; null when none is free).
 */
export function freePrivateRange(snapshot: Snapshot, length: number, reserved: readonly { cidr: string; name: string }[]): Prefix | null {
  const taken: Prefix[] = (available(snapshot.facts.engine)?.networks ?? []).flatMap((n) => n.subnets.flatMap((s) => tryPrefix(s.subnet) ?? []));
  for (const base of PRIVATE_RANGES) {
    if (base.length > length) continue;
    taken.push(...hostClashes(snapshot, base, reserved).map((c) => c.prefix));
  }
  const set = RangeSet.ofPrefixes(taken);
  for (const base of PRIVATE_RANGES) {
    if (base.length > length) continue;
    const split = { base, size: length };
    const index = firstFreeBlock(split, set);
    if (index !== null) return nthBlock(split, index);
  }
  return null;
}
