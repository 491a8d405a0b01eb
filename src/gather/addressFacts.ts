import { unavailable } from '../snapshot/fact.js';
import type { Facts, Snapshot } from '../snapshot/schema.js';
import { gatherDaemonConfig } from './daemonConfig.js';
import { gatherEngine } from './engine.js';
import { LIVE_HOST_IO } from './hostIo.js';
import { gatherInstalledEngine } from './installedEngine.js';
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
}

/**
 * Only the facts about Docker's address space, for `dockdoc pools`: daemon.json (and the units that may name it),
 * the engine's networks and swarm pools, routes, addresses and nameservers. The firewall listings gatherSnapshot also takes
 * (iptables-save, nft list ruleset, firewalld) cost more than the rest of the run and say nothing about pools, so
 * they are not run; those facts are unavailable with `reason`. Same gatherers, same bounds, never throws.
 */
export async function gatherAddressFacts(options: GatherOptions, which: AddressFactOptions): Promise<Snapshot> {
  const { root, timeoutMs } = options;
  const io = options.io ?? LIVE_HOST_IO;
  const bounded = <T>(what: string, work: (signal: AbortSignal) => Promise<T | { unavailable: string }>) => withTimeout(what, timeoutMs, work);
  const systemdUnitsGathered = bounded('reading systemd units', () => gatherSystemdUnits(root, io));
  const [systemdUnits, daemonConfig, engine, swarm, installedEngine, routes, addresses, resolvConf] = await Promise.all([
    systemdUnitsGathered,
    systemdUnitsGathered.then((units) => bounded('reading daemon.json', () => gatherDaemonConfig(root, options.daemonConfigPath, units, io))),
    bounded('querying the Docker engine', (signal) => gatherEngine(options.dockerHost, timeoutMs, signal, io)),
    bounded('asking the Docker engine about swarm mode', (signal) => gatherSwarm(options.dockerHost, timeoutMs, signal, io)),
    which.installedEngine ? bounded('finding the installed engine', () => gatherInstalledEngine(root, timeoutMs, io)) : unavailable(which.reason),
    bounded('listing routes', (signal) => gatherRoutes(timeoutMs, signal, io)),
    bounded('listing addresses', (signal) => gatherAddresses(timeoutMs, signal, io)),
    bounded('reading resolv.conf', () => gatherResolvConf(root, options.resolvConfPath, io)),
  ]);
  const notRead = unavailable(which.reason);
  const facts: Facts = {
    daemonConfig,
    systemdUnits,
    engine,
    installedEngine,
    swarm,
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
    compose: unavailable('no compose files given'),
  };
  return snapshotOf(facts);
}
