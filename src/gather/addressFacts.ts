import { unavailable, type Fact } from '../snapshot/fact.js';
import type { Facts, Snapshot } from '../snapshot/schema.js';
import { gatherDaemonConfig } from './daemonConfig.js';
import { gatherEngine } from './engine.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { gatherInstalledEngine } from './installedEngine.js';
import { ADDRESSES_NOT_LISTED, routeFamilies, type HostListings } from './hostListings.js';
import { gatherAddresses, gatherRoutes } from './network.js';
import type { GatherOptions } from './options.js';
import { gatherResolvConf } from './resolvConf.js';
import { gatherSwarm } from './swarm.js';
import { gatherSystemdUnits } from './systemd.js';
import { snapshotOf } from './snapshotOf.js';
import { withTimeout } from './timeout.js';

export interface AddressFactOptions {
  /** Ask for the installed engine's release only when nothing else (an engine, --engine-version) gives the version. */
  installedEngine: boolean;
  /** Why the other facts are not read, for whoever looks at them (`dockdoc pools` reads none). */
  reason: string;
  /**
   * The host listings the run reads. With 'ipv4-routes' (the pools in text or JSON), `routes` holds the IPv4 routes
   * only and `addresses` is unavailable: what dockerd's host check reads is all that report shows.
   */
  listings: HostListings;
}

/**
 * Only the facts about Docker's address space, for `dockdoc pools`: daemon.json (and the units that may name it),
 * the engine's networks and swarm pools, routes, addresses and nameservers. The firewall listings gatherSnapshot also takes
 * (iptables-save, nft list ruleset, firewalld) cost more than the rest of the run and say nothing about pools, so
 * they are not run; those facts are unavailable with `reason`. Same gatherers, same bounds, never throws.
 */
export async function gatherAddressFacts(options: GatherOptions, which: AddressFactOptions): Promise<Snapshot> {
  const io = options.io ?? LIVE_HOST_IO;
  const bounded = boundedBy(options.timeoutMs);
  const gathering = startAddressGatherers(options, io, bounded, which.listings);
  const [systemdUnits, daemonConfig, engine, swarm, installedEngine, routes, addresses, resolvConf] = await Promise.all([
    gathering.systemdUnits,
    gathering.daemonConfig,
    gathering.engine,
    gathering.swarm,
    which.installedEngine ? bounded('finding the installed engine', () => gatherInstalledEngine(options.root, options.timeoutMs, io)) : unavailable(which.reason),
    gathering.routes,
    gathering.addresses,
    gathering.resolvConf,
  ]);
  const notRead = unavailable(which.reason);
  const facts: Facts = {
    daemonConfig,
    systemdUnits,
    engine,
    installedEngine,
    swarm,
    ingressSandbox: notRead,
    iptables: notRead,
    ip6tables: notRead,
    savedRules: notRead,
    routes,
    addresses,
    resolvConf,
    sysctls: notRead,
    nftablesConf: notRead,
    nftRuleset: notRead,
    firewallUnitStates: notRead,
    firewalld: notRead,
    nftablesConfigFiles: notRead,
    nftInputChains: notRead,
    compose: unavailable('no compose files given'),
  };
  return snapshotOf(facts);
}

/** A gatherer's work under the run's timeout, as every fact is gathered. */
export type Bounded = <T>(what: string, work: (signal: AbortSignal) => Promise<Fact<T>>) => Promise<Fact<T>>;

export function boundedBy(timeoutMs: number): Bounded {
  return (what, work) => withTimeout(what, timeoutMs, work);
}

/**
 * Starts the gatherers of Docker's address space at once, the ones both the full snapshot and `dockdoc pools` take:
 * daemon.json waits only for the unit files that may name another --config-file.
 */
export function startAddressGatherers(
  { root, timeoutMs, daemonConfigPath, dockerHost, resolvConfPath }: GatherOptions,
  io: HostIo,
  bounded: Bounded,
  listings: HostListings,
) {
  const systemdUnits = bounded('reading systemd units', () => gatherSystemdUnits(root, io));
  // GET /info once: the engine and swarm gatherers both read it (each asks again only if this one failed).
  const info = bounded('asking the Docker engine for /info', (signal) => io.queryEngineInfo(dockerHost, timeoutMs, signal));
  return {
    systemdUnits,
    daemonConfig: systemdUnits.then((units) => bounded('reading daemon.json', () => gatherDaemonConfig(root, daemonConfigPath, units, io))),
    engine: bounded('querying the Docker engine', (signal) => gatherEngine(dockerHost, timeoutMs, signal, io, info)),
    swarm: bounded('asking the Docker engine about swarm mode', (signal) => gatherSwarm(dockerHost, timeoutMs, signal, io, info)),
    routes: bounded('listing routes', (signal) => gatherRoutes(timeoutMs, signal, io, routeFamilies(listings))),
    addresses: listings === 'ipv4-routes' ? Promise.resolve(unavailable(ADDRESSES_NOT_LISTED)) : bounded('listing addresses', (signal) => gatherAddresses(timeoutMs, signal, io)),
    resolvConf: bounded('reading resolv.conf', () => gatherResolvConf(root, resolvConfPath, io)),
  };
}
