import { daemonConfigModel } from '../../daemon/config.js';
import { dockerdCommandLine } from '../../daemon/unitFlags.js';
import { engineAtLeast } from '../../engine/version.js';
import { networkSettings } from '../../pools/settings.js';
import { available } from '../../snapshot/fact.js';
import type { Snapshot } from '../../snapshot/schema.js';

/** The daemon options that decide which rules dockerd programs (daemon.json, then dockerd's flags). */
export interface DockerFirewallSettings {
  iptables: boolean;
  ip6tables: boolean;
  userlandProxy: boolean;
  ipMasq: boolean;
  ipForward: boolean;
  /** 29+ `firewall-backend`: with `nftables` the rules live in nft tables an iptables diff cannot see. */
  backend: 'iptables' | 'nftables';
  liveRestore: boolean;
}

/**
 * Reads the settings as `engineVersion` applies them. iptables/ip6tables/live-restore come from the pools module's
 * reading of daemon.json and the unit's flags; the three options only the firewall needs are read the same way here
 * (file first, then the last flag), with dockerd's defaults.
 */
export function dockerFirewallSettings(snapshot: Snapshot, engineVersion: string): DockerFirewallSettings {
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
  const backendOption = option('firewall-backend');
  const backend =
    engine?.firewallBackend.split('+')[0] === 'nftables' || (engineAtLeast(engineVersion, '29.0.0') && backendOption === 'nftables') ? 'nftables' : 'iptables';
  return {
    iptables,
    ip6tables: iptables && ip6tables,
    userlandProxy: boolean('userland-proxy', true),
    // dockerd forces ip-masq off when iptables is off.
    ipMasq: iptables && boolean('ip-masq', true),
    ipForward: boolean('ip-forward', true),
    backend,
    liveRestore: engine?.liveRestore ?? network.liveRestore,
  };
}
