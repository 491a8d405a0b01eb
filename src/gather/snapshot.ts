import os from 'node:os';
import { unavailable } from '../snapshot/fact.js';
import { SNAPSHOT_SCHEMA_VERSION, type Facts, type Snapshot } from '../snapshot/schema.js';
import { TOOL_VERSION } from '../version.js';
import { gatherDaemonConfig } from './daemonConfig.js';
import { gatherEngine } from './engine.js';
import { gatherFirewallFamily } from './firewall.js';
import { gatherFirewalld } from './firewalld.js';
import { gatherInstalledEngine } from './installedEngine.js';
import { gatherNftRuleset } from './nftables.js';
import { gatherNftablesConfigFiles } from './nftablesConfigs.js';
import { readHostFile } from './hostFile.js';
import { hostPath } from './hostPath.js';
import { gatherAddresses, gatherRoutes } from './network.js';
import type { GatherOptions } from './options.js';
import { gatherResolvConf } from './resolvConf.js';
import { gatherSavedRules } from './savedRules.js';
import { gatherSystemdUnits } from './systemd.js';
import { gatherSwarm } from './swarm.js';
import { gatherSysctls } from './sysctls.js';
import { gatherUnitStates } from './unitStates.js';
import { withTimeout } from './timeout.js';

/** Gathers every host fact concurrently, each bounded by the timeout; never throws. */
export async function gatherSnapshot(options: GatherOptions): Promise<Snapshot> {
  const { root, timeoutMs } = options;
  const bounded = <T>(what: string, work: (signal: AbortSignal) => Promise<T | { unavailable: string }>) => withTimeout(what, timeoutMs, work);
  const systemdUnits = await bounded('reading systemd units', () => gatherSystemdUnits(root));
  const [
    [daemonConfig, engine, installedEngine, iptables, ip6tables, savedRules, routes, addresses, resolvConf, sysctls, nftablesConf],
    [nftRuleset, firewallUnitStates, firewalld, nftablesConfigFiles, swarm],
  ] = await Promise.all([
    Promise.all([
      bounded('reading daemon.json', () => gatherDaemonConfig(root, options.daemonConfigPath, systemdUnits)),
      bounded('querying the Docker engine', (signal) => gatherEngine(options.dockerHost, timeoutMs, signal)),
      bounded('finding the installed engine', () => gatherInstalledEngine(root, timeoutMs)),
      bounded('reading iptables', (signal) => gatherFirewallFamily(4, timeoutMs, signal)),
      bounded('reading ip6tables', (signal) => gatherFirewallFamily(6, timeoutMs, signal)),
      bounded('reading saved rules', () => gatherSavedRules(root, options.savedRulesPaths)),
      bounded('listing routes', (signal) => gatherRoutes(timeoutMs, signal)),
      bounded('listing addresses', (signal) => gatherAddresses(timeoutMs, signal)),
      bounded('reading resolv.conf', () => gatherResolvConf(root, options.resolvConfPath)),
      bounded('reading sysctls', () => gatherSysctls(root)),
      bounded('reading nftables.conf', () => readHostFile(hostPath(root, '/etc/nftables.conf'), '/etc/nftables.conf')),
    ]),
    Promise.all([
      bounded('reading the nftables ruleset', () => gatherNftRuleset(timeoutMs)),
      bounded('asking systemd about the firewall units', () => gatherUnitStates(root, timeoutMs)),
      bounded('asking firewalld', () => gatherFirewalld(root, timeoutMs)),
      bounded('reading the nftables service configs', () => gatherNftablesConfigFiles(root)),
      bounded('asking the Docker engine about swarm mode', (signal) => gatherSwarm(options.dockerHost, timeoutMs, signal)),
    ]),
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
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'dockdoc', version: TOOL_VERSION },
    takenAt: new Date().toISOString(),
    host: { hostname: os.hostname() },
    facts,
  };
}
