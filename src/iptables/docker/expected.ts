import { inetNtop } from '../../net/inet-ntop.js';
import { formatPrefix, parseAddress, tryAddress, type Prefix } from '../../net/prefix.js';
import type { PublishedPort } from '../../snapshot/schema.js';
import type { BridgeNetwork, DockerIntent, Endpoint, Family, GatewayMode, Publication } from '../../intent/index.js';
import type { FirewallLayout } from './layout.js';

export type DockerTable = 'filter' | 'nat' | 'raw' | 'mangle';

/** Why a rule exists: DD401 names broken things by these, not by rule text. */
export type RulePurpose =
  | { kind: 'plumbing' }
  | { kind: 'user-chain' }
  | { kind: 'network'; network: string; bridge: string; role: NetworkRole }
  | { kind: 'port'; network: string; bridge: string; container: string; port: PublishedPort; role: PortRole }
  | { kind: 'endpoint'; network: string; bridge: string; container: string; address: string; role: EndpointRole };

export type NetworkRole =
  | 'masquerade'
  | 'skip-dnat'
  | 'hairpin-masquerade'
  | 'forwarding'
  | 'icc'
  | 'isolation'
  | 'drop-unpublished'
  | 'accept-unpublished'
  | 'icmp'
  | 'routed-isolation';
export type EndpointRole = 'direct-access-drop' | 'trusted-interface-accept';
export type PortRole = 'dnat' | 'accept' | 'port-masquerade' | 'sctp-checksum' | 'direct-access-drop' | 'loopback-drop';

export interface ExpectedChain {
  family: 4 | 6;
  table: DockerTable;
  chain: string;
}

/** A rule dockerd programs, in the kernel's canonical text (what iptables-save prints after `-A CHAIN`). */
export interface ExpectedRule extends ExpectedChain {
  text: string;
  purpose: RulePurpose;
}

export interface DockerExpectation {
  layout: FirewallLayout;
  families: Family[];
  chains: ExpectedChain[];
  rules: ExpectedRule[];
}

const ISOLATION1 = 'DOCKER-ISOLATION-STAGE-1';
const ISOLATION2 = 'DOCKER-ISOLATION-STAGE-2';

const PLAIN_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** An address as the kernel prints it in `-s`/`-d` (engine addresses are already plain for IPv4). */
function hostAddress(family: 4 | 6, text: string): string {
  if (family === 4 && PLAIN_IPV4.test(text)) return `${text}/32`;
  return `${inetNtop(family, parseAddress(text).value)}/${family === 4 ? 32 : 128}`;
}

function protocolMatch(protocol: string): string {
  return `-p ${protocol} -m ${protocol}`;
}

/** Which family a published port's host address belongs to; Docker lists `0.0.0.0` and `::` bindings separately. */
function bindingFamily(hostIp: string): 4 | 6 {
  return hostIp.includes(':') ? 6 : 4;
}

function isUnspecified(hostIp: string): boolean {
  return hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::';
}

/**
 * The chains and rules dockerd programs for this intent, per family, in the layout of its version. Rules are written
 * directly in canonical form; test/iptables/docker-templates.test.ts checks each template against what the
 * canonicaliser makes of the arguments dockerd really issues (moby's setup_ip_tables.go / iptables.go) and against
 * the real captures (fixtures/docker-rules, moby's 28.x/29.x golden files).
 */
