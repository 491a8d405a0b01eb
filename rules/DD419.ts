import type { Rule, RuleResult } from '../src/engine/types.js';
import { familyFirewall } from '../src/iptables/host.js';
import { parseRuleset, type Ruleset } from '../src/iptables/ruleset.js';
import { available } from '../src/snapshot/fact.js';
import type { SwarmFact, SwarmService } from '../src/snapshot/schema.js';
import { swarmFactsNeeded } from '../src/swarm/facts.js';

const INGRESS_CHAIN = 'DOCKER-INGRESS';

/** A port the routing mesh carries on this node, and what says so. */
interface MeshPort {
  protocol: string;
  port: number;
  /** Services that publish it in ingress mode (a manager lists them; none known on a worker). */
  services: string[];
  /** The host's nat DOCKER-INGRESS DNATs it: programIngress ran for it, and fwmarker right after it. */
  dnatOnHost: boolean;
}

function rulesOf(ruleset: Ruleset | undefined, table: string, chain: string): string[] {
  return ruleset?.tables.get(table)?.chains.get(chain)?.rules.map((r) => r.text) ?? [];
}

/** `-p tcp -m tcp --dport 8080 -j DNAT ...` → tcp/8080. */
function portOf(text: string): { protocol: string; port: number } | null {
  const match = /-p (\w+) .*--dport (\d+) /.exec(`${text} `);
  return match ? { protocol: match[1]!, port: Number(match[2]) } : null;
}

/** A service whose tasks are meant to run: swarm sets up its load balancer once a task of it exists somewhere. */
function hasTasks(service: SwarmService): boolean {
  if (service.mode === 'global') return true;
  return service.mode === 'replicated' && (service.replicas ?? 1) > 0;
}

