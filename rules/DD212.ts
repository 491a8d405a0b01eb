import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix, overlaps, tryPrefix } from '../src/net/prefix.js';
import { available } from '../src/snapshot/fact.js';
import { swarmScopeNetworks } from '../src/swarm/networks.js';

/**
 * On a swarm node, dockerd (libnetwork, moby v20.10.24 vendor/github.com/docker/libnetwork/network.go `DataScope`:
 * "All swarm scope networks have local datascope", and `deriveAddressSpace`) keeps the subnets of swarm networks in
 * the same LocalDefault IPAM address space as bridge networks. `addrSpace.updatePoolDBOnAdd`
 * (vendor/github.com/docker/libnetwork/ipam/structures.go) refuses a pool overlapping one already there with
 * ipamapi.ErrPoolOverlap, "Pool overlaps with other one on this address space". The swarm manager's allocator keeps
 * its own address space and never sees local networks, so the overlay itself is accepted.
 */
const rule: Rule = {
  id: 'DD212',
  title: 'a local network overlaps an overlay network',
  severity: 'error',
  area: 'pools',
  needs: ['engine'],
  summary:
    'A local (bridge, macvlan, ...) network on this node overlaps the subnet of an overlay network or the ingress network. dockerd keeps both in one address space on a swarm node, so whichever comes second on this node fails with "Pool overlaps with other one on this address space": tasks of the overlay cannot start here, or the local network cannot be created again.',
  check(snapshot): RuleResult[] {
    const engine = available(snapshot.facts.engine)!;
    if (engine.swarm.state !== 'active') return [];
    const overlays = swarmScopeNetworks(snapshot);
    return engine.networks
      .filter((n) => n.scope === 'local')
      .flatMap((local) =>
        local.subnets.flatMap((ipam) => {
          const subnet = tryPrefix(ipam.subnet);
          if (!subnet) return [];
          return overlays.flatMap((overlay) =>
            overlay.subnets
              .filter((o) => overlaps(o, subnet))
              .map((o): RuleResult => {
                const what = overlay.ingress ? 'the ingress network' : `overlay network ${overlay.name}`;
                return {
                  subject: `network:${local.name}`,
                  message: `Local network ${local.name} (${formatPrefix(subnet)}) overlaps ${what} (${formatPrefix(o)}). On a swarm node dockerd keeps both in one address space: when ${what} is set up on this node (a task or container attached here${overlay.ingress ? '; ingress is set up on every node' : ''}) while ${local.name} exists, or ${local.name} is created while ${what} is set up, dockerd refuses with "Pool overlaps with other one on this address space".`,
                  evidence: { local: local.name, localSubnet: formatPrefix(subnet), overlay: overlay.name, ingress: overlay.ingress, overlaySubnet: formatPrefix(o) },
                  fix: {
                    text: `Move ${local.name} to a subnet no overlay uses (\`docker network rm ${local.name}\`, then create it with another --subnet), or re-create ${what} on a free range.`,
                  },
                };
              }),
          );
        }),
      );
  },
};

export default rule;