export function expectedDockerRules(intent: DockerIntent, layout: FirewallLayout): DockerExpectation {
  const { settings } = intent;
  const families: Family[] = [];
  if (settings.iptables && settings.backend === 'iptables') families.push(4);
  if (settings.ip6tables && settings.backend === 'iptables') families.push(6);
  const chains: ExpectedChain[] = [];
  const rules: ExpectedRule[] = [];
  const hairpin = !settings.userlandProxy;
  const raw = !settings.rawRulesDisabled.value;
  for (const family of families) {
    const chain = (table: DockerTable, name: string): void => {
      chains.push({ family, table, chain: name });
    };
    const rule = (table: DockerTable, name: string, text: string, purpose: RulePurpose): void => {
      rules.push({ family, table, chain: name, text, purpose });
    };
    const plumbing: RulePurpose = { kind: 'plumbing' };
    const subnetOf = (n: BridgeNetwork): Prefix | null => (family === 4 ? n.ipv4 : n.ipv6);
    const networks = intent.networks.filter((n) => subnetOf(n) !== null);
    const external = networks.filter((n) => !n.internal);
    const v20 = layout.name === 'v20';
    const ipset = layout.name === 'v28-ipset';
    // 20.10–28.0.0 put per-bridge rules straight into FORWARD; 28.0.1+ into DOCKER-FORWARD.
    const forwardChain = v20 || ipset ? 'FORWARD' : 'DOCKER-FORWARD';
    const isolation = layout.name !== 'v29';
    const userChain = family === 4 || layout.userChainIpv6;

    chain('filter', 'DOCKER');
    chain('nat', 'DOCKER');
    if (isolation) {
      chain('filter', ISOLATION1);
      chain('filter', ISOLATION2);
    }
    if (!v20 && !ipset) for (const c of ['DOCKER-BRIDGE', 'DOCKER-CT', 'DOCKER-FORWARD']) chain('filter', c);
    if (layout.name === 'v29') chain('filter', 'DOCKER-INTERNAL');
    if (userChain) {
      chain('filter', 'DOCKER-USER');
      rule('filter', 'FORWARD', '-j DOCKER-USER', { kind: 'user-chain' });
      if (layout.userChainReturn) rule('filter', 'DOCKER-USER', '-j RETURN', { kind: 'user-chain' });
    }
    if (v20) {
      if (networks.length > 0) rule('filter', 'FORWARD', `-j ${ISOLATION1}`, plumbing);
      if (layout.isolationReturn) {
        rule('filter', ISOLATION1, '-j RETURN', plumbing);
        rule('filter', ISOLATION2, '-j RETURN', plumbing);
      }
    } else if (ipset) {
      // 28.0.0 keeps the subnets of non-internal bridges in an ipset (its members are not gathered).
      const set = `docker-ext-bridges-v${family}`;
      rule('filter', 'FORWARD', `-m set --match-set ${set} dst -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, plumbing);
      rule('filter', 'FORWARD', `-j ${ISOLATION1}`, plumbing);
      rule('filter', 'FORWARD', `-m set --match-set ${set} dst -j DOCKER`, plumbing);
    } else {
      rule('filter', 'FORWARD', '-j DOCKER-FORWARD', plumbing);
      rule('filter', 'DOCKER-FORWARD', '-j DOCKER-CT', plumbing);
      rule('filter', 'DOCKER-FORWARD', isolation ? `-j ${ISOLATION1}` : '-j DOCKER-INTERNAL', plumbing);
      rule('filter', 'DOCKER-FORWARD', '-j DOCKER-BRIDGE', plumbing);
    }
    // 28+ programs the nat jumps when it starts; 20.10–27 when it sets up a network that is not internal.
    if (external.length > 0 || !v20) {
      rule('nat', 'PREROUTING', '-m addrtype --dst-type LOCAL -j DOCKER', plumbing);
      const loopback = family === 4 ? '127.0.0.0/8' : '::1/128';
      rule('nat', 'OUTPUT', hairpin ? '-m addrtype --dst-type LOCAL -j DOCKER' : `! -d ${loopback} -m addrtype --dst-type LOCAL -j DOCKER`, plumbing);
    }

    for (const n of networks) {
      const subnet = formatPrefix(subnetOf(n) as Prefix);
      const b = n.bridge;
      const mode: GatewayMode = n.gatewayMode[family];
      const purpose = (role: NetworkRole): RulePurpose => ({ kind: 'network', network: n.name, bridge: b, role });
      if (n.internal) {
        const internalChain = isolation ? ISOLATION1 : 'DOCKER-INTERNAL';
        // 28+ IPv6 also lets traffic that stays on the bridge through (link-local addresses; golden internal=true ip6tables).
        const sameBridge = family === 6 && !v20;
        rule('filter', internalChain, `! -s ${subnet}${sameBridge ? ` ! -i ${b}` : ''} -o ${b} -j DROP`, purpose('isolation'));
        rule('filter', internalChain, `! -d ${subnet} -i ${b}${sameBridge ? ` ! -o ${b}` : ''} -j DROP`, purpose('isolation'));
        rule('filter', forwardChain, `-i ${b} -o ${b} -j ${n.icc ? 'ACCEPT' : 'DROP'}`, purpose('icc'));
        continue;
      }
      if (v20) {
        rule('filter', 'FORWARD', `-o ${b} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, purpose('forwarding'));
        rule('filter', 'FORWARD', `-o ${b} -j DOCKER`, purpose('forwarding'));
        rule('filter', 'FORWARD', `-i ${b} ! -o ${b} -j ACCEPT`, purpose('forwarding'));
        rule('filter', 'FORWARD', `-i ${b} -o ${b} -j ${n.icc ? 'ACCEPT' : 'DROP'}`, purpose('icc'));
      } else {
        if (!ipset) {
          rule('filter', 'DOCKER-CT', `-o ${b} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, purpose('forwarding'));
          rule('filter', 'DOCKER-BRIDGE', `-o ${b} -j DOCKER`, purpose('forwarding'));
        }
        // nat-unprotected opens every container port explicitly, so a FORWARD policy DROP cannot interfere.
        if (mode === 'nat-unprotected') rule('filter', 'DOCKER', `! -i ${b} -o ${b} -j ACCEPT`, purpose('accept-unpublished'));
        else rule('filter', 'DOCKER', `! -i ${b} -o ${b} -j DROP`, purpose('drop-unpublished'));
        if (mode === 'routed') rule('filter', 'DOCKER', `-o ${b} -p ${family === 4 ? 'icmp' : 'ipv6-icmp'} -j ACCEPT`, purpose('icmp'));
        if (n.icc) {
          rule('filter', forwardChain, `-i ${b} -j ACCEPT`, purpose('forwarding'));
        } else {
          rule('filter', forwardChain, `-i ${b} -o ${b} -j DROP`, purpose('icc'));
          rule('filter', forwardChain, `-i ${b} ! -o ${b} -j ACCEPT`, purpose('forwarding'));
        }
      }
      if (isolation) {
        if (mode === 'routed' && !v20) {
          // 28.x lets anything into a routed network past isolation, and replies back out (setINC).
          rule('filter', ISOLATION1, `-i ${b} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, purpose('routed-isolation'));
          rule('filter', ISOLATION1, `-o ${b} -j RETURN`, purpose('routed-isolation'));
        }
        rule('filter', ISOLATION1, `-i ${b} ! -o ${b} -j ${ISOLATION2}`, purpose('isolation'));
        rule('filter', ISOLATION2, `-o ${b} -j DROP`, purpose('isolation'));
      }
      const snat = n.snatTo[family];
      const outbound = snat !== null ? `SNAT --to-source ${snat}` : 'MASQUERADE';
      if (n.masquerade && settings.ipMasq) {
        if (mode !== 'routed') rule('nat', 'POSTROUTING', `-s ${subnet} ! -o ${b} -j ${outbound}`, purpose('masquerade'));
        if (!hairpin && layout.name !== 'v29') rule('nat', 'DOCKER', `-i ${b} -j RETURN`, purpose('skip-dnat'));
      }
      if (hairpin) rule('nat', 'POSTROUTING', `-o ${b} -m addrtype --src-type LOCAL -j ${outbound}`, purpose('hairpin-masquerade'));
    }

    // An address the engine would never report (a hand-edited snapshot) gives no expectation rather than a crash.
    const endpointAddress = (e: Endpoint): string | null => {
      const address = family === 4 ? e.ipv4 : e.ipv6;
      return address !== null && tryAddress(address) !== null ? address : null;
    };
    // 28.2+ drops packets routed straight to a container from anywhere but its bridge (and trusted interfaces),
    // unless direct routing is allowed, raw rules are disabled, or the gateway mode does not protect the network.
    if (layout.directAccessDrops === 'per-endpoint' && raw && !settings.allowDirectRouting) {
      for (const e of intent.endpoints) {
        const address = endpointAddress(e);
        if (address === null || e.network.internal || e.network.gatewayMode[family] !== 'nat' || subnetOf(e.network) === null) continue;
        const endpoint = (role: EndpointRole): RulePurpose => ({ kind: 'endpoint', network: e.network.name, bridge: e.network.bridge, container: e.container, address, role });
        for (const trusted of e.network.trustedHostInterfaces) {
          rule('raw', 'PREROUTING', `-d ${hostAddress(family, address)} -i ${trusted} -j ACCEPT`, endpoint('trusted-interface-accept'));
        }
        rule('raw', 'PREROUTING', `-d ${hostAddress(family, address)} ! -i ${e.network.bridge} -j DROP`, endpoint('direct-access-drop'));
      }
    }

    for (const p of intent.publications) {
      const address = endpointAddress(p.endpoint);
      if (address === null || bindingFamily(p.port.hostIp) !== family || subnetOf(p.network) === null) continue;
      if (!isUnspecified(p.port.hostIp) && tryAddress(p.port.hostIp) === null) continue;
      publicationRules(family, p, address, layout, { hairpin, raw }, rule);
    }
  }
  return { layout, families, chains, rules };
}

