import type { Rule, RuleResult } from '../src/engine/types.js';
import { available } from '../src/snapshot/fact.js';

const rule: Rule = {
  id: 'DD208',
  title: 'leftovers of Docker networks that no longer exist',
  severity: 'warning',
  area: 'pools',
  needs: ['engine', 'addresses', 'routes'],
  versionIndependent: true,
  // Leftover firewall rules of such networks (their MASQUERADE, FORWARD and DNAT rules) are DD404's: one finding each.
  summary: 'Stale `br-*` interfaces and their on-link routes that belong to no current Docker network: they block pool subnets (their leftover rules are DD404).',
  check(snapshot): RuleResult[] {
    const engine = available(snapshot.facts.engine)!;
    const bridges = new Set(engine.networks.map((n) => n.bridge).filter((b): b is string => b !== null));
    const out: RuleResult[] = [];
    const staleRoutes = new Map<string, string[]>();
    for (const route of available(snapshot.facts.routes) ?? []) {
      if (route.dev && /^br-[0-9a-f]{12}$/.test(route.dev) && !bridges.has(route.dev) && route.table === 'main' && route.scope === 'link') {
        staleRoutes.set(route.dev, [...(staleRoutes.get(route.dev) ?? []), route.dst]);
      }
    }
    for (const link of available(snapshot.facts.addresses) ?? []) {
      if (!/^br-[0-9a-f]{12}$/.test(link.name) || bridges.has(link.name)) continue;
      const routes = staleRoutes.get(link.name) ?? [];
      staleRoutes.delete(link.name);
      const addresses = link.addresses.map((a) => `${a.address}/${a.prefixLength}`);
      out.push({
        subject: `interface:${link.name}`,
        message: `Interface ${link.name} (${addresses.join(', ') || 'no address'}) looks like a Docker bridge, but no current network uses it: it was left by a dockerd that stopped, crashed or used another data-root.${
          routes.length > 0 ? ` Its on-link route${routes.length > 1 ? 's' : ''} ${routes.join(', ')} make${routes.length > 1 ? '' : 's'} dockerd skip ${routes.length > 1 ? 'those subnets' : 'that subnet'} when it allocates.` : ''
        }`,
        evidence: { interface: link.name, addresses, routes },
        fix: { text: `Delete the leftover bridge (its routes go with it).`, commands: [`ip link delete ${link.name}`] },
      });
    }
    for (const [dev, routes] of staleRoutes) {
      out.push({
        subject: `route:${dev}`,
        message: `Route${routes.length > 1 ? 's' : ''} ${routes.join(', ')} on ${dev} belong${routes.length > 1 ? '' : 's'} to no current Docker network; dockerd skips ${routes.length > 1 ? 'those subnets' : 'that subnet'} when it allocates.`,
        evidence: { dev, routes },
        fix: { text: `Delete the leftover route${routes.length > 1 ? 's' : ''}.`, commands: routes.map((dst) => `ip route delete ${dst} dev ${dev}`) },
      });
    }
    return out;
  },
};

export default rule;
