import type { Rule, RuleResult } from '../src/engine/types.js';
import { dockerIntent } from '../src/intent/index.js';
import { flushingConfigs } from '../src/nftables/docker/wipe.js';
import { available } from '../src/snapshot/fact.js';

const rule: Rule = {
  id: 'DD411',
  title: 'An nftables config flushes the whole ruleset',
  severity: 'info',
  area: 'firewall',
  needs: ['engine'],
  summary:
    "/etc/nftables.conf (Debian), /etc/sysconfig/nftables.conf (RHEL) or a file either includes runs `flush ruleset`, which empties every nf_tables table, Docker's included, whenever it is loaded. A note, not a warning: DD409 warns when an enabled nftables.service would load it, and DD401 reports the wipe itself as an error.",
  check(snapshot, context) {
    const intent = dockerIntent(snapshot, context.engineVersion);
    const nftables = intent?.settings.backend === 'nftables';
    const state = available(snapshot.facts.firewallUnitStates)?.units['nftables.service'];
    return flushingConfigs(snapshot).map(({ file, line }): RuleResult => ({
      subject: `file:${file.path}`,
      location: { file: file.path, line },
      message: `${file.path} runs \`flush ruleset\`: loading it (nftables.service start or restart${state ? `, which is ${state.enabled}` : ''}, or \`nft -f ${file.path}\`) empties every nf_tables table, including ${nftables ? "Docker's own tables ip/ip6 docker-bridges, which dockerd rebuilds only when it restarts" : "the ones iptables-nft holds Docker's chains in"}.`,
      evidence: { path: file.path, line, backend: intent?.settings.backend ?? null, unitState: state ?? null },
      fix: { text: `Flush only your own tables (\`flush table inet filter\`, or \`destroy table\` + \`table\` blocks) instead of the whole ruleset, or restart dockerd after nftables (see DD409 and \`dockdoc hook install\`).` },
    }));
  },
};

export default rule;
