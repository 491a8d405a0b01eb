import type { Location, Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { dockerFirewall } from '../src/iptables/docker/analysis.js';
import { familyFirewall, hostFirewall } from '../src/iptables/host.js';
import { inputGaps, type InputGap } from '../src/iptables/input-coverage.js';

const rule: Rule = {
  id: 'DD408',
  title: 'INPUT admits a host port only from sources that leave out Docker networks',
  severity: 'warning',
  area: 'firewall',
  needs: ['engine', 'iptables'],
  summary:
    'An INPUT accept rule admits a host port only from sources that do not cover every Docker network (e.g. 172.16.0.0/12 while a network sits in 192.168.0.0/20): containers on the networks left out cannot reach that host service.',
  check(snapshot, context) {
    const analysis = dockerFirewall(snapshot, context.engineVersion);
    if (!analysis) return [];
    const networks = analysis.intent.networks;
    // Saved files first: their findings carry file:line, and the live INPUT is usually the same rules.
    const sources: { gaps: InputGap[]; location: (gap: InputGap) => Location | undefined; where: string }[] = [
      ...hostFirewall(snapshot).saved
        .filter((s) => s.family === 4)
        .map((s) => ({ gaps: inputGaps(s.ruleset, networks), location: (g: InputGap) => ({ file: s.file, line: g.rule.line }), where: s.file })),
    ];
    const live = familyFirewall(snapshot, 4)?.live;
    if (live) sources.push({ gaps: inputGaps(live, networks), location: () => undefined, where: 'the live firewall' });
    const seen = new Set<string>();
    const results: RuleResult[] = [];
    for (const source of sources) {
      for (const gap of source.gaps) {
        const key = `${gap.protocol}/${gap.port} ${gap.networks.map((n) => n.name).join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const left = gap.networks.map((n) => `network ${n.name} ${n.ipv4 ? formatPrefix(n.ipv4) : ''}`.trim());
        const location = source.location(gap);
        results.push({
          subject: `input:${gap.protocol}/${gap.port}`,
          ...(location ? { location } : {}),
          message: `INPUT in ${source.where} accepts ${gap.protocol}/${gap.port} only from ${gap.allowed.join(', ')}, which does not cover ${left.join(', ')}: containers there cannot reach the host service on ${gap.protocol}/${gap.port} (their packets are refused by ${gap.refusedBy}).`,
          evidence: {
            protocol: gap.protocol,
            port: gap.port,
            allowed: gap.allowed,
            rule: `-A INPUT ${gap.rule.text}`,
            networks: gap.networks.map((n) => ({ name: n.name, subnet: n.ipv4 ? formatPrefix(n.ipv4) : null, bridge: n.bridge })),
          },
          fix: {
            text: `Admit the Docker networks too, e.g. ${gap.networks.map((n) => `\`-A INPUT -s ${n.ipv4 ? formatPrefix(n.ipv4) : ''} -p ${gap.protocol} -m ${gap.protocol} --dport ${gap.port} -j ACCEPT\``).join(', ')} next to the existing rule (in ${source.where} and live), or move the networks into the admitted range with default-address-pools.`,
          },
        });
      }
    }
    return results;
  },
};

export default rule;
