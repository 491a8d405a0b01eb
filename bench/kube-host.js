// The synthetic host of the firewall benchmarks: kube-proxy-sized saved and live rulesets (SERVICES Kubernetes
// services, 10 nat rules each, at scale 1: 50,000 rules) with 1% drift (DRIFT rules deleted live, as many added live),
// plus Docker 20.10's own rules for NETWORKS bridge networks and their published ports. Generated deterministically.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SERVICES = 5_000;
export const DRIFT = 250;
export const NETWORKS = 500;
export const PORTS_PER_NETWORK = 4; // 2 containers × 2 ports: 2,000 published ports

const hex = (n, width) => n.toString(16).padStart(width, '0');

/** kube-proxy's iptables mode: per service a KUBE-SERVICES jump, a SVC chain balancing 3 endpoints, 3 SEP chains. */
function kubernetesRules(services) {
  const chains = { nat: ['KUBE-SERVICES', 'KUBE-MARK-MASQ'], filter: [] };
  const rules = { nat: [], filter: [] };
  for (let s = 0; s < services; s++) {
    const svc = `KUBE-SVC-${hex(s, 16).toUpperCase()}`;
    const name = `ns${s % 50}/svc-${s}:http`;
    chains.nat.push(svc);
    rules.nat.push(`-A KUBE-SERVICES -d 10.96.${(s >> 8) & 255}.${s & 255}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport 80 -j ${svc}`);
    for (let e = 0; e < 3; e++) {
      const sep = `KUBE-SEP-${hex(s * 3 + e, 16).toUpperCase()}`;
      const pod = `10.${244 + (e & 1)}.${(s >> 8) & 255}.${(s + e) & 255}`;
      chains.nat.push(sep);
      const balance = e === 2 ? '' : ` -m statistic --mode random --probability ${e === 0 ? '0.33333333349' : '0.50000000000'}`;
      rules.nat.push(`-A ${svc} -m comment --comment "${name} -> ${pod}:8080"${balance} -j ${sep}`);
      rules.nat.push(`-A ${sep} -s ${pod}/32 -m comment --comment ${name.replace(/[/:]/g, '_')} -j KUBE-MARK-MASQ`);
      rules.nat.push(`-A ${sep} -p tcp -m comment --comment ${name.replace(/[/:]/g, '_')} -m tcp -j DNAT --to-destination ${pod}:8080`);
    }
  }
  return { chains, rules };
}

