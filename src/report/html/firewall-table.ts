import type { Finding } from '../../engine/types.js';
import type { DockerFirewallAnalysis } from '../../iptables/docker/analysis.js';
import type { ExpectedRule } from '../../iptables/docker/expected.js';
import { formatPrefix } from '../../net/prefix.js';
import { escapeMarkup } from '../markup.js';

/** One thing the firewall must let through (or keep apart) for one network or published port, and whether it does. */
export interface FirewallRow {
  family: 4 | 6;
  network: string;
  subnet: string;
  what: string;
  works: boolean;
  /** The missing rules, or the INPUT rule that refuses: what makes it broken. */
  why: string[];
}

const NETWORK_ROLE_TEXT: Record<string, string> = {
  masquerade: 'outbound NAT (MASQUERADE)',
  forwarding: 'forwarding (FORWARD accept)',
  icc: 'container to container (icc)',
  isolation: 'isolation from other networks',
  'skip-dnat': 'nat RETURN for the bridge',
  'hairpin-masquerade': 'hairpin MASQUERADE',
  'drop-unpublished': 'drop of unpublished ports',
};

/**
 * Per network and per published port: the rules dockerd programs for it (the expectation DD401 compares with), each
 * marked works or broken by the same drift, plus the host ports DD408 found INPUT refusing to some networks.
 */
export function firewallRows(analysis: DockerFirewallAnalysis, findings: readonly Finding[]): FirewallRow[] {
  const rows: FirewallRow[] = [];
  for (const { family, drift } of analysis.families) {
    const missing = new Set(drift.missingRules);
    const groups = new Map<string, { network: string; what: string; rules: ExpectedRule[] }>();
    for (const rule of analysis.expectation.rules) {
      if (rule.family !== family) continue;
      const p = rule.purpose;
      let what: string;
      if (p.kind === 'network') what = NETWORK_ROLE_TEXT[p.role] ?? p.role;
      else if (p.kind === 'port') what = `published ${p.port.hostIp || '0.0.0.0'}:${p.port.hostPort} → ${p.container}:${p.port.containerPort}/${p.port.protocol}`;
      else if (p.kind === 'endpoint') what = `direct-access protection of ${p.container}`;
      else continue;
      const key = `${p.network}\u0000${what}`;
      const group = groups.get(key) ?? { network: p.network, what, rules: [] };
      group.rules.push(rule);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      const network = analysis.intent.networks.find((n) => n.name === group.network);
      const subnet = network ? (family === 4 ? network.ipv4 : network.ipv6) : null;
      const gone = group.rules.filter((r) => missing.has(r));
      rows.push({
        family,
        network: group.network,
        subnet: subnet ? formatPrefix(subnet) : '',
        what: group.what,
        works: gone.length === 0,
        why: gone.map((r) => `missing: -t ${r.table} -A ${r.chain} ${r.text}`),
      });
    }
  }
  for (const finding of findings.filter((f) => f.ruleId === 'DD408')) {
    const e = finding.evidence as { protocol?: string; port?: string; rule?: string; networks?: { name: string; subnet: string | null }[] };
    const left = new Set((e.networks ?? []).map((n) => n.name));
    for (const network of analysis.intent.networks) {
      if (!network.ipv4) continue;
      const refused = left.has(network.name);
      rows.push({
        family: 4,
        network: network.name,
        subnet: formatPrefix(network.ipv4),
        what: `reach host port ${e.protocol}/${e.port} (INPUT)`,
        works: !refused,
        why: refused ? [`only admitted by: ${e.rule}`] : [],
      });
    }
  }
  return rows.sort((a, b) => a.network.localeCompare(b.network) || a.family - b.family || Number(a.works) - Number(b.works) || a.what.localeCompare(b.what));
}

export function renderFirewallTable(rows: readonly FirewallRow[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeMarkup(r.network)}</td><td><code>${escapeMarkup(r.subnet)}</code></td><td>IPv${r.family}</td><td>${escapeMarkup(r.what)}</td><td class="${r.works ? 'status-works' : 'status-broken'}">${r.works ? '✓ works' : '✗ broken'}</td><td>${r.why.map((w) => `<code>${escapeMarkup(w)}</code>`).join('<br>')}</td></tr>`,
    )
    .join('');
  return `<div class="table-scroll"><table class="firewall"><thead><tr><th>network</th><th>subnet</th><th>family</th><th>what the firewall must do</th><th>status</th><th>why</th></tr></thead><tbody>${body}</tbody></table></div>`;
}
