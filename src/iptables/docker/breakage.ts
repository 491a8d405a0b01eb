import { formatPrefix } from '../../net/prefix.js';
import type { PublishedPort } from '../../snapshot/schema.js';
import type { DockerDrift } from './drift.js';
import type { DockerExpectation, ExpectedRule, NetworkRole, PortRole } from './expected.js';
import type { DockerIntent } from '../../intent/index.js';

/** What is broken for one network, in words, with the rules behind each statement. */
export interface BrokenNetwork {
  network: string;
  bridge: string;
  subnet: string | null;
  problems: string[];
  missing: ExpectedRule[];
}

/** With Docker's accepts gone, the FORWARD policy decides: DROP blocks the traffic, ACCEPT lets it through unfiltered. */
function byPolicy(policy: string | null, dropped: string, passes: string): string {
  return policy === 'ACCEPT' ? passes : dropped;
}

const networkProblems = (forwardPolicy: string | null): Record<NetworkRole, string> => ({
  masquerade: 'has no MASQUERADE: containers cannot reach the outside',
  forwarding: byPolicy(
    forwardPolicy,
    `has no FORWARD rules: the FORWARD policy ${forwardPolicy ?? 'DROP'} drops its containers' traffic`,
    'has no FORWARD rules: its traffic passes only because the FORWARD policy is ACCEPT',
  ),
  icc: 'lost its inter-container rule',
  isolation: 'is not isolated from the other Docker networks',
  'skip-dnat': 'lost its nat `-j RETURN` (published ports may loop back into the bridge)',
  'hairpin-masquerade': 'lost its hairpin MASQUERADE (containers cannot reach published ports through the host)',
  'drop-unpublished': 'no longer drops traffic to unpublished container ports',
  'accept-unpublished': byPolicy(
    forwardPolicy,
    `lost the ACCEPT that opens its containers' ports (gateway mode nat-unprotected): the FORWARD policy ${forwardPolicy ?? 'DROP'} drops connections to them`,
    "lost the ACCEPT that opens its containers' ports (gateway mode nat-unprotected): they are reachable only because the FORWARD policy is ACCEPT",
  ),
  icmp: 'lost its ICMP ACCEPT (gateway mode routed): ping and path-MTU discovery to its containers fail',
  'routed-isolation': 'lost the isolation exceptions of gateway mode routed: other networks cannot reach it and replies from it are dropped',
});

function portLabel(container: string, port: PublishedPort): string {
  const host = port.hostIp === '' ? '0.0.0.0' : port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp;
  return `published port ${host}:${port.hostPort} → ${container}:${port.containerPort}/${port.protocol}`;
}

/**
 * `dockerDrops`: the network's own `! -i br -o br -j DROP` (28+) is in place, so a port without its ACCEPT is dropped
 * there whatever the FORWARD policy says.
 */
function portProblem(roles: Set<PortRole>, forwardPolicy: string | null, dockerDrops: boolean): string {
  const parts: string[] = [];
  if (roles.has('dnat')) parts.push(roles.has('accept') ? 'has no DNAT rule (nor its filter ACCEPT)' : 'has no DNAT rule');
  else if (roles.has('accept')) {
    parts.push(
      dockerDrops ? "has no ACCEPT in filter DOCKER: the network's DROP for unpublished ports drops its connections" : byPolicy(
        forwardPolicy,
        `has no ACCEPT in filter DOCKER: the FORWARD policy ${forwardPolicy ?? 'DROP'} drops its connections`,
        'has no ACCEPT in filter DOCKER: connections get through only because the FORWARD policy is ACCEPT',
      ),
    );
  }
  if (roles.has('port-masquerade') && parts.length === 0) parts.push('has no hairpin MASQUERADE');
  if (roles.has('direct-access-drop') || roles.has('loopback-drop')) parts.push('lost its raw-table direct-access DROP, so the container can be reached without going through the published port');
  if (roles.has('sctp-checksum') && parts.length === 0) parts.push('lost its SCTP CHECKSUM rule');
  return parts.join('; ');
}

/**
 * Groups a family's missing rules by the network they serve, each port and network role stated once. Plumbing and
 * DOCKER-USER rules are not network problems: DD401 reports the chains, DD410 the DOCKER-USER jump.
 */
export function brokenNetworks(drift: DockerDrift, intent: DockerIntent, expectation: DockerExpectation, forwardPolicy: string | null): BrokenNetwork[] {
  const missing = new Set(drift.missingRules);
  const dropping = new Set(
    expectation.rules
      .filter((r) => r.family === drift.family && r.purpose.kind === 'network' && r.purpose.role === 'drop-unpublished' && !missing.has(r))
      .map((r) => (r.purpose.kind === 'network' ? r.purpose.network : '')),
  );
  const NETWORK_PROBLEMS = networkProblems(forwardPolicy);
  const byNetwork = new Map<string, BrokenNetwork & { roles: Set<NetworkRole>; ports: Map<string, { label: string; roles: Set<PortRole> }>; endpoints: string[]; trusted: string[] }>();
  for (const rule of drift.missingRules) {
    const p = rule.purpose;
    if (p.kind === 'plumbing' || p.kind === 'user-chain') continue;
    let entry = byNetwork.get(p.network);
    if (!entry) {
      const network = intent.networks.find((n) => n.name === p.network);
      const subnet = network ? (drift.family === 4 ? network.ipv4 : network.ipv6) : null;
      entry = { network: p.network, bridge: p.bridge, subnet: subnet ? formatPrefix(subnet) : null, problems: [], missing: [], roles: new Set(), ports: new Map(), endpoints: [], trusted: [] };
      byNetwork.set(p.network, entry);
    }
    entry.missing.push(rule);
    if (p.kind === 'network') entry.roles.add(p.role);
    if (p.kind === 'port') {
      const label = portLabel(p.container, p.port);
      const port = entry.ports.get(label) ?? { label, roles: new Set<PortRole>() };
      port.roles.add(p.role);
      entry.ports.set(label, port);
    }
    if (p.kind === 'endpoint') {
      const label = `${p.container} (${p.address})`;
      if (p.role === 'direct-access-drop') entry.endpoints.push(label);
      else entry.trusted.push(`${label} via ${/ -i (\S+) /.exec(rule.text)?.[1] ?? 'a trusted interface'}`);
    }
  }
  return [...byNetwork.values()].map(({ roles, ports, endpoints, trusted, ...entry }) => {
    // Outbound NAT and published ports first: they are what users notice.
    const networkLines = (Object.keys(NETWORK_PROBLEMS) as NetworkRole[]).filter((r) => roles.has(r)).map((r) => NETWORK_PROBLEMS[r]);
    const portProblems = [...ports.values()].map((p) => ({ label: p.label, problem: portProblem(p.roles, forwardPolicy, dropping.has(entry.network)) })).filter((p) => p.problem).map((p) => `${p.label} ${p.problem}`);
    const problems = roles.has('masquerade') ? [networkLines[0] as string, ...portProblems, ...networkLines.slice(1)] : [...portProblems, ...networkLines];
    if (endpoints.length > 0) problems.push(`lost the raw-table direct-access DROP of ${endpoints.join(', ')}`);
    if (trusted.length > 0) problems.push(`lost the raw-table ACCEPT for its trusted host interfaces (trusted_host_interfaces): ${trusted.join(', ')}; their direct traffic to these containers is dropped`);
    return { ...entry, problems };
  });
}
