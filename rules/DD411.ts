import type { Rule, RuleResult } from '../src/engine/types.js';
import { dockerIntent } from '../src/intent/index.js';
import { available } from '../src/snapshot/fact.js';

const rule: Rule = {
  id: 'DD411',
  title: 'nftables: Docker rules dockdoc cannot compare, or a config that flushes everything',
  severity: 'info',
  area: 'firewall',
  needs: ['engine'],
  summary:
    "Docker uses its nftables firewall backend (29+), whose rules an iptables comparison cannot see (so DD401 does not check them), or /etc/nftables.conf starts with `flush ruleset`, which empties every table, Docker's included, when nftables.service starts.",
  check(snapshot, context) {
    const results: RuleResult[] = [];
    const intent = dockerIntent(snapshot, context.engineVersion);
    if (intent?.settings.backend === 'nftables') {
      results.push({
        subject: 'engine:firewall-backend',
        message: `Docker uses its nftables backend: its rules are in the nft tables \`ip docker-bridges\` and \`ip6 docker-bridges\`, which iptables-save does not show, so dockdoc cannot check them (DD401 stays silent). That backend has no DOCKER-USER chain, and dockerd there refuses to enable IP forwarding itself.`,
        evidence: { firewallBackend: 'nftables', engineVersion: context.engineVersion },
        fix: { text: 'Inspect Docker\'s rules with `nft list table ip docker-bridges`. Put your own policies in a separate nft table with a base chain on the forward hook at a priority before Docker\'s (docs.docker.com/engine/network/firewall-nftables/).', commands: ['nft list table ip docker-bridges'] },
      });
    }
    const conf = available(snapshot.facts.nftablesConf);
    if (conf?.present && /^\s*flush\s+ruleset\b/m.test(conf.text ?? '')) {
      const line = (conf.text ?? '').split('\n').findIndex((l) => /^\s*flush\s+ruleset\b/.test(l)) + 1;
      results.push({
        subject: `file:${conf.path}`,
        location: { file: conf.path, line },
        message: `${conf.path} starts with \`flush ruleset\`: starting or restarting nftables.service empties every nf_tables table, including the ones iptables-nft holds Docker's chains in${intent?.settings.backend === 'nftables' ? " and Docker's own docker-bridges tables" : ''}.`,
        evidence: { path: conf.path, line },
        fix: { text: `Flush only your own tables (\`flush table inet filter\`, or \`destroy table\` + \`table\` blocks) instead of the whole ruleset, or restart dockerd after nftables (see DD409 and \`dockdoc hook install\`).` },
      });
    }
    return results;
  },
};

export default rule;