function publicationRules(
  family: Family,
  p: Publication,
  address: string,
  layout: FirewallLayout,
  { hairpin, raw }: { hairpin: boolean; raw: boolean },
  rule: (table: DockerTable, chain: string, text: string, purpose: RulePurpose) => void,
): void {
  const b = p.network.bridge;
  const mode = p.network.gatewayMode[family];
  const { hostIp, hostPort, containerPort, protocol } = p.port;
  const purpose = (role: PortRole): RulePurpose => ({ kind: 'port', network: p.network.name, bridge: b, container: p.container, port: p.port, role });
  const container = hostAddress(family, address);
  const target = family === 4 ? `${address}:${containerPort}` : `[${inetNtop(6, parseAddress(address).value)}]:${containerPort}`;
  const destination = isUnspecified(hostIp) ? '' : `-d ${hostAddress(family, hostIp)} `;
  // 28+ keeps link-local sources away from IPv6 DNAT (golden TestIptabler_*__ip6tables).
  const linkLocal = family === 6 && layout.name !== 'v20' ? '! -s fe80::/10 ' : '';
  const fromOutside = hairpin ? '' : `! -i ${b} `;
  // A binding without a host port (routed mode) is not NATed at all (setPerPortNAT).
  if (hostPort !== 0) {
    rule('nat', 'DOCKER', `${linkLocal}${destination}${fromOutside}${protocolMatch(protocol)} --dport ${hostPort} -j DNAT --to-destination ${target}`, purpose('dnat'));
    if (layout.portMasquerade === 'always' || hairpin) {
      rule('nat', 'POSTROUTING', `-s ${container} -d ${container} ${protocolMatch(protocol)} --dport ${containerPort} -j MASQUERADE`, purpose('port-masquerade'));
    }
  }
  // nat-unprotected accepts every port with one network rule instead.
  if (mode !== 'nat-unprotected') {
    rule('filter', 'DOCKER', `-d ${container} ! -i ${b} -o ${b} ${protocolMatch(protocol)} --dport ${containerPort} -j ACCEPT`, purpose('accept'));
  }
  if (protocol === 'sctp' && layout.name === 'v20') {
    rule('mangle', 'POSTROUTING', `-p sctp -m sctp --sport ${containerPort} -j CHECKSUM --checksum-fill`, purpose('sctp-checksum'));
  }
  if (!raw) return;
  if (layout.directAccessDrops === 'per-port' && mode === 'nat') {
    rule('raw', 'PREROUTING', `-d ${container} ! -i ${b} ${protocolMatch(protocol)} --dport ${containerPort} -j DROP`, purpose('direct-access-drop'));
  }
  // 28+ drops packets for a port bound to 127.0.0.1 that arrive from outside (golden bindlh=true), whatever the
  // gateway mode and even with allow-direct-routing; ::1 is never routed.
  if (layout.name !== 'v20' && family === 4 && hostPort !== 0 && hostIp.startsWith('127.')) {
    rule('raw', 'PREROUTING', `-d ${hostAddress(family, hostIp)} ! -i lo ${protocolMatch(protocol)} --dport ${hostPort} -j DROP`, purpose('loopback-drop'));
  }
}
