import type { Rule, RuleResult } from '../src/engine/types.js';
import { engineAtLeast } from '../src/engine/version.js';
import { familyFirewall } from '../src/iptables/host.js';
import type { Ruleset } from '../src/iptables/ruleset.js';
import { available } from '../src/snapshot/fact.js';
import { swarmFactsNeeded } from '../src/swarm/facts.js';

const INGRESS_CHAIN = 'DOCKER-INGRESS';

/** A published port of the routing mesh and the services that publish it. */
interface MeshPort {
  protocol: string;
  port: number;
  services: string[];
}

function meshPorts(services: { name: string; ports: { protocol: string; publishedPort: number | null; publishMode: string }[] }[]): MeshPort[] {
  const ports = new Map<string, MeshPort>();
  for (const service of services) {
    for (const p of service.ports) {
      if (p.publishMode !== 'ingress' || p.publishedPort === null) continue;
      const key = `${p.protocol}/${p.publishedPort}`;
      const entry = ports.get(key) ?? { protocol: p.protocol, port: p.publishedPort, services: [] };
      entry.services.push(service.name);
      ports.set(key, entry);
    }
  }
  return [...ports.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

function hasRule(ruleset: Ruleset, table: string, chain: string, test: (text: string) => boolean): boolean {
  return ruleset.tables.get(table)?.chains.get(chain)?.rules.some((r) => test(r.text)) ?? false;
}

/**
 * What libnetwork's programIngress (service_linux.go, v20.10.24 to docker-v29.7.2) keeps in place while a service
 * publishes a port in ingress mode: DOCKER-INGRESS in nat (jumped to from PREROUTING and OUTPUT for local addresses,
 * a DNAT per port to the ingress_sbox) and in filter (jumped to from FORWARD before 28.0.1, from DOCKER-FORWARD since,
 * an ACCEPT per port). Each missing piece, in words.
 */
function missingPieces(ruleset: Ruleset, ports: MeshPort[], engineVersion: string): string[] {
  const missing: string[] = [];
  const nat = ruleset.tables.get('nat')?.chains.has(INGRESS_CHAIN) ?? false;
  const filter = ruleset.tables.get('filter')?.chains.has(INGRESS_CHAIN) ?? false;
  if (!nat) missing.push(`the nat chain ${INGRESS_CHAIN}`);
  if (!filter) missing.push(`the filter chain ${INGRESS_CHAIN}`);
  const jump = (text: string) => text.includes(`-j ${INGRESS_CHAIN}`);
  for (const chain of ['PREROUTING', 'OUTPUT']) {
    if (!hasRule(ruleset, 'nat', chain, (t) => jump(t) && t.includes('--dst-type LOCAL'))) missing.push(`the jump \`-t nat -A ${chain} -m addrtype --dst-type LOCAL -j ${INGRESS_CHAIN}\``);
  }
  const forward = engineAtLeast(engineVersion, '28.0.1') ? 'DOCKER-FORWARD' : 'FORWARD';
  if (!hasRule(ruleset, 'filter', forward, jump)) missing.push(`the jump \`-A ${forward} -j ${INGRESS_CHAIN}\``);
  for (const p of ports) {
    const dport = `--dport ${p.port} `;
    if (nat && !hasRule(ruleset, 'nat', INGRESS_CHAIN, (t) => t.includes(dport) && t.includes('-j DNAT'))) missing.push(`the DNAT of ${p.protocol}/${p.port} in nat ${INGRESS_CHAIN}`);
    if (filter && !hasRule(ruleset, 'filter', INGRESS_CHAIN, (t) => t.includes(dport) && t.endsWith('-j ACCEPT'))) missing.push(`the ACCEPT of ${p.protocol}/${p.port} in filter ${INGRESS_CHAIN}`);
  }
  return missing;
}

const rule: Rule = {
  id: 'DD418',
  title: "the routing mesh's DOCKER-INGRESS rules are gone",
  severity: 'error',
  area: 'firewall',
  needs: ['engine', 'iptables'],
  needsOnHost: (snapshot) => swarmFactsNeeded(snapshot),
  summary:
    'A swarm service publishes a port in ingress mode, but the live firewall lacks the DOCKER-INGRESS chains (nat and filter), their jumps or the per-port rules that carry the routing mesh to the ingress_sbox: a firewall restore or flush removed them (dockerd does not put them back until it restarts), or the mesh was never set up here (no IPVS).',
  check(snapshot, context): RuleResult[] {
    const swarm = available(snapshot.facts.swarm);
    if (!swarm || swarm.localNodeState !== 'active') return [];
    const services = available(swarm.services);
    // A worker cannot list services; the routing mesh is then judged only where a manager's snapshot lists them.
    if (!services) return [];
    const ports = meshPorts(services);
    const live = familyFirewall(snapshot, 4)?.live;
    if (ports.length === 0 || !live) return [];
    const missing = missingPieces(live, ports, context.engineVersion);
    if (missing.length === 0) return [];
    const published = ports.map((p) => `${p.protocol}/${p.port} (${p.services.join(', ')})`);
    // Docker's own DOCKER chain is always there while dockerd manages iptables: where it went too, the table was
    // flushed or replaced; where it stayed, the routing mesh was never set up on this node (or lost rule by rule).
    const flushed = (['nat', 'filter'] as const).filter((table) => !live.tables.get(table)?.chains.has('DOCKER'));
    const wiped = flushed.length > 0;
    const cause = wiped
      ? `Docker's own DOCKER chain is gone from ${flushed.join(' and ')} too: a firewall restore or flush (iptables-services, netfilter-persistent, \`iptables -F\`) removed what dockerd programs once, when the ingress load balancer is set up, and dockerd does not put it back by itself.`
      : "Docker's other chains are in place, so the mesh was never set up on this node (or its rules were deleted one by one): dockerd sets it up with the ingress load balancer, which needs IPVS (the ip_vs kernel module; without it dockerd logs errors reading net.ipv4.vs.* and programs no DOCKER-INGRESS).";
    return [
      {
        subject: `routing-mesh:${INGRESS_CHAIN}`,
        ...(wiped ? {} : { severity: 'warning' as const }),
        message: `The routing mesh is not in the live firewall: ${missing.join('; ')} ${missing.length > 1 ? 'are' : 'is'} missing, while ${published.join(', ')} ${ports.length > 1 ? 'are' : 'is'} published in ingress mode, so connections to ${ports.length > 1 ? 'these ports' : 'this port'} on this node do not reach the ingress_sbox and fail here even where the service runs. ${cause}`,
        evidence: { missing, published: ports, cause: wiped ? `flushed: ${flushed.join(', ')}` : 'never set up' },
        fix: wiped
          ? {
              text: "Restart dockerd: it sets the ingress load balancer and DOCKER-INGRESS up again. Then keep the firewall service from flushing Docker's chains (see DD401 and the other firewall findings), or the next restore removes them again.",
              commands: ['systemctl restart docker'],
            }
          : { text: 'Load IPVS (`modprobe ip_vs`, and list it in /etc/modules-load.d/) and restart dockerd; if the module is loaded, dockerd\'s log says why the ingress load balancer failed.' },
      },
    ];
  },
};

export default rule;
