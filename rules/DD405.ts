import type { Rule, RuleResult } from '../src/engine/types.js';
import { isEmpty, rulesetContent, type RulesetContent } from '../src/iptables/content.js';
import { hostFirewall } from '../src/iptables/host.js';

const NAMES = { nf_tables: 'nf_tables (iptables-nft)', legacy: 'legacy (iptables-legacy)', unknown: 'the backend of `iptables`' } as const;

function describe(content: RulesetContent): string {
  const parts = [`${content.rules} rule${content.rules === 1 ? '' : 's'}`];
  if (content.userChains > 0) parts.push(`${content.userChains} user chain${content.userChains === 1 ? '' : 's'}`);
  if (content.policies.length > 0) parts.push(`policies ${content.policies.join(', ')}`);
  if (content.dockerChains.length > 0) parts.push(`Docker's chains ${content.dockerChains.join(', ')}`);
  return parts.join(', ');
}

const rule: Rule = {
  id: 'DD405',
  title: 'iptables backends disagree',
  severity: 'error',
  area: 'firewall',
  needs: ['iptables'],
  versionIndependent: true,
  summary:
    "Rules are loaded in both the legacy and the nf_tables backend (both apply to every packet, each tool shows only its own), or Docker's rules sit in the backend the host's `iptables` does not show.",
  check(snapshot) {
    const results: RuleResult[] = [];
    for (const family of hostFirewall(snapshot).families) {
      if (!family.other) continue;
      const live = rulesetContent(family.live);
      const other = rulesetContent(family.other.ruleset);
      if (isEmpty(other)) continue;
      const tool = family.family === 4 ? 'iptables' : 'ip6tables';
      const here = NAMES[family.backend];
      const there = NAMES[family.other.backend];
      const dockerElsewhere = live.dockerChains.length === 0 && other.dockerChains.length > 0;
      if (isEmpty(live) && !dockerElsewhere) continue;
      const message = dockerElsewhere
        ? `Docker's ${tool} rules are in ${there} (${describe(other)}), but \`${tool}\` on this host is ${here}${isEmpty(live) ? '' : ` (${describe(live)})`}: admin tools and saved-rule services do not see Docker's rules, and dockdoc compares against the wrong set.`
        : `${tool} rules are loaded in both backends: ${here} holds ${describe(live)}; ${there} holds ${describe(other)}. Both apply to every packet, but \`${tool}\` shows only the first and \`${tool}-${family.other.backend === 'legacy' ? 'legacy' : 'nft'}-save\` the second.`;
      results.push({
        subject: `${tool}:backends`,
        message,
        evidence: { family: family.family, backend: family.backend, other: family.other.backend, live, otherContent: other },
        fix: {
          text: `Use one backend. Review \`${tool}-${family.other.backend === 'legacy' ? 'legacy' : 'nft'}-save\`, move the rules you need into ${here} (restore them with --noflush), then flush and delete them from ${there}; make every tool use the same backend (update-alternatives --config ${tool}) and restart dockerd so its rules land there too.`,
        },
      });
    }
    return results;
  },
};

export default rule;