function meshPorts(swarm: SwarmFact, hostNat: Ruleset | undefined): MeshPort[] {
  const ports = new Map<string, MeshPort>();
  const entry = (protocol: string, port: number): MeshPort => {
    const key = `${protocol}/${port}`;
    const found = ports.get(key) ?? { protocol, port, services: [], dnatOnHost: false };
    ports.set(key, found);
    return found;
  };
  for (const service of available(swarm.services) ?? []) {
    if (!hasTasks(service)) continue;
    for (const p of service.ports) {
      if (p.publishMode === 'ingress' && p.publishedPort !== null) entry(p.protocol, p.publishedPort).services.push(service.name);
    }
  }
  for (const text of rulesOf(hostNat, 'nat', INGRESS_CHAIN)) {
    const port = text.includes('-j DNAT') ? portOf(text) : null;
    if (port) entry(port.protocol, port.port).dnatOnHost = true;
  }
  return [...ports.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

function describePorts(ports: MeshPort[]): string {
  return ports.map((p) => `${p.protocol}/${p.port}${p.services.length > 0 ? ` (${p.services.join(', ')})` : ''}`).join(', ');
}

/**
 * The fwmark a service's virtual IP on ingress carries in the namespace (`-A INPUT -d VIP/32 -j MARK --set-xmark
 * 0x101/0xffffffff`, fwmarker): the mark its published ports need too, when that rule survived.
 */
function markOf(port: MeshPort, swarm: SwarmFact, sandbox: Ruleset): string | null {
  const ingressId = swarm.networks.find((n) => n.ingress)?.id;
  const service = (available(swarm.services) ?? []).find((s) => s.name === port.services[0]);
  const vip = service?.virtualIps.find((v) => v.networkId === ingressId)?.addr.split('/')[0];
  if (!vip) return null;
  const rule = rulesOf(sandbox, 'mangle', 'INPUT').find((text) => text.startsWith(`-d ${vip}/32 `) && text.includes('-j MARK'));
  return /--set-x?mark (0x[0-9a-f]+)/.exec(rule ?? '')?.[1] ?? null;
}

const RESTART = "Restart dockerd: when it starts, it attaches the node to the ingress network again and creates the ingress sandbox anew, with the load balancer's rules in it.";

const rule: Rule = {
  id: 'DD419',
  title: "the routing mesh's ingress_sbox namespace or its marks are gone",
  severity: 'error',
  area: 'firewall',
  needs: ['engine'],
  needsOnHost: (snapshot) => (swarmFactsNeeded(snapshot).length > 0 ? ['swarm', 'ingressSandbox'] : []),
  summary:
    "Ports published in ingress mode reach the service through the ingress_sbox network namespace (<exec-root>/netns/ingress_sbox), where IPVS balances connections by the firewall mark its mangle PREROUTING rules set for each published port. The namespace is missing, or dockerd programmed the mesh for a port (its DNAT is in the host's DOCKER-INGRESS) and the mark for it is gone from the namespace: connections to that port on this node are not balanced to any task. dockerd sets both up once and does not repair them while it runs.",
  check(snapshot): RuleResult[] {
    const swarm = available(snapshot.facts.swarm);
    const sandbox = available(snapshot.facts.ingressSandbox);
    // Without an ingress network (removed with `docker network rm ingress`) dockerd makes no ingress sandbox.
    if (!swarm || swarm.localNodeState !== 'active' || !sandbox || !swarm.networks.some((n) => n.ingress)) return [];
    const ports = meshPorts(swarm, familyFirewall(snapshot, 4)?.live);
    if (ports.length === 0) return [];
    if (!sandbox.present) {
      return [
        {
          subject: `netns:${sandbox.path}`,
          message: `The routing mesh's network namespace ${sandbox.path} is gone while ${describePorts(ports)} ${ports.length > 1 ? 'are' : 'is'} published in ingress mode: connections to ${ports.length > 1 ? 'these ports' : 'this port'} on this node are forwarded to an ingress sandbox that no longer exists and fail, even where the service runs. dockerd creates the namespace once, when the node joins the ingress network, and does not notice it removed (a cleanup of ${sandbox.path.replace(/\/ingress_sbox$/, '')}, an \`umount\` of it, or an exec-root on a file system that was emptied).`,
          evidence: { path: sandbox.path, execRootSource: sandbox.execRootSource, published: ports },
          fix: { text: `${RESTART} Then find what removed it, or it goes again.`, commands: ['systemctl restart docker'] },
        },
      ];
    }
    const inside = parseRuleset(sandbox.save ?? '', { family: 4, mode: 'kernel' });
    const marks = rulesOf(inside, 'mangle', 'PREROUTING').filter((text) => text.includes('-j MARK'));
    // fwmarker adds the SNAT of balanced connections once per namespace; with it or any mark, IPVS worked here.
    const ipvsSnat = rulesOf(inside, 'nat', 'POSTROUTING').some((text) => text.includes('--ipvs') && text.includes('-j SNAT'));
    const ipvsWorked = ipvsSnat || marks.length > 0 || rulesOf(inside, 'mangle', 'INPUT').some((text) => text.includes('-j MARK'));
    const missing = ports.filter((p) => (p.dnatOnHost || ipvsWorked) && !marks.some((text) => text.startsWith(`-p ${p.protocol} `) && text.includes(`--dport ${p.port} `)));
    // No DNAT for it on the host and no sign of IPVS in the namespace: dockerd never set the mesh up here (no ip_vs
    // module; DD418 says so), so there is no mark to expect.
    if (missing.length === 0) return [];
    const exact = missing.map((p) => ({ port: p, mark: markOf(p, swarm, inside) }));
    const commands = exact.every((e) => e.mark !== null)
      ? exact.map((e) => `nsenter --net=${sandbox.path} iptables -t mangle -A PREROUTING -p ${e.port.protocol} -m ${e.port.protocol} --dport ${e.port.port} -j MARK --set-xmark ${e.mark}/0xffffffff`)
      : ['systemctl restart docker'];
    return [
      {
        subject: `netns:${sandbox.path}`,
        message: `The routing mesh's namespace ${sandbox.path} lacks the firewall mark of ${describePorts(missing)} (\`-t mangle -A PREROUTING -p PROTO --dport PORT -j MARK\`), which dockerd added when it set the port's load balancer up${missing.some((p) => p.dnatOnHost) ? ' (the host still DNATs the port to the namespace)' : ''}: IPVS balances only marked packets, so connections to ${missing.length > 1 ? 'these ports' : 'this port'} on this node reach no task. dockerd adds a mark only when it creates the service's IPVS entry, so new tasks do not bring it back.`,
        evidence: { path: sandbox.path, missing: missing.map(({ protocol, port, services }) => ({ protocol, port, services })), marksPresent: marks },
        fix:
          commands[0] === 'systemctl restart docker'
            ? { text: RESTART, commands }
            : {
                text: `Add the marks back with the fwmark the service's virtual IP carries in the namespace (its mangle INPUT rule), or: ${RESTART}`,
                commands,
              },
      },
    ];
  },
};

export default rule;
