import type { RuleContext } from '../../src/engine/types.js';
import { available } from '../../src/snapshot/fact.js';
import type { EngineFact, InterfaceEntry, RouteEntry, Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture, withDaemonJson } from '../helpers/hosts.js';
import { routeFromText } from './corpus-support.js';

/** The healthy 20.10 host (real capture: docker0 172.17/16, mynet 172.18/16 on br-031c8d1636c4). */
export const healthy = hostFixture('healthy-20.10');

export function context(engineVersion: string, extra: Partial<RuleContext['settings']> = {}): RuleContext {
  return {
    engineVersion,
    rules: [],
    settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 }, ...extra },
  } as RuleContext;
}

export function daemonJson(text: string, base: Snapshot = healthy): Snapshot {
  return withDaemonJson(base, text);
}

export function withFacts(snapshot: Snapshot, facts: Partial<Snapshot['facts']>): Snapshot {
  return { ...snapshot, facts: { ...snapshot.facts, ...facts } };
}

/** Adds `ip route` lines (main table unless "table X" is in the line). */
export function withRoutes(snapshot: Snapshot, lines: string[]): Snapshot {
  const extra: RouteEntry[] = lines.map((line) => {
    const table = /\btable (\S+)/.exec(line)?.[1] ?? 'main';
    return { ...routeFromText(line), table };
  });
  return withFacts(snapshot, { routes: [...(available(snapshot.facts.routes) ?? []), ...extra] });
}

export function withInterface(snapshot: Snapshot, entry: InterfaceEntry): Snapshot {
  return withFacts(snapshot, { addresses: [...(available(snapshot.facts.addresses) ?? []), entry] });
}

export function withNameservers(snapshot: Snapshot, nameservers: string[]): Snapshot {
  return withFacts(snapshot, {
    resolvConf: { path: '/etc/resolv.conf', text: nameservers.map((n) => `nameserver ${n}\n`).join(''), nameservers },
  });
}

export function withEngine(snapshot: Snapshot, change: (engine: EngineFact) => EngineFact): Snapshot {
  return withFacts(snapshot, { engine: change(available(snapshot.facts.engine)!) });
}

/** Adds bridge networks with the given subnets, named like dockerd names them. */
export function withNetworks(snapshot: Snapshot, subnets: string[]): Snapshot {
  return withEngine(snapshot, (engine) => ({
    ...engine,
    networks: [
      ...engine.networks,
      ...subnets.map((subnet, i) => ({
        id: `${(i + 1).toString(16).padStart(12, 'a')}${'0'.repeat(52)}`,
        name: `net${i + 1}`,
        driver: 'bridge',
        scope: 'local',
        internal: false,
        enableIPv6: false,
        ipamDriver: 'default',
        subnets: [{ subnet, gateway: null, ipRange: null, auxAddresses: {} }],
        options: {},
        bridge: `br-${(i + 1).toString(16).padStart(12, 'a')}`,
      })),
    ],
  }));
}
