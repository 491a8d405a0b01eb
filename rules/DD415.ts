import type { Rule } from '../src/engine/types.js';
import { dockerIntent } from '../src/intent/index.js';

const rule: Rule = {
  id: 'DD415',
  title: 'Networks whose firewall rules dockdoc does not model',
  severity: 'info',
  area: 'firewall',
  needs: ['engine'],
  summary:
    "Names each network whose firewall layout dockdoc does not model (27.x's routed gateway mode, a gateway mode the engine does not know, swarm overlay networks): their rules are neither expected nor checked, so no other finding about them means nothing.",
  check(snapshot, context) {
    const intent = dockerIntent(snapshot, context.engineVersion);
    if (!intent) return [];
    return intent.unmodelled.map((u) => ({
      subject: `network:${u.network}`,
      message: `network ${u.network} (${[u.driver, u.bridge].filter(Boolean).join(', ')}) is not checked: ${u.reason}. dockdoc neither expects nor checks its firewall rules, so the absence of findings about it says nothing.`,
      evidence: { network: u.network, driver: u.driver, bridge: u.bridge, reason: u.reason, engineVersion: context.engineVersion },
      fix: { text: `Check its rules by hand (\`iptables-save | grep ${u.bridge ?? u.network}\`, or \`nft list ruleset\` with the nftables backend), or ignore this finding for the network in dockdoc's config once you have.` },
    }));
  },
};

export default rule;
