import type { Rule, RuleResult } from '../src/engine/types.js';
import { dockerFirewall } from '../src/iptables/docker/analysis.js';
import { familyFirewall } from '../src/iptables/host.js';

const rule: Rule = {
  id: 'DD410',
  title: 'DOCKER-USER is not the first rule of FORWARD',
  severity: 'warning',
  area: 'firewall',
  needs: ['engine', 'iptables'],
  summary:
    "The `-j DOCKER-USER` jump is missing from FORWARD or is not its first rule: the user's policies in DOCKER-USER no longer apply first (or at all) to container traffic.",
  check(snapshot, context) {
    const analysis = dockerFirewall(snapshot, context.engineVersion);
    if (!analysis) return [];
    const results: RuleResult[] = [];
    for (const { family, drift } of analysis.families) {
      if (!analysis.expectation.chains.some((c) => c.family === family && c.chain === 'DOCKER-USER')) continue;
      // With Docker's chains gone, DD401 reports the whole wipe; this rule is about an otherwise intact setup.
      if (drift.missingChains.length > 0) continue;
      const forward = familyFirewall(snapshot, family)?.live.tables.get('filter')?.chains.get('FORWARD');
      if (!forward) continue;
      const position = forward.rules.findIndex((r) => r.text === '-j DOCKER-USER');
      if (position === 0) continue;
      const tool = family === 4 ? 'iptables' : 'ip6tables';
      const before = forward.rules.slice(0, position < 0 ? forward.rules.length : position).map((r) => `-A FORWARD ${r.text}`);
      results.push({
        subject: `${tool}:DOCKER-USER`,
        message:
          position < 0
            ? `FORWARD has no \`-j DOCKER-USER\`: the rules in DOCKER-USER (where Docker says to put your own policies for container traffic) are never consulted.`
            : `\`-j DOCKER-USER\` is rule ${position + 1} of FORWARD, not the first: ${before.map((r) => `\`${r}\``).join(', ')} ${before.length === 1 ? 'runs' : 'run'} before the policies in DOCKER-USER and can accept or drop container traffic first.`,
        evidence: { family, position: position < 0 ? null : position + 1, before },
        fix: {
          text: `Restart dockerd (\`dockdoc repair\`), which deletes its jump and inserts it again at position 1, or move it yourself: \`${tool} -D FORWARD -j DOCKER-USER && ${tool} -I FORWARD 1 -j DOCKER-USER\`. Put your own FORWARD rules inside DOCKER-USER instead of before it.`,
          commands: [`${tool} -D FORWARD -j DOCKER-USER`, `${tool} -I FORWARD 1 -j DOCKER-USER`].slice(position < 0 ? 1 : 0),
        },
      });
    }
    return results;
  },
};

export default rule;
