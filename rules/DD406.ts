import type { Rule, RuleResult } from '../src/engine/types.js';
import { dockerIntent } from '../src/intent/index.js';
import { available } from '../src/snapshot/fact.js';

const rule: Rule = {
  id: 'DD406',
  title: 'IP forwarding is off',
  severity: 'error',
  area: 'firewall',
  needs: ['sysctls', 'engine'],
  summary:
    '`net.ipv4.ip_forward` is 0 (or IPv6 forwarding is off while a network has IPv6): containers lose all traffic to and from the outside, published ports included.',
  check(snapshot, context) {
    const values = available(snapshot.facts.sysctls)?.values ?? {};
    const intent = dockerIntent(snapshot, context.engineVersion);
    if (!intent || !intent.settings.ipForward) return [];
    const results: RuleResult[] = [];
    const families: { family: 4 | 6; key: string; needed: boolean }[] = [
      { family: 4, key: 'net.ipv4.ip_forward', needed: intent.networks.some((n) => n.ipv4 !== null) },
      { family: 6, key: 'net.ipv6.conf.all.forwarding', needed: intent.networks.some((n) => n.ipv6 !== null) },
    ];
    for (const { family, key, needed } of families) {
      if (!needed || values[key] !== '0') continue;
      const networks = intent.networks.filter((n) => (family === 4 ? n.ipv4 : n.ipv6) !== null).map((n) => n.name);
      results.push({
        subject: `sysctl:${key}`,
        message: `${key} is 0: the kernel forwards no IPv${family} packets, so containers on ${networks.join(', ')} cannot reach the outside and published ports do not answer. dockerd sets it to 1 when it starts; something reset it since (\`sysctl -p\`/\`sysctl --system\` with ${key} = 0 in /etc/sysctl.conf or /etc/sysctl.d, or a network service restart).`,
        evidence: { [key]: '0', networks },
        fix: {
          text: `Set it now and make it stick: \`sysctl -w ${key}=1\`, and set ${key} = 1 in a file under /etc/sysctl.d/ (and remove any \`= 0\` line) so the next \`sysctl --system\` keeps it.`,
          commands: [`sysctl -w ${key}=1`],
        },
      });
    }
    return results;
  },
};

export default rule;
