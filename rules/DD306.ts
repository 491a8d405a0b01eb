import { composeSubnets } from '../src/compose/subnets.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { familyBits, formatPrefix, overlaps, tryAddress, tryPrefix, type Prefix } from '../src/net/prefix.js';
import { routeDestination } from '../src/iproute/lookup.js';
import { describeRoute } from '../src/pools/host.js';
import { available } from '../src/snapshot/fact.js';
import type { Snapshot } from '../src/snapshot/schema.js';

interface HostRange {
  prefix: Prefix;
  kind: 'route' | 'nameserver' | 'reserved';
  description: string;
}

/** Route types that send traffic somewhere (broadcast, multicast, unreachable... describe no network). */
const ROUTING_TYPES = new Set(['unicast', 'local']);

/**
 * The host's address space a compose subnet must keep clear of: routes in every table (via a gateway too: the VPN
 * and cloud routes dockerd never checks for explicit subnets), nameservers, and the declared reserved ranges.
 * Routes of Docker's own bridges are networks on the engine, which DD304 covers.
 */
function hostRanges(snapshot: Snapshot, reserved: { cidr: string; name: string }[]): HostRange[] {
  const ranges: HostRange[] = [];
  const engine = available(snapshot.facts.engine);
  const dockerBridges = new Set(engine ? engine.networks.flatMap((n) => (n.bridge ? [n.bridge] : [])) : []);
  const isDockerBridge = (dev: string | null): boolean => dev !== null && (engine ? dockerBridges.has(dev) : dev === 'docker0' || dev.startsWith('br-'));
  for (const route of available(snapshot.facts.routes) ?? []) {
    if (!ROUTING_TYPES.has(route.type) || isDockerBridge(route.dev)) continue;
    const prefix = routeDestination(route);
    if (prefix && prefix.length > 0) ranges.push({ prefix, kind: 'route', description: describeRoute(route) });
  }
  for (const nameserver of available(snapshot.facts.resolvConf)?.nameservers ?? []) {
    const address = tryAddress(nameserver);
    if (address) ranges.push({ prefix: { family: address.family, address: address.value, length: familyBits(address.family) }, kind: 'nameserver', description: `nameserver ${nameserver}` });
  }
  for (const range of reserved) {
    const prefix = tryPrefix(range.cidr);
    if (prefix) ranges.push({ prefix, kind: 'reserved', description: `reserved range ${formatPrefix(prefix)} (${range.name})` });
  }
  return ranges;
}

const rule: Rule = {
  id: 'DD306',
  title: 'Compose subnet overlaps a host route or reserved range',
  severity: 'warning',
  area: 'compose',
  needs: ['compose'],
  versionIndependent: true,
  summary:
    'A compose subnet overlaps a host route (any table, via a gateway too), a nameserver, or a declared reserved range (VPN, office LAN, cloud VPC): dockerd accepts explicit subnets without checking, and the host loses its way to that range.',
  check(snapshot, context) {
    const ranges = hostRanges(snapshot, context.settings.reserved);
    if (ranges.length === 0) return [];
    const results: RuleResult[] = [];
    for (const subnet of composeSubnets(snapshot)) {
      const hits = ranges.filter((range) => overlaps(range.prefix, subnet.prefix));
      if (hits.length === 0) continue;
      results.push({
        subject: `network:${subnet.network.name}`,
        location: subnet.location,
        message: `Subnet ${subnet.text} of network ${subnet.network.name} overlaps ${hits.map((hit) => hit.description).join(', ')}: dockerd creates it without checking, and traffic from the host and containers to that range then goes to the bridge instead.`,
        evidence: {
          project: subnet.network.project,
          network: subnet.network.name,
          subnet: subnet.text,
          overlaps: hits.map((hit) => ({ kind: hit.kind, range: formatPrefix(hit.prefix), description: hit.description })),
        },
        fix: { text: `Pick a subnet for ${subnet.network.key} that overlaps none of these; list the host's routes with \`ip route show table all\`.` },
      });
    }
    return results;
  },
};

export default rule;
