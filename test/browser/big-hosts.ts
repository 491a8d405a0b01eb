import type { EngineNetwork, Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture, withDaemonJson } from '../helpers/hosts.js';
import { withNameservers, withRoutes } from '../pools/snapshots.js';

function bridgeNetwork(i: number, name: string, subnet: string): EngineNetwork {
  const id = i.toString(16).padStart(12, '0');
  return { id: `${id}${'0'.repeat(52)}`, name, driver: 'bridge', scope: 'local', internal: false, enableIPv6: false, ipamDriver: 'default', subnets: [{ subnet, gateway: null, ipRange: null, auxAddresses: {} }], options: {}, bridge: `br-${id}` };
}

function withEngineNetworks(snapshot: Snapshot, networks: EngineNetwork[]): Snapshot {
  const engine = snapshot.facts.engine as Exclude<Snapshot['facts']['engine'], { unavailable: string }>;
  return { ...snapshot, facts: { ...snapshot.facts, engine: { ...engine, networks: [...engine.networks, ...networks] } } };
}

/**
 * The seed host grown to 10,000 networks in 10.0.0.0/8 (/24 each), with a WireGuard route the dockerd check misses
 * (via a gateway) under one network, and a nameserver inside another: two conflicts among 10,000 boxes.
 */
export function tenThousandNetworkHost(): Snapshot {
  let snapshot = withDaemonJson(hostFixture('seed'), '{"bip": "172.17.0.1/16", "default-address-pools": [{"base": "10.0.0.0/8", "size": 24}]}\n');
  const networks = Array.from({ length: 10_000 }, (_, i) => bridgeNetwork(i + 1, `app${i + 1}`, `10.${i >> 8}.${i & 255}.0/24`));
  networks.push(bridgeNetwork(20_001, 'legacy-vpn-clash', '10.200.5.0/24'));
  snapshot = withEngineNetworks(snapshot, networks);
  snapshot = withRoutes(snapshot, ['10.200.0.0/16 via 172.16.99.1 dev wg0 proto static']);
  return withNameservers(snapshot, ['10.7.7.53']);
}

/** One pool of 4,194,304 /30 subnets with three networks in it. */
export function fourMillionSubnetPoolHost(): Snapshot {
  const snapshot = withDaemonJson(hostFixture('seed'), '{"bip": "172.17.0.1/16", "default-address-pools": [{"base": "10.0.0.0/8", "size": 30}]}\n');
  return withEngineNetworks(snapshot, [bridgeNetwork(1, 'tiny-a', '10.0.0.0/30'), bridgeNetwork(2, 'tiny-b', '10.0.0.4/30'), bridgeNetwork(3, 'tiny-far', '10.128.0.0/30')]);
}
