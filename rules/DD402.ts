import type { Rule, RuleResult } from '../src/engine/types.js';
import { listSome } from '../src/iptables/compare.js';
import { savedDrift } from '../src/iptables/saved-drift.js';

const rule: Rule = {
  id: 'DD402',
  title: 'Saved firewall rules are not live',
  severity: 'warning',
  area: 'firewall',
  needs: ['savedRules', 'iptables'],
  versionIndependent: true,
  summary:
    'Rules in the saved rules file (/etc/sysconfig/iptables, /etc/iptables/rules.v4, ...) are missing from the live firewall: the host runs without them until the next firewall restart or reboot puts them back.',
  check(snapshot) {
    const results: RuleResult[] = [];
    for (const { file, family, rules: missing } of savedDrift(snapshot).notLive) {
      if (missing.length === 0) continue;
      const described = missing.map((r) => `line ${r.line} \`-A ${r.chain} ${r.text}\` (${r.table})`);
      const first = missing[0] as (typeof missing)[number];
      results.push({
        subject: `file:${file}`,
        location: { file, line: first.line },
        message: `${missing.length} rule${missing.length === 1 ? '' : 's'} of ${file} ${missing.length === 1 ? 'is' : 'are'} not in the live firewall: ${listSome(described)}. The host runs without ${missing.length === 1 ? 'it' : 'them'} until the firewall service restarts or the host reboots, which brings ${missing.length === 1 ? 'it' : 'them'} back.`,
        evidence: { file, family, missing: missing.map((r) => ({ line: r.line, table: r.table, chain: r.chain, rule: r.text })) },
        fix: {
          text: `Decide which is right. To apply the saved rules now, add each one live (\`${family === 4 ? 'iptables' : 'ip6tables'} -t TABLE -I CHAIN ...\` at its place); to keep the live state, remove them from ${file}. Do not reload the whole file while Docker runs: that deletes Docker's chains (DD409).`,
        },
      });
    }
    return results;
  },
};

export default rule;
