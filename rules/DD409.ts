import type { Rule, RuleResult } from '../src/engine/types.js';
import { dockerFirewall } from '../src/iptables/docker/analysis.js';
import { firewallServices, type FirewallService } from '../src/iptables/services.js';
import { available } from '../src/snapshot/fact.js';

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

function tablesInFile(service: FirewallService): string[] {
  const text = service.rulesFile?.text ?? '';
  return ['filter', 'nat'].filter((t) => new RegExp(`^\\*${t}\\b`, 'm').test(text));
}

const rule: Rule = {
  id: 'DD409',
  title: "A firewall service wipes Docker's rules and nothing restores them",
  severity: 'warning',
  area: 'firewall',
  needs: ['engine', 'iptables'],
  summary:
    "A firewall service on this host (iptables-services, netfilter-persistent, nftables with `flush ruleset`) deletes Docker's chains when it restarts, and nothing rebuilds them: docker.service is not bound to it and no dockdoc hook runs after it.",
  check(snapshot, context) {
    const analysis = dockerFirewall(snapshot, context.engineVersion);
    if (!analysis || analysis.families.length === 0) return [];
    const legacy = available(snapshot.facts.iptables)?.backend === 'legacy';
    const results: RuleResult[] = [];
    for (const service of firewallServices(snapshot)) {
      if (service.mitigation) continue;
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
