import type { FirewallFamilyFact, Snapshot } from '../../src/snapshot/schema.js';
import { withFacts } from '../iptables/docker-support.js';

/**
 * The routing mesh's host rules as libnetwork's programIngress (service_linux.go at v20.10.24) adds them for tcp/8080
 * with the ingress_sbox at 172.18.0.2: the kernel that captured the swarm fixtures has no IPVS, so dockerd never added
 * them there. The chain declarations are inserted after the table's first line, the rules before its COMMIT.
 */
export function withMesh(snapshot: Snapshot, forwardChain: 'FORWARD' | 'DOCKER-FORWARD'): Snapshot {
  const iptables = snapshot.facts.iptables as FirewallFamilyFact;
  const add = (save: string, table: string, chains: string, rules: string) =>
    save.replace(new RegExp(`(\\*${table}\\n)([\\s\\S]*?)(COMMIT)`), (_all, head: string, body: string, commit: string) => `${head}${chains}${body}${rules}${commit}`);
  let save = add(iptables.save, 'nat', ':DOCKER-INGRESS - [0:0]\n', [
    '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS',
    '-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS',
    '-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080',
    '-A DOCKER-INGRESS -j RETURN',
    '',
  ].join('\n'));
  save = add(save, 'filter', `:DOCKER-INGRESS - [0:0]\n${forwardChain === 'DOCKER-FORWARD' ? ':DOCKER-FORWARD - [0:0]\n' : ''}`, [
    `-A ${forwardChain} -j DOCKER-INGRESS`,
    '-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j ACCEPT',
    '-A DOCKER-INGRESS -p tcp -m state --state RELATED,ESTABLISHED -m tcp --sport 8080 -j ACCEPT',
    '-A DOCKER-INGRESS -j RETURN',
    '',
  ].join('\n'));
  return withFacts(snapshot, { iptables: { ...iptables, save } });
}
