import { unavailable } from '../snapshot/fact.js';
import type { Facts, Snapshot } from '../snapshot/schema.js';
import { gatherDaemonConfig } from './daemonConfig.js';
import { gatherEngine } from './engine.js';
import { gatherFirewallFamily } from './firewall.js';
import { gatherFirewalld } from './firewalld.js';
import { gatherInstalledEngine } from './installedEngine.js';
import { gatherNftRuleset } from './nftables.js';
import { gatherNftablesConfigFiles } from './nftablesConfigs.js';
import { LIVE_HOST_IO } from './hostIo.js';
import { hostPath } from './hostPath.js';
import { gatherAddresses, gatherRoutes } from './network.js';
import type { GatherOptions } from './options.js';
import { gatherResolvConf } from './resolvConf.js';
import { gatherSavedRules } from './savedRules.js';
import { gatherSystemdUnits } from './systemd.js';
import { gatherSwarm } from './swarm.js';
import { gatherSysctls } from './sysctls.js';
import { gatherUnitStates } from './unitStates.js';
import { snapshotOf } from './snapshotOf.js';
import { withTimeout } from './timeout.js';

/** Gathers every host fact concurrently, each bounded by the timeout; never throws. */
export async function gatherSnapshot(options: GatherOptions): Promise<Snapshot> {
  const { root, timeoutMs } = options;
  const io = options.io ?? LIVE_HOST_IO;
  const bounded = <T>(what: string, work: (signal: AbortSignal) => Promise<T | { unavailable: string }>) => withTimeout(what, timeoutMs, work);
  // iptables-save is the slowest command on a large host (seconds for 50,000 rules): it starts first, and every
  // other gatherer overlaps it. Only daemon.json waits, for the unit files that may name another --config-file.
  const iptablesGathered = bounded('reading iptables', (signal) => gatherFirewallFamily(4, timeoutMs, signal, io));
  const ip6tablesGathered = bounded('reading ip6tables', (signal) => gatherFirewallFamily(6, timeoutMs, signal, io));
  const nftRulesetGathered = bounded('reading the nftables ruleset', () => gatherNftRuleset(timeoutMs, io));
  const systemdUnitsGathered = bounded('reading systemd units', () => gatherSystemdUnits(root, io));
  const [
    [systemdUnits, daemonConfig, engine, installedEngine, savedRules, routes, addresses, resolvConf, sysctls, nftablesConf],
    [firewallUnitStates, firewalld, nftablesConfigFiles, swarm],
    [iptables, ip6tables, nftRuleset],
  ] = await Promise.all([
    Promise.all([
      systemdUnitsGathered,
      systemdUnitsGathered.then((units) => bounded('reading daemon.json', () => gatherDaemonConfig(root, options.daemonConfigPath, units, io))),
      bounded('querying the Docker engine', (signal) => gatherEngine(options.dockerHost, timeoutMs, signal, io)),
      bounded('finding the installed engine', () => gatherInstalledEngine(root, timeoutMs, io)),
      bounded('reading saved rules', () => gatherSavedRules(root, options.savedRulesPaths, io)),
      bounded('listing routes', (signal) => gatherRoutes(timeoutMs, signal, io)),
      bounded('listing addresses', (signal) => gatherAddresses(timeoutMs, signal, io)),
      bounded('reading resolv.conf', () => gatherResolvConf(root, options.resolvConfPath, io)),
      bounded('reading sysctls', () => gatherSysctls(root, io)),
      bounded('reading nftables.conf', () => io.readFile(hostPath(root, '/etc/nftables.conf'), '/etc/nftables.conf', 'hostFile')),
    ]),
    Promise.all([
      bounded('asking systemd about the firewall units', () => gatherUnitStates(root, timeoutMs, io)),
      bounded('asking firewalld', () => gatherFirewalld(root, timeoutMs, io)),
      bounded('reading the nftables service configs', () => gatherNftablesConfigFiles(root, io)),
      bounded('asking the Docker engine about swarm mode', (signal) => gatherSwarm(options.dockerHost, timeoutMs, signal, io)),
    ]),
    Promise.all([iptablesGathered, ip6tablesGathered, nftRulesetGathered]),
  ]);
  const facts: Facts = {
    daemonConfig,
    systemdUnits,
    engine,
    installedEngine,
    swarm,
    iptables,
    ip6tables,
    savedRules,
    routes,
    addresses,
    resolvConf,
    sysctls,
    nftablesConf,
    nftRuleset,
    firewallUnitStates,
    firewalld,
    nftablesConfigFiles,
    compose: unavailable('no compose files given'),
  };
  return snapshotOf(facts);
}
