import type { Rule, RuleResult } from '../src/engine/types.js';
import { dockerFirewall } from '../src/iptables/docker/analysis.js';
import { firewallServices, type FirewallService } from '../src/iptables/services.js';
import { dockerIntent } from '../src/intent/index.js';
import { available } from '../src/snapshot/fact.js';
import type { Snapshot } from '../src/snapshot/schema.js';

/** Which of Docker's tables a restart of the service would empty on this host. */
function tablesWiped(service: FirewallService, legacy: boolean): string[] {
  switch (service.effect) {
    case 'all-tables':
      return ['filter', 'nat'];
    case 'flush-and-restore':
      if (legacy) return ['filter', 'nat'];
      return tablesInFile(service);
    case 'file-tables':
      return tablesInFile(service);
    case 'none':
      return [];
  }
}

/**
 * A unit that is installed but neither enabled nor running (stock Debian 12 nftables.service) does not start at boot
 * and has no restart to fear; only an admin starting it by hand would wipe the rules, and DD401 reports that if so.
 * Unknown states (older snapshots, no systemd) count as enabled: the warning errs towards the possible wipe.
 */
function dormant(snapshot: Snapshot, unit: string): string | null {
  const fact = available(snapshot.facts.firewallUnitStates);
  const state = fact?.units[unit];
  if (!state || (state.enabled !== 'disabled' && state.enabled !== 'masked') || state.active === 'active') return null;
  return `${unit} is ${state.enabled}${state.active ? ` and ${state.active}` : ''}`;
}

/** The backend's own tables a restart of the service empties, under Docker's nftables backend (29+). */
function nftablesWiped(service: FirewallService): string[] {
  return service.unit === 'nftables.service' ? ['ip docker-bridges', 'ip6 docker-bridges'] : [];
}

function tablesInFile(service: FirewallService): string[] {
  const text = service.rulesFile?.text ?? '';
  return ['filter', 'nat'].filter((t) => new RegExp(`^\\*${t}\\b`, 'm').test(text));
}

const rule: Rule = {
  id: 'DD409',
  title: "A firewall service wipes Docker's rules and nothing restores them",
  severity: 'warning',
  area: 'firewall',
  needs: ['engine'],
  // Under the nftables backend only the units and their configs matter; iptables' rules are not Docker's there.
  needsOnHost: (snapshot, engineVersion) => (dockerIntent(snapshot, engineVersion)?.settings.backend === 'nftables' ? [] : ['iptables']),
  summary:
    "A firewall service on this host (iptables-services, netfilter-persistent, nftables with `flush ruleset`) deletes Docker's chains when it restarts, and nothing rebuilds them: docker.service is not bound to it and no dockdoc hook runs after it.",
  check(snapshot, context) {
    const analysis = dockerFirewall(snapshot, context.engineVersion);
    if (!analysis) return [];
    const nftables = analysis.intent.settings.backend === 'nftables' && analysis.intent.settings.iptables;
    if (!nftables && analysis.families.length === 0) return [];
    const legacy = available(snapshot.facts.iptables)?.backend === 'legacy';
    const results: RuleResult[] = [];
    for (const service of firewallServices(snapshot)) {
      if (service.mitigation || dormant(snapshot, service.unit)) continue;
      if (nftables) {
        const tables = nftablesWiped(service);
        if (tables.length === 0) continue;
        results.push({
          subject: `unit:${service.unit}`,
          message: `${service.evidence}: \`${service.command}\` runs \`flush ruleset\` from ${service.rulesFile?.path ?? 'its config'}, deleting Docker's nftables tables ${tables.join(' and ')}, and nothing rebuilds them: under the nftables backend dockerd re-creates them only when it starts, docker.service is not bound to ${service.unit} and no dockdoc hook runs after it. Every container loses forwarding, NAT and published ports until dockerd restarts (DD401).`,
          evidence: { unit: service.unit, service: service.name, tables, rulesFile: service.rulesFile?.path ?? null, because: service.evidence },
          fix: {
            text: `Flush only your own tables in ${service.rulesFile?.path ?? 'the config'} (\`flush table inet filter\`, or \`destroy table\` before each \`table\` block) instead of the whole ruleset; or \`dockdoc hook install --restart-docker\` binds docker.service to ${service.unit} (PartOf=/After=), so systemd restarts dockerd with it (every container restarts unless live-restore is on). It prints what it writes with --dry-run.`,
            commands: ['dockdoc hook install --restart-docker --dry-run'],
          },
        });
        continue;
      }
      const wiped = tablesWiped(service, legacy);
      if (wiped.length === 0) continue;
      const chains = analysis.expectation.chains.filter((c) => wiped.includes(c.table)).map((c) => `${c.table} ${c.chain}`);
      results.push({
        subject: `unit:${service.unit}`,
        message: `${service.evidence}: \`${service.command}\` empties ${wiped.join(' and ')}${service.rulesFile ? ` (it restores ${service.rulesFile.path})` : ''}, deleting Docker's chains ${[...new Set(chains)].join(', ')}, and nothing rebuilds them: docker.service is not bound to ${service.unit} and no dockdoc hook runs after it. Published ports and container NAT break until dockerd restarts (DD401).`,
        evidence: { unit: service.unit, service: service.name, tables: wiped, rulesFile: service.rulesFile?.path ?? null, because: service.evidence },
        fix: {
          text: `Make the restart rebuild Docker's rules: \`dockdoc hook install\` adds a drop-in to ${service.unit} that checks (and with --fix repairs) after every start, or \`dockdoc hook install --restart-docker\` binds docker.service to it (PartOf=/After=), so systemd restarts dockerd with the firewall (every container restarts unless live-restore is on). Both print what they write with --dry-run.`,
          commands: ['dockdoc hook install --dry-run'],
        },
      });
    }
    return results;
  },
};

export default rule;
