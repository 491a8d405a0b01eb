import { daemonConfigModel } from '../daemon/config.js';
import { dockerServiceEnvironment } from '../daemon/unitEnvironment.js';
import { dockerdCommandLine } from '../daemon/unitFlags.js';
import { engineAtLeast } from '../engine/version.js';
import { networkSettings } from '../pools/settings.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { DockerSettings, Sourced } from './model.js';

/** The warning `docker info` gives when dockerd runs with the variable (daemon/info_unix.go, 28.0.2+). */
const NO_RAW_WARNING = 'DOCKER_INSECURE_NO_IPTABLES_RAW is set';

/**
 * Reads the settings as `engineVersion` applies them. iptables/ip6tables/live-restore come from the pools module's
 * reading of daemon.json and the unit's flags; the options only the firewall needs are read the same way here
 * (file first, then the last flag), with dockerd's defaults.
 */
export function dockerSettings(snapshot: Snapshot, engineVersion: string): DockerSettings {
  const model = daemonConfigModel(snapshot);
  const units = available(snapshot.facts.systemdUnits);
  const network = networkSettings(model, units, engineVersion);
  const values = model?.state === 'parsed' ? model.values : {};
  const flags = units ? (dockerdCommandLine(units)?.flags ?? []) : [];
  const option = (key: string): unknown => {
    if (key in values) return values[key];
    const flag = flags.filter((f) => f.name === key).at(-1);
    if (!flag) return undefined;
    return flag.value === null ? true : flag.value === 'true' || flag.value === '1' ? true : flag.value === 'false' || flag.value === '0' ? false : flag.value;
  };
  const boolean = (key: string, fallback: boolean): boolean => {
    const value = option(key);
    return typeof value === 'boolean' ? value : fallback;
  };
  const iptables = network.iptables?.value ?? true;
  const engine = available(snapshot.facts.engine);
  const ip6Default = engineAtLeast(engineVersion, '27.0.0');
  const experimental = network.experimental?.value ?? false;
  // ≤26 refuses ip6tables without experimental (DD108); a daemon that runs has it only with both.
  const ip6tables = (network.ip6tables?.value ?? ip6Default) && (ip6Default || experimental);
  // "iptables", "iptables+firewalld", "nftables", "nftables+firewalld" (28.1+); older engines report nothing.
  const [driver, ...extras] = (engine?.firewallBackend ?? '').split('+');
  const backend =
    driver === 'nftables' || (driver === '' && engineAtLeast(engineVersion, '29.0.0') && option('firewall-backend') === 'nftables') ? 'nftables' : 'iptables';
  return {
    iptables,
    ip6tables: iptables && ip6tables,
    userlandProxy: boolean('userland-proxy', true),
    // dockerd forces ip-masq off when iptables is off.
    ipMasq: iptables && boolean('ip-masq', true),
    ipForward: boolean('ip-forward', true),
    allowDirectRouting: engineAtLeast(engineVersion, '28.2.0') && boolean('allow-direct-routing', false),
    rawRulesDisabled: rawRulesDisabled(snapshot, engineVersion),
    backend,
    firewalld: driver === '' ? null : extras.includes('firewalld'),
    liveRestore: engine?.liveRestore ?? network.liveRestore,
  };
}

/** `DOCKER_INSECURE_NO_IPTABLES_RAW=1` (28.0.2+, libnetwork `rawRulesDisabled`): exactly "1" counts. */
function rawRulesDisabled(snapshot: Snapshot, engineVersion: string): Sourced<boolean> {
  if (!engineAtLeast(engineVersion, '28.0.2')) return { value: false, source: `not supported by engine ${engineVersion}` };
  // Either source suffices: expecting fewer rules can only cost a missed warning, never a false error.
  const engine = available(snapshot.facts.engine);
  if (engine?.warnings.some((w) => w.includes(NO_RAW_WARNING))) return { value: true, source: `docker info warning "${NO_RAW_WARNING}"` };
  const units = available(snapshot.facts.systemdUnits);
  const variable = units ? dockerServiceEnvironment(units)?.variables['DOCKER_INSECURE_NO_IPTABLES_RAW'] : undefined;
  if (variable?.value === '1') return { value: true, source: `Environment= in ${variable.file}` };
  return { value: false, source: engine ? 'docker info and docker.service do not set it' : 'docker.service does not set it' };
}
