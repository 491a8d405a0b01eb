import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { hostClashes } from '../src/pools/findings.js';
import { available } from '../src/snapshot/fact.js';
import { freePrivateRange, swarmScopeNetworks } from '../src/swarm/networks.js';

const rule: Rule = {
  id: 'DD211',
  title: 'an overlay network (ingress included) overlaps the host network',
  severity: 'warning',
  area: 'pools',
  needs: ['engine', 'routes', 'addresses'],
  summary:
    "The subnet of the ingress network (10.0.0.0/24 by default) or of another overlay overlaps a host route, an interface address, a nameserver or a declared reserved range. Swarm allocates overlay subnets with no host check, and a container on the overlay sends traffic for those addresses into the overlay instead of to the host's network.",
  check(snapshot, context): RuleResult[] {
    if (available(snapshot.facts.engine)?.swarm.state !== 'active') return [];
    return swarmScopeNetworks(snapshot).flatMap((network) =>
      network.subnets.flatMap((subnet): RuleResult[] => {
        const clashes = hostClashes(snapshot, subnet, context.settings.reserved);
        if (clashes.length === 0) return [];
        const text = formatPrefix(subnet);
        const free = freePrivateRange(snapshot, subnet.length, context.settings.reserved);
        const target = free ? formatPrefix(free) : `a free /${subnet.length}`;
        const fix = network.ingress
          ? `Re-create the ingress network on a free range while no service publishes ports: \`docker network rm ingress\`, then \`docker network create --driver overlay --ingress --subnet ${target} ingress\`.`
          : `An overlay's subnet cannot change in place: create a network on a free range (\`docker network create --driver overlay --subnet ${target} NAME\`) and move the services to it (\`docker service update --network-add NAME --network-rm ${network.name} SERVICE\`).`;
        return [
          {
            subject: `network:${network.name}`,
            message: `${network.ingress ? 'The ingress network' : `Overlay network ${network.name}`} (${text}) overlaps ${clashes.map((c) => c.text).join('; ')}. Swarm allocates overlay subnets with no host check (global scope), and a container attached to it reaches these addresses inside the overlay instead of on the host's network${network.ingress ? ' (every service publishing a port in ingress mode is attached to ingress)' : ''}.`,
            evidence: { network: network.name, ingress: network.ingress, subnet: text, clashes: clashes.map((c) => ({ kind: c.kind, prefix: formatPrefix(c.prefix), text: c.text })), suggested: free ? formatPrefix(free) : null },
            fix: { text: fix },
          },
        ];
      }),
    );
  },
};

export default rule;
