import type { Rule, RuleResult } from '../src/engine/types.js';
import { listSome, ruleCommand } from '../src/iptables/compare.js';
import { savedDrift } from '../src/iptables/saved-drift.js';

const rule: Rule = {
  id: 'DD403',
  title: 'Live firewall rules are not saved',
  severity: 'info',
  area: 'firewall',
  needs: ['savedRules', 'iptables'],
  versionIndependent: true,
  summary:
    "Live rules other than Docker's are not in the saved rules file: the next restart of the firewall service or a reboot removes them.",
  check(snapshot) {
    const results: RuleResult[] = [];
    for (const { family, files: savedFiles, rules: unsaved } of savedDrift(snapshot).unsaved) {
      if (unsaved.length === 0) continue;
      const files = savedFiles.join(' and ');
      const tool = family === 4 ? 'iptables' : 'ip6tables';
      results.push({
        subject: `${tool}:unsaved`,
        message: `${unsaved.length} live ${tool} rule${unsaved.length === 1 ? '' : 's'} ${unsaved.length === 1 ? 'is' : 'are'} not in ${files}: ${listSome(unsaved.map((r) => `\`${ruleCommand(r)}\``))}. A restart of the firewall service or a reboot removes ${unsaved.length === 1 ? 'it' : 'them'}.`,
        evidence: { family, files: savedFiles, unsaved: unsaved.map((r) => ({ table: r.table, chain: r.chain, rule: r.text })) },
        fix: {
          text: `If ${unsaved.length === 1 ? 'it is' : 'they are'} meant to stay, add ${unsaved.length === 1 ? 'it' : 'them'} to ${files} by hand. Do not \`${tool}-save > file\` on a Docker host: that freezes Docker's chains, container addresses and bridge names into the file, and restoring them later creates stale rules (DD404).`,
        },
      });
    }
    return results;
  },
};

export default rule;
