import { PRIORITY_NAMES, type NftChain, type NftTable } from '../model.js';
import type { NftDaemonConfig, NftIpFamily, NftNetworkConfig, NftNetworkFamily, NftPortBinding } from './config.js';

/** Names dockerd's nftables backend uses (moby daemon/libnetwork/drivers/bridge/internal/nftabler/nftabler.go, 29.0+). */
export const DOCKER_TABLE = 'docker-bridges';
export const NAT_CHAIN = 'nat-prerouting-and-output';
export const VMAPS = {
  filterForwardIn: 'filter-forward-in-jumps',
  filterForwardOut: 'filter-forward-out-jumps',
  natPostroutingIn: 'nat-postrouting-in-jumps',
  natPostroutingOut: 'nat-postrouting-out-jumps',
} as const;

export function bridgeChains(bridge: string): { filterForwardIn: string; filterForwardOut: string; natPostroutingIn: string; natPostroutingOut: string } {
  return {
    filterForwardIn: `filter-forward-in__${bridge}`,
    filterForwardOut: `filter-forward-out__${bridge}`,
    natPostroutingIn: `nat-postrouting-in__${bridge}`,
    natPostroutingOut: `nat-postrouting-out__${bridge}`,
  };
}

/**
 * moby orders each chain's rules by rule group, then by when they were added (nftables.RuleGroup): the groups of
 * filter-forward-in__<bridge> (fwdIn*RuleGroup), and raw-PREROUTING's one group after the initial one.
 */
// Groups 1 and 2 of filter-forward-in (accept-fwmark, legacy links) hold rules dockdoc does not render.
const GROUP = { initial: 0, icc: 3, ports: 4, final: 5, rawPorts: 1 } as const;

class TableBuilder {
  readonly table: NftTable;
  private readonly groups = new Map<string, { group: number; order: number; rule: string }[]>();
  private order = 0;

  constructor(family: NftIpFamily) {
    this.table = { family, name: DOCKER_TABLE, chains: new Map(), maps: new Map() };
  }

  chain(name: string, base: NftChain['base'] = null): void {
    this.table.chains.set(name, { name, base, rules: [] });
  }

  vmap(name: string): void {
    this.table.maps.set(name, { name, type: 'ifname : verdict', elements: new Map() });
  }

  element(map: string, key: string, chain: string): void {
    this.table.maps.get(map)!.elements.set(`"${key}"`, `jump ${chain}`);
  }

  /** Adds a rule unless the chain already has it (moby's IgnoreExist for per-port accepts shared by bindings). */
  rule(chain: string, group: number, rule: string): void {
    const rules = this.groups.get(chain) ?? [];
    if (rules.some((r) => r.rule === rule)) return;
    rules.push({ group, order: this.order++, rule });
    this.groups.set(chain, rules);
  }

  build(): NftTable {
    for (const [name, rules] of this.groups) {
      this.table.chains.get(name)!.rules = rules.sort((a, b) => a.group - b.group || a.order - b.order).map((r) => r.rule);
    }
    return this.table;
  }
}

const base = (type: string, hook: string, priority: keyof typeof PRIORITY_NAMES): NftChain['base'] => ({
  type,
  hook,
  priority: PRIORITY_NAMES[priority]!,
  policy: 'accept',
});

/**
 * The table `FAMILY docker-bridges` dockerd's nftables backend (29.0+) programs for these networks, as `nft list`
 * prints it (counters without values). Ported from moby's nftabler (nftabler.go init, network.go configure,
 * endpoint.go filterDirectAccess, port.go, wsl2.go) at docker-v29.7.2.
 */
export function renderDockerTable(family: NftIpFamily, daemon: NftDaemonConfig, networks: NftNetworkConfig[]): NftTable {
  const t = new TableBuilder(family);
  initTable(t, family, daemon);
  for (const network of networks) {
    const config = network[family];
    if (!config) continue;
    configureNetwork(t, family, daemon, network, config);
    for (const endpoint of network.endpoints) {
      const address = endpoint[family];
      if (address) filterDirectAccess(t, family, daemon, network, config, address);
    }
    if (!network.internal) addPorts(t, family, daemon, network, config);
  }
  return t.build();
}

