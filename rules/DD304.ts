import { existingNetworks, type ExistingNetwork } from '../src/compose/engine-context.js';
import { OverlapIndex } from '../src/compose/overlap-index.js';
import { composeSubnets } from '../src/compose/subnets.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { fromDaemon, poolOverlapMessage } from '../src/pools/messages.js';
import { available } from '../src/snapshot/fact.js';

function describe(existing: ExistingNetwork): string {
  const subnet = formatPrefix(existing.subnet);
  switch (existing.source) {
    case 'engine':
      return `${existing.swarm ? `swarm network ${existing.name}` : `network ${existing.name}`} (${subnet}) that already exists on the engine`;
    case 'bip':
      return `docker0 (${subnet}, from bip in daemon.json)`;
    case 'predicted docker0':
      return `docker0 (${subnet}: dockerd gives docker0 the first free block of its pools when bip is unset)`;
  }
}

/**
 * On a swarm node dockerd keeps swarm networks' subnets in the local IPAM address space, beside bridge networks:
 * moby v20.10.24 vendor/github.com/docker/libnetwork/network.go `DataScope` ("All swarm scope networks have local
 * datascope") and `deriveAddressSpace`; v28 `deriveAddressSpace` gives the global space to scope "global" only, not
 * "swarm". So a local network and an overlay set up on the node collide there, whichever comes second (DD212).
 */
function sharesNodeSpace(existing: ExistingNetwork, composeDriver: string): boolean {
  return composeDriver === 'overlay' ? existing.scope === 'local' : existing.swarm === true;
}

const SHARED_SPACE =
  "On a swarm node dockerd keeps overlay and ingress subnets in the same address space as local networks (the swarm manager's allocator does not see local ones, so it does not refuse them).";

const rule: Rule = {
  id: 'DD304',
  title: 'Compose subnet overlaps a network on the engine',
  severity: 'error',
  area: 'compose',
  needs: ['compose'],
  summary:
    'A compose subnet overlaps a network that already exists on the engine (from --snapshot), or docker0 (bip, or where dockerd puts it by default): `up` fails with "Pool overlaps with other one on this address space". On a swarm node a local network and an overlay (ingress included) share that address space too.',
  check(snapshot, context) {
    const existing = existingNetworks(snapshot, context.engineVersion);
    if (existing.length === 0) return [];
    const results: RuleResult[] = [];
    const engineSays = fromDaemon(poolOverlapMessage(context.engineVersion));
    const index = new OverlapIndex(existing.map((network) => ({ prefix: network.subnet, value: network })));
    const swarmNode = available(snapshot.facts.engine)?.swarm.state === 'active';
    for (const subnet of composeSubnets(snapshot)) {
      const hits = index
        .overlapping(subnet.prefix)
        .filter(
          (network) =>
            (network.scope === subnet.network.scope || (swarmNode && sharesNodeSpace(network, subnet.network.driver))) &&
            // compose reuses a network that already exists under the same name: that is the project itself, deployed.
            network.name !== subnet.network.name,
        );
      if (hits.length === 0) continue;
      const acrossScopes = hits.some((hit) => hit.scope !== subnet.network.scope);
      const outcome =
        subnet.network.driver === 'overlay' && hits.every((hit) => hit.scope !== 'global')
          ? `swarm creates the overlay, but its tasks on this node fail with "${engineSays}"`
          : `\`up\` will fail with "${engineSays}"`;
      results.push({
        subject: `network:${subnet.network.name}`,
        location: subnet.location,
        message: `Subnet ${subnet.text} of network ${subnet.network.name} overlaps ${hits.map(describe).join(', ')}: ${outcome}.${acrossScopes ? ` ${SHARED_SPACE}` : ''}`,
        evidence: {
          project: subnet.network.project,
          network: subnet.network.name,
          subnet: subnet.text,
          engineVersion: context.engineVersion,
          overlaps: hits.map((hit) => ({ network: hit.name, subnet: formatPrefix(hit.subnet), source: hit.source })),
        },
        fix: {
          text: `Choose a subnet for ${subnet.network.key} that overlaps no network on the engine (docker network inspect --format '{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{end}}' $(docker network ls -q) lists them), or remove the stale network if nothing uses it.`,
        },
      });
    }
    return results;
  },
};

export default rule;