/** The engine's networks and containers, and the rules dockerd 20.10 gives them (the layout of corpus step 03b). */
function dockerHost() {
  const networks = [];
  const containers = [];
  const filter = { FORWARD: ['-j DOCKER-USER', '-j DOCKER-ISOLATION-STAGE-1'], DOCKER: [], 'DOCKER-ISOLATION-STAGE-1': [], 'DOCKER-ISOLATION-STAGE-2': [], 'DOCKER-USER': ['-j RETURN'] };
  const nat = { PREROUTING: ['-m addrtype --dst-type LOCAL -j DOCKER'], OUTPUT: ['! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER'], POSTROUTING: [], DOCKER: [] };
  for (let n = 0; n < NETWORKS; n++) {
    const id = hex(n + 1, 64);
    const bridge = n === 0 ? 'docker0' : `br-${id.slice(0, 12)}`;
    const third = n;
    const subnet = `172.${20 + (third >> 8)}.${third & 255}.0/24`;
    networks.push({
      id, name: n === 0 ? 'bridge' : `net${n}`, driver: 'bridge', scope: 'local', internal: false, enableIPv6: false, ipamDriver: 'default',
      subnets: [{ subnet, gateway: null, ipRange: null, auxAddresses: {} }],
      options: n === 0 ? { 'com.docker.network.bridge.name': 'docker0', 'com.docker.network.bridge.enable_icc': 'true', 'com.docker.network.bridge.enable_ip_masquerade': 'true' } : {},
      bridge,
    });
    filter.FORWARD.push(`-o ${bridge} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, `-o ${bridge} -j DOCKER`, `-i ${bridge} ! -o ${bridge} -j ACCEPT`, `-i ${bridge} -o ${bridge} -j ACCEPT`);
    filter['DOCKER-ISOLATION-STAGE-1'].push(`-i ${bridge} ! -o ${bridge} -j DOCKER-ISOLATION-STAGE-2`);
    filter['DOCKER-ISOLATION-STAGE-2'].push(`-o ${bridge} -j DROP`);
    nat.POSTROUTING.push(`-s ${subnet} ! -o ${bridge} -j MASQUERADE`);
    nat.DOCKER.push(`-i ${bridge} -j RETURN`);
    for (let c = 0; c < 2; c++) {
      const ip = `172.${20 + (third >> 8)}.${third & 255}.${c + 2}`;
      const ports = [];
      for (let p = 0; p < PORTS_PER_NETWORK / 2; p++) {
        const hostPort = 10_000 + n * PORTS_PER_NETWORK + c * 2 + p;
        const containerPort = 80 + p;
        ports.push({ hostIp: '0.0.0.0', hostPort, containerPort, protocol: 'tcp' });
        nat.DOCKER.push(`! -i ${bridge} -p tcp -m tcp --dport ${hostPort} -j DNAT --to-destination ${ip}:${containerPort}`);
        filter.DOCKER.push(`-d ${ip}/32 ! -i ${bridge} -o ${bridge} -p tcp -m tcp --dport ${containerPort} -j ACCEPT`);
        nat.POSTROUTING.push(`-s ${ip}/32 -d ${ip}/32 -p tcp -m tcp --dport ${containerPort} -j MASQUERADE`);
      }
      containers.push({ id: hex(n * 2 + c + 1, 64), name: `app${n}-${c}`, state: 'running', endpoints: [{ network: networks[n].name, networkId: id, ipv4: ip, ipv6: null }], ports });
    }
  }
  filter['DOCKER-ISOLATION-STAGE-1'].push('-j RETURN');
  filter['DOCKER-ISOLATION-STAGE-2'].push('-j RETURN');
  return { networks, containers, filter, nat };
}

/** iptables-save's layout (corpus S2): built-in chains, then user chains sorted, each chain's rules together. */
function saveText(tables) {
  const out = [];
  for (const [name, { builtin, chains, rules }] of Object.entries(tables)) {
    out.push('# Generated by iptables-save v1.8.9 (nf_tables) on Sat Nov 21 23:05:04 2026', `*${name}`);
    for (const [chain, policy] of builtin) out.push(`:${chain} ${policy} [0:0]`);
    const userChains = [...chains].sort();
    for (const chain of userChains) out.push(`:${chain} - [0:0]`);
    const byChain = new Map([...builtin.map(([chain]) => chain), ...userChains].map((chain) => [chain, []]));
    for (const rule of rules) byChain.get(rule.slice(3, rule.indexOf(' ', 3))).push(rule);
    for (const chainRules of byChain.values()) out.push(...chainRules);
    out.push('COMMIT', '# Completed on Sat Nov 21 23:05:04 2026');
  }
  return `${out.join('\n')}\n`;
}

/**
 * Writes host.json (the snapshot), saved and live (the two rulesets) into dir, with SERVICES × scale Kubernetes
 * services; returns the rule and line counts.
 */
export function buildHost(dir, scale = 1) {
  const kube = kubernetesRules(SERVICES * scale);
  const docker = dockerHost();
  const kubeFilter = kube.rules.filter;
  const kubeNat = kube.rules.nat;
  // 1% drift: some saved rules were deleted live, some live rules were never saved.
  const deleted = new Set(Array.from({ length: DRIFT }, (_, i) => i * 197));
  const added = Array.from({ length: DRIFT }, (_, i) => `-A INPUT -s 198.18.${i >> 8}.${i & 255}/32 -p tcp -m tcp --dport 9100 -j ACCEPT`);
  const builtin = {
    filter: [['INPUT', 'ACCEPT'], ['FORWARD', 'DROP'], ['OUTPUT', 'ACCEPT']],
    nat: [['PREROUTING', 'ACCEPT'], ['INPUT', 'ACCEPT'], ['OUTPUT', 'ACCEPT'], ['POSTROUTING', 'ACCEPT']],
  };
  const saved = saveText({
    filter: { builtin: builtin.filter, chains: kube.chains.filter, rules: kubeFilter },
    nat: { builtin: builtin.nat, chains: kube.chains.nat, rules: kubeNat },
  });
  const dockerRules = (table) => Object.entries(table).flatMap(([chain, rules]) => rules.map((r) => `-A ${chain} ${r}`));
  const live = saveText({
    filter: {
      builtin: builtin.filter,
      chains: [...kube.chains.filter, 'DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2', 'DOCKER-USER'],
      rules: [...added, ...dockerRules(docker.filter), ...kubeFilter.filter((_, i) => !deleted.has(i))],
    },
    nat: {
      builtin: builtin.nat,
      chains: [...kube.chains.nat, 'DOCKER'],
      rules: [...dockerRules(docker.nat), ...kubeNat.filter((_, i) => !deleted.has(i + kubeFilter.length))],
    },
  });
  const snapshot = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/hosts/healthy-20.10/snapshot.json'), 'utf8'));
  snapshot.facts.engine.networks = [...snapshot.facts.engine.networks.filter((n) => n.driver !== 'bridge'), ...docker.networks];
  snapshot.facts.engine.containers = docker.containers;
  snapshot.facts.iptables = { ...snapshot.facts.iptables, save: live };
  snapshot.facts.savedRules = { files: [{ path: '/etc/sysconfig/iptables', present: true, text: saved, family: 4 }] };
  writeFileSync(path.join(dir, 'host.json'), JSON.stringify(snapshot));
  writeFileSync(path.join(dir, 'saved'), saved);
  writeFileSync(path.join(dir, 'live'), live);
  const count = (text) => text.split('\n').filter((l) => l.startsWith('-A ')).length;
  return { savedRules: count(saved), liveRules: count(live), liveLines: live.split('\n').length - 1, engine: { networks: docker.networks, containers: docker.containers } };
}