function initTable(t: TableBuilder, family: NftIpFamily, daemon: NftDaemonConfig): void {
  t.chain('filter-FORWARD', base('filter', 'forward', 'filter'));
  t.vmap(VMAPS.filterForwardIn);
  t.rule('filter-FORWARD', GROUP.initial, `oifname vmap @${VMAPS.filterForwardIn}`);
  t.vmap(VMAPS.filterForwardOut);
  t.rule('filter-FORWARD', GROUP.initial, `iifname vmap @${VMAPS.filterForwardOut}`);
  t.chain('nat-POSTROUTING', base('nat', 'postrouting', 'srcnat'));
  t.vmap(VMAPS.natPostroutingOut);
  t.rule('nat-POSTROUTING', GROUP.initial, `iifname vmap @${VMAPS.natPostroutingOut}`);
  t.vmap(VMAPS.natPostroutingIn);
  t.rule('nat-POSTROUTING', GROUP.initial, `oifname vmap @${VMAPS.natPostroutingIn}`);
  t.chain(NAT_CHAIN);
  t.chain('nat-PREROUTING', base('nat', 'prerouting', 'dstnat'));
  t.rule('nat-PREROUTING', GROUP.initial, `fib daddr type local counter jump ${NAT_CHAIN}`);
  t.chain('nat-OUTPUT', base('nat', 'output', 'dstnat'));
  // With the userland proxy on, the proxy answers connections to loopback; nft prints 127.0.0.1/8 as 127.0.0.0/8.
  const skipLoopback = daemon.hairpin ? '' : family === 'ip' ? 'ip daddr != 127.0.0.0/8 ' : 'ip6 daddr != ::1 ';
  t.rule('nat-OUTPUT', GROUP.initial, `${skipLoopback}fib daddr type local counter jump ${NAT_CHAIN}`);
  t.chain('raw-PREROUTING', base('filter', 'prerouting', 'raw'));
  if (!daemon.hairpin && daemon.wsl2Mirrored && family === 'ip') {
    t.rule(NAT_CHAIN, GROUP.initial, 'iifname "loopback0" ip daddr 127.0.0.0/8 counter return');
  }
}

function configureNetwork(t: TableBuilder, family: NftIpFamily, daemon: NftDaemonConfig, network: NftNetworkConfig, config: NftNetworkFamily): void {
  const bridge = `"${network.bridge}"`;
  const chains = bridgeChains(network.bridge);
  t.chain(chains.filterForwardIn);
  t.chain(chains.filterForwardOut);
  t.element(VMAPS.filterForwardIn, network.bridge, chains.filterForwardIn);
  t.element(VMAPS.filterForwardOut, network.bridge, chains.filterForwardOut);
  t.chain(chains.natPostroutingIn);
  t.element(VMAPS.natPostroutingIn, network.bridge, chains.natPostroutingIn);
  t.chain(chains.natPostroutingOut);
  t.element(VMAPS.natPostroutingOut, network.bridge, chains.natPostroutingOut);
  t.rule(chains.filterForwardIn, GROUP.initial, 'ct state established,related counter accept');
  t.rule(chains.filterForwardOut, GROUP.initial, 'ct state established,related counter accept');
  const iccVerdict = network.icc ? 'accept' : 'drop';
  if (network.internal) {
    t.rule(chains.filterForwardIn, GROUP.initial, `iifname != ${bridge} counter drop comment "INTERNAL NETWORK INGRESS"`);
    t.rule(chains.filterForwardOut, GROUP.initial, `oifname != ${bridge} counter drop comment "INTERNAL NETWORK EGRESS"`);
    t.rule(chains.filterForwardIn, GROUP.icc, `counter ${iccVerdict} comment "ICC"`);
    return;
  }
  t.rule(chains.filterForwardIn, GROUP.icc, `iifname ${bridge} counter ${iccVerdict} comment "ICC"`);
  t.rule(chains.filterForwardOut, GROUP.initial, 'counter accept comment "OUTGOING"');
  t.rule(chains.filterForwardIn, GROUP.final, config.unprotected ? 'counter accept comment "UNPROTECTED"' : 'counter drop comment "UNPUBLISHED PORT DROP"');
  if (config.routed) {
    t.rule(chains.filterForwardIn, GROUP.initial, `${family === 'ip' ? 'ip protocol icmp' : 'meta l4proto ipv6-icmp'} counter accept comment "ICMP"`);
  }
  const verdict = config.hostIp ? `snat to ${config.hostIp}` : 'masquerade';
  const comment = config.hostIp ? 'SNAT' : 'MASQUERADE';
  if (network.masquerade && !config.routed) {
    t.rule(chains.natPostroutingOut, GROUP.initial, `oifname != ${bridge} ${family} saddr ${config.prefix} counter ${verdict} comment "${comment}"`);
  }
  if (daemon.hairpin) t.rule(chains.natPostroutingIn, GROUP.initial, `fib saddr type local counter ${verdict} comment "${comment} FROM HOST"`);
}

