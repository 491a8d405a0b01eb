import { DROP_IN_MARKER } from '../hook/dropIns.js';
import { flushingConfigs } from '../nftables/docker/wipe.js';
import { available } from '../snapshot/fact.js';
import type { FirewallFamilyFact, HostFile, Snapshot } from '../snapshot/schema.js';

/** What restarting a firewall service does to the tables Docker uses. */
export type RestartEffect =
  /** Every table is emptied (EL7 iptables-services on legacy; nftables.conf with `flush ruleset` on nf_tables). */
  | 'all-tables'
  /** The tables named in its rules file are replaced, user chains included; the others are left alone (corpus 91). */
  | 'file-tables'
  /**
   * iptables-services: stop() flushes every table listed in /proc/net/ip_tables_names (all tables on legacy, EL7;
   * none on nf_tables, EL8/9, unless a legacy tool touched them, corpus N6), then start() restores the file.
   */
  | 'flush-and-restore'
  /** Docker's rules survive or are re-applied by dockerd itself (firewalld's Reloaded signal). */
  | 'none';

export interface FirewallService {
  unit: string;
  /** How people know it: "iptables-services", "netfilter-persistent", ... */
  name: string;
  /** How it is restarted, for messages. */
  command: string;
  family: 4 | 6 | 'both';
  /** The rules file it restores, when it has one and the host has it. */
  rulesFile: HostFile | null;
  effect: RestartEffect;
  /** Why this host is thought to run it: its unit, or only its rules file when units were not gathered. */
  evidence: string;
  /** What makes dockerd rebuild its rules after a restart, if anything does. */
  mitigation: string | null;
}

function unitText(file: HostFile | null | undefined): string {
  return file?.present && file.text ? file.text : '';
}

/**
 * The firewall services this host has and what restarting each would do to Docker's rules, from the systemd units,
 * the saved rules files and /etc/nftables.conf (firewall services restore or flush whole tables; corpus docker-rules 06 and 08 for iptables-services
 * on the two backends). Without gathered units, a rules file in a service's place counts as evidence of the service.
 */
export function firewallServices(snapshot: Snapshot): FirewallService[] {
  const units = available(snapshot.facts.systemdUnits)?.units;
  const savedFiles = available(snapshot.facts.savedRules)?.files ?? [];
  const backendOf = (family: 4 | 6): FirewallFamilyFact['backend'] =>
    available(family === 4 ? snapshot.facts.iptables : snapshot.facts.ip6tables)?.backend ?? 'unknown';
  const saved = (path: string): HostFile | null => savedFiles.find((f) => f.path === path && f.present) ?? null;
  const docker = units?.['docker.service'];
  const dockerText = [docker?.fragment, ...(docker?.dropIns ?? [])].map(unitText).join('\n');

  const services: FirewallService[] = [];
  const consider = (
    unit: string,
    name: string,
    command: string,
    family: FirewallService['family'],
    rulesFile: HostFile | null,
    effect: RestartEffect,
  ): void => {
    const installed = units?.[unit];
    const evidence = installed ? `${unit} is installed` : !units && rulesFile ? `${rulesFile.path} exists` : null;
    if (!evidence) return;
    services.push({ unit, name, command, family, rulesFile, effect, evidence, mitigation: mitigation(unit, installed?.dropIns ?? [], dockerText) });
  };

  consider('iptables.service', 'iptables-services', 'systemctl restart iptables', 4, saved('/etc/sysconfig/iptables'), 'flush-and-restore');
  consider('ip6tables.service', 'iptables-services', 'systemctl restart ip6tables', 6, saved('/etc/sysconfig/ip6tables'), 'flush-and-restore');
  // netfilter-persistent runs iptables-restore without --noflush on rules.v4 / rules.v6.
  consider(
    'netfilter-persistent.service',
    'netfilter-persistent',
    'netfilter-persistent reload',
    'both',
    saved('/etc/iptables/rules.v4') ?? saved('/etc/iptables/rules.v6'),
    'file-tables',
  );
  // `flush ruleset` empties every nf_tables table, iptables-nft's included; legacy x_tables are not nf_tables.
  // Debian's /etc/nftables.conf or RHEL's /etc/sysconfig/nftables.conf, or a file either includes.
  const flushing = flushingConfigs(snapshot)[0];
  if (flushing) {
    const wipes = backendOf(4) !== 'legacy' || backendOf(6) !== 'legacy';
    consider('nftables.service', 'nftables', 'systemctl restart nftables', 'both', flushing.file, wipes ? 'all-tables' : 'none');
  }
  consider('firewalld.service', 'firewalld', 'firewall-cmd --reload', 'both', null, 'none');
  return services;
}

/** docker.service bound to the unit (PartOf=/BindsTo=), or a drop-in that rebuilds Docker's rules after it. */
function mitigation(unit: string, dropIns: HostFile[], dockerText: string): string | null {
  const bound = new RegExp(`^\\s*(PartOf|BindsTo)\\s*=.*\\b${unit.replace('.', '\\.')}\\b`, 'm').exec(dockerText);
  if (bound) return `docker.service has ${bound[1]}=${unit}, so systemd restarts dockerd with it`;
  for (const dropIn of dropIns) {
    const text = unitText(dropIn);
    if (text.startsWith(DROP_IN_MARKER)) return `the dockdoc hook ${dropIn.path} runs after it`;
    if (/^\s*Exec(StartPost|Reload)\s*=.*systemctl\s+(try-)?restart\s+docker\b/m.test(text)) return `${dropIn.path} restarts docker after it`;
  }
  return null;
}
