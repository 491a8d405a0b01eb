import os from 'node:os';
import { unavailable } from '../snapshot/fact.js';
import { SNAPSHOT_SCHEMA_VERSION, type ComposeFact, type Facts, type HostFile, type Snapshot } from '../snapshot/schema.js';
import { TOOL_VERSION } from '../version.js';

export interface LintSnapshotInputs {
  compose: ComposeFact;
  /** `--snapshot host.json`: live networks, routes, nameservers, daemon.json of the target host. */
  host: Snapshot | null;
  /** `--daemon-config daemon.json`: replaces the snapshot's daemon.json (pools, bip). */
  daemonConfig: HostFile | null;
}

const NOT_GATHERED = 'dockdoc lint reads no host facts: give --snapshot host.json (from `dockdoc snapshot`) to check against a host';

/**
 * The snapshot `dockdoc lint` runs the rules on: the compose projects, plus the host facts of --snapshot and
 * --daemon-config when given; every other fact is unavailable, so the rules that need it are skipped, not passed.
 */
export function lintSnapshot(inputs: LintSnapshotInputs): Snapshot {
  const base: Facts = inputs.host
    ? { ...inputs.host.facts }
    : {
        daemonConfig: unavailable('no daemon.json given: use --daemon-config daemon.json or --snapshot host.json'),
        systemdUnits: unavailable(NOT_GATHERED),
        nftablesConf: unavailable(NOT_GATHERED),
        engine: unavailable(NOT_GATHERED),
        iptables: unavailable(NOT_GATHERED),
        ip6tables: unavailable(NOT_GATHERED),
        savedRules: unavailable(NOT_GATHERED),
        routes: unavailable(NOT_GATHERED),
        addresses: unavailable(NOT_GATHERED),
        resolvConf: unavailable(NOT_GATHERED),
        sysctls: unavailable(NOT_GATHERED),
        compose: unavailable('no compose files given'),
      };
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'dockdoc', version: TOOL_VERSION },
    takenAt: inputs.host?.takenAt ?? new Date().toISOString(),
    host: inputs.host?.host ?? { hostname: os.hostname() },
    facts: { ...base, ...(inputs.daemonConfig ? { daemonConfig: inputs.daemonConfig } : {}), compose: inputs.compose },
  };
}
