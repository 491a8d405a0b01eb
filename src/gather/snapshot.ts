import os from 'node:os';
import { unavailable } from '../snapshot/fact.js';
import { SNAPSHOT_SCHEMA_VERSION, type Facts, type Snapshot } from '../snapshot/schema.js';
import { TOOL_VERSION } from '../version.js';
import { gatherDaemonConfig } from './daemonConfig.js';
import { gatherEngine } from './engine.js';
import { gatherFirewallFamily } from './firewall.js';
import { gatherInstalledEngine } from './installedEngine.js';
import { readHostFile } from './hostFile.js';
import { hostPath } from './hostPath.js';
import { gatherAddresses, gatherRoutes } from './network.js';
import type { GatherOptions } from './options.js';
import { gatherResolvConf } from './resolvConf.js';
import { gatherSavedRules } from './savedRules.js';
import { gatherSystemdUnits } from './systemd.js';
import { gatherSysctls } from './sysctls.js';
import { withTimeout } from './timeout.js';

/**
 * Loads the modules the gatherers import on first use (execa, dockerode). Offline commands never need them; a run
 * with a time bound (the hook) loads them before its bound starts, so module loading is not taken out of the
 * gatherers' own timeouts.
 */
export async function loadGathererModules(): Promise<void> {
  await Promise.all([import('execa'), import('dockerode')]);
}

/** Gathers every host fact concurrently, each bounded by the timeout; never throws. */
export async function gatherSnapshot(options: GatherOptions): Promise<Snapshot> {
  const { root, timeoutMs } = options;
  const bounded = <T>(what: string, work: () => Promise<T | { unavailable: string }>) => withTimeout(what, timeoutMs, work);
  const systemdUnits = await bounded('reading systemd units', () => gatherSystemdUnits(root));
  const [daemonConfig, engine, installedEngine, iptables, ip6tables, savedRules, routes, addresses, resolvConf, sysctls, nftablesConf] =
    await Promise.all([
      bounded('reading daemon.json', () => gatherDaemonConfig(root, options.daemonConfigPath, systemdUnits)),
      bounded('querying the Docker engine', () => gatherEngine(options.dockerHost, timeoutMs)),
      bounded('finding the installed engine', () => gatherInstalledEngine(root, timeoutMs)),
      bounded('reading iptables', () => gatherFirewallFamily(4, timeoutMs)),
      bounded('reading ip6tables', () => gatherFirewallFamily(6, timeoutMs)),
      bounded('reading saved rules', () => gatherSavedRules(root, options.savedRulesPaths)),
      bounded('listing routes', () => gatherRoutes(timeoutMs)),
      bounded('listing addresses', () => gatherAddresses(timeoutMs)),
      bounded('reading resolv.conf', () => gatherResolvConf(root, options.resolvConfPath)),
      bounded('reading sysctls', () => gatherSysctls(root)),
      bounded('reading nftables.conf', () => readHostFile(hostPath(root, '/etc/nftables.conf'), '/etc/nftables.conf')),
    ]);
  const facts: Facts = {
    daemonConfig,
    systemdUnits,
    engine,
    installedEngine,
    iptables,
    ip6tables,
    savedRules,
    routes,
    addresses,
    resolvConf,
    sysctls,
    nftablesConf,
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
