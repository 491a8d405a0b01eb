import type { Rule, RuleResult } from '../src/engine/types.js';
import { ruleCommand } from '../src/iptables/compare.js';
import { dockerFirewall } from '../src/iptables/docker/analysis.js';
import { firewallFactOfHost, nftStaleResults } from '../src/nftables/docker/results.js';

/** Commands are only offered when the shell reads the rule back unchanged. */
const SHELL_SAFE = /^[A-Za-z0-9 ./:,_!+=-]+$/;

const rule: Rule = {
  id: 'DD404',
  title: 'Docker rules for networks or containers that no longer exist',
  severity: 'warning',
  area: 'firewall',
  needs: ['engine'],
  needsOnHost: firewallFactOfHost,
  summary:
    'Docker-style rules (MASQUERADE, FORWARD, DNAT) name a bridge or a container address that no current network or running container has: dockerd leaves them behind when a network vanishes, a create fails half-way, or bip or the data-root changes.',
  check(snapshot, context) {
    const analysis = dockerFirewall(snapshot, context.engineVersion);
    if (!analysis) return [];
    const results: RuleResult[] = nftStaleResults(snapshot, context);
    for (const { family, stale } of analysis.families) {
      const tool = family === 4 ? 'iptables' : 'ip6tables';
      const groups = new Map<string, typeof stale>();
      for (const s of stale) {
        const key = 'bridge' in s.refersTo ? `bridge:${s.refersTo.bridge}` : `address:${s.refersTo.address}`;
        groups.set(key, [...(groups.get(key) ?? []), s]);
      }
      for (const [key, rules] of groups) {
        const [kind, name] = key.split(/:(.*)/s) as [string, string];
        const what = kind === 'bridge' ? `bridge ${name}, which no Docker network has` : `container address ${name}, which no running container holds`;
        const commands = rules.map((s) => `${tool} -t ${s.rule.table} -D ${s.rule.chain} ${s.rule.text}`);
        results.push({
          subject: `${kind}:${name}`,
          message: `${rules.length === 1 ? 'A rule names' : `${rules.length} rules name`} ${what}: ${rules.map((s) => `\`${ruleCommand(s.rule)}\``).join(', ')}. dockerd removes only its own chains when it starts, so such rules stay until someone deletes them.`,
          evidence: { family, [kind]: name, rules: rules.map((s) => ruleCommand(s.rule)) },
          // The commands go in fix.commands, shown once each; only rules a shell would misread are spelled in the text.
          fix: commands.every((c) => SHELL_SAFE.test(c))
            ? { text: `Delete ${rules.length === 1 ? 'the rule' : 'the rules'} (each \`-D\` removes one copy).`, commands }
            : {
                text: `Delete ${rules.length === 1 ? 'the rule' : 'the rules'} (each \`-D\` removes one copy), quoting the arguments for your shell: ${commands.map((c) => `\`${c}\``).join(', ')}.`,
              },
        });
      }
    }
    return results;
  },
};

export default rule;
