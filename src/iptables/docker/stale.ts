import { canonicalAddress } from '../../net/prefix.js';
import { inetNtop } from '../../net/inet-ntop.js';
import type { Rule, Ruleset } from '../ruleset.js';
import type { DockerExpectation } from './expected.js';
import type { DockerIntent } from '../../intent/index.js';

/** A rule shaped like Docker's that refers to a bridge or container address no current Docker object has. */
export interface StaleRule {
  family: 4 | 6;
  rule: Rule;
  /** The bridge or address that no longer exists. */
  refersTo: { bridge: string } | { address: string };
}

/** Bridge names dockerd creates: the default bridge and `br-` + 12 hex digits of the network ID. */
const DOCKER_BRIDGE = /^(docker0|br-[0-9a-f]{12})$/;

/** Where dockerd puts rules: its own chains, and the built-in chains it adds to. */
const DOCKER_PLACES: Readonly<Record<string, readonly string[]>> = {
  nat: ['POSTROUTING', 'PREROUTING', 'OUTPUT', 'DOCKER'],
  filter: ['FORWARD', 'DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2', 'DOCKER-FORWARD', 'DOCKER-CT', 'DOCKER-BRIDGE', 'DOCKER-INTERNAL'],
  raw: ['PREROUTING'],
};

/**
 * Docker-style rules left behind for networks or containers that are gone (moby@v20.10.24:vendor/github.com/docker/libnetwork/drivers/bridge/setup_ip_tables.go#L30-420; dockerd removes only its
 * own chains at start, so per-network MASQUERADE and FORWARD rules of vanished bridges stay; corpus 06x leaves the
 * MASQUERADE of a network whose creation failed). Only rules naming something that provably does not exist count:
 * a bridge of Docker's naming that no network has, or a container address no running container holds.
 */
export function staleDockerRules(live: Ruleset, family: 4 | 6, intent: DockerIntent, expectation: DockerExpectation): StaleRule[] {
  const { bridges, addresses } = intent.present;
  const expected = new Map<string, Set<string>>();
  for (const r of expectation.rules) {
    if (r.family !== family) continue;
    const key = `${r.table} ${r.chain}`;
    let texts = expected.get(key);
    if (!texts) {
      texts = new Set();
      expected.set(key, texts);
    }
    texts.add(r.text);
  }
  const stale: StaleRule[] = [];
  for (const [tableName, chains] of Object.entries(DOCKER_PLACES)) {
    const table = live.tables.get(tableName);
    if (!table) continue;
    for (const chainName of chains) {
      const texts = expected.get(`${tableName} ${chainName}`);
      for (const rule of table.chains.get(chainName)?.rules ?? []) {
        if (texts?.has(rule.text)) continue;
        const refersTo = missingReference(rule, bridges, addresses);
        if (refersTo) stale.push({ family, rule, refersTo });
      }
    }
  }
  return stale;
}

function missingReference(rule: Rule, bridges: ReadonlySet<string>, addresses: ReadonlySet<string>): StaleRule['refersTo'] | null {
  const spec = rule.spec;
  if (!spec) return null;
  for (const iface of [spec.inInterface?.value, spec.outInterface?.value]) {
    if (iface !== undefined && DOCKER_BRIDGE.test(iface) && !bridges.has(iface)) return { bridge: iface };
  }
  const target = spec.target?.name;
  const host = (a: typeof spec.source): string | null => {
    const p = a && !a.negated ? a.value.prefix : null;
    return p && p.length === (p.family === 4 ? 32 : 128) ? inetNtop(p.family, p.address) : null;
  };
  const source = host(spec.source);
  const destination = host(spec.destination);
  if (target === 'DNAT') {
    const to = spec.target?.options.find((o) => o.name === 'to-destination')?.args[0] ?? '';
    const address = canonicalAddress(to.startsWith('[') ? to.slice(1, to.indexOf(']')) : (to.split(':')[0] ?? ''));
    if (rule.chain === 'DOCKER' && !addresses.has(address)) return { address };
  }
  // Per-port hairpin MASQUERADE (-s X -d X), published-port ACCEPT (-d X ... -o br) and raw direct-access drops.
  if (target === 'MASQUERADE' && source !== null && source === destination && !addresses.has(source)) return { address: source };
  const dockerOutput = spec.outInterface !== null && DOCKER_BRIDGE.test(spec.outInterface.value);
  const dockerInputExcluded = spec.inInterface?.negated === true && DOCKER_BRIDGE.test(spec.inInterface.value);
  if (destination !== null && (dockerOutput || dockerInputExcluded) && !addresses.has(destination)) return { address: destination };
  return null;
}