function filterDirectAccess(t: TableBuilder, family: NftIpFamily, daemon: NftDaemonConfig, network: NftNetworkConfig, config: NftNetworkFamily, address: string): void {
  if (network.internal || config.unprotected || config.routed || daemon.allowDirectRouting) return;
  // nft prints a one-element set as the bare element.
  const names = [network.bridge, ...network.trustedHostInterfaces].map((n) => `"${n}"`);
  const ifnames = names.length === 1 ? names[0] : `{ ${names.join(', ')} }`;
  t.rule('raw-PREROUTING', GROUP.rawPorts, `${family} daddr ${address} iifname != ${ifnames} counter drop comment "DROP DIRECT ACCESS"`);
}

const isV4 = (address: string): boolean => !address.includes(':');
const isUnspecified = (address: string): boolean => address === '0.0.0.0' || address === '::';
const isLoopbackV4 = (address: string): boolean => address.startsWith('127.');

function addPorts(t: TableBuilder, family: NftIpFamily, daemon: NftDaemonConfig, network: NftNetworkConfig, config: NftNetworkFamily): void {
  const chains = bridgeChains(network.bridge);
  const ports = network.ports.filter((p) => isV4(p.containerIp) === (family === 'ip'));
  // Bindings whose host address is of the other family are forwarded by docker-proxy, not by a DNAT rule.
  const natted = (p: NftPortBinding): boolean => p.hostPort !== 0 && isV4(p.containerIp) === isV4(p.hostIp);
  if (!config.unprotected) {
    for (const p of ports) t.rule(chains.filterForwardIn, GROUP.ports, `${family} daddr ${p.containerIp} ${p.protocol} dport ${p.containerPort} counter accept`);
  }
  const proxySkip = daemon.hairpin ? '' : `iifname != "${network.bridge}" `;
  const linkLocalSkip = family === 'ip6' ? 'ip6 saddr != fe80::/10 ' : '';
  for (const p of ports.filter(natted)) {
    const daddr = isUnspecified(p.hostIp) ? '' : `${family} daddr ${p.hostIp} `;
    const target = family === 'ip6' ? `[${p.containerIp}]:${p.containerPort}` : `${p.containerIp}:${p.containerPort}`;
    t.rule(NAT_CHAIN, GROUP.initial, `${proxySkip}${linkLocalSkip}${daddr}${p.protocol} dport ${p.hostPort} counter dnat to ${target} comment "DNAT"`);
  }
  if (daemon.hairpin) {
    for (const p of ports.filter(natted)) {
      t.rule(
        chains.natPostroutingIn,
        GROUP.initial,
        `${family} saddr ${p.containerIp} ${family} daddr ${p.containerIp} ${p.protocol} dport ${p.containerPort} counter masquerade comment "MASQ TO OWN PORT"`,
      );
    }
  }
  if (family === 'ip6') return;
  for (const p of ports.filter((p) => p.hostPort !== 0 && isV4(p.hostIp) && isLoopbackV4(p.hostIp))) {
    if (daemon.wsl2Mirrored) {
      t.rule('raw-PREROUTING', GROUP.rawPorts, `iifname "loopback0" ip daddr ${p.hostIp} ${p.protocol} dport ${p.hostPort} counter accept comment "ACCEPT WSL2 LOOPBACK"`);
    }
    t.rule('raw-PREROUTING', GROUP.rawPorts, `iifname != "lo" ip daddr ${p.hostIp} ${p.protocol} dport ${p.hostPort} counter drop comment "DROP REMOTE LOOPBACK"`);
  }
}
