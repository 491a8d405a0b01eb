import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix, tryPrefix } from '../src/net/prefix.js';
import { available } from '../src/snapshot/fact.js';

/** The per-network outbound NAT rule dockerd writes for each bridge network (iptables-save form). */
const MASQUERADE = /^-A POSTROUTING -s (\S+) ! -o (\S+) -j MASQUERADE$/;

const rule: Rule = {
  id: 'DD208',
  title: 'leftovers of Docker networks that no longer exist',
  severity: 'warning',
  area: 'pools',
  needs: ['engine', 'addresses', 'routes', 'iptables'],
  summary: 'Stale `br-*` interfaces, their on-link routes, or MASQUERADE rules that belong to no current Docker network: they block pool subnets and linger in the firewall.',
  check(snapshot): RuleResult[] {
    const engine = available(snapshot.facts.engine)!;
    const bridges = new Set(engine.networks.map((n) => n.bridge).filter((b): b is string => b !== null));
    const subnets = new Set(engine.networks.flatMap((n) => n.subnets.map((s) => tryPrefix(s.subnet)).filter((p) => p !== null).map(formatPrefix)));
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
    const nat = available(snapshot.facts.iptables)?.save.split('\n*').find((table) => table.startsWith('nat')) ?? '';
    for (const line of nat.split('\n')) {
      const match = MASQUERADE.exec(line.trim());
      if (!match) continue;
      const [, source, bridge] = match as unknown as [string, string, string];
      const subnet = tryPrefix(source);
      if (!subnet || (bridges.has(bridge) && subnets.has(formatPrefix(subnet)))) continue;
      out.push({
        subject: `rule:nat:${bridge}:${formatPrefix(subnet)}`,
        message: `nat rule "${line.trim()}" masquerades ${formatPrefix(subnet)} leaving anything but ${bridge}, but no current Docker network has that subnet on that bridge: dockerd only removes rules of networks it knows, so this one stays until removed by hand.`,
        evidence: { rule: line.trim(), subnet: formatPrefix(subnet), bridge },
        fix: { text: 'Delete the rule (the same text with -D instead of -A).', commands: [`iptables -t nat ${line.trim().replace(/^-A /, '-D ')}`] },
      });
    }
    return out;
  },
};

export default rule;
