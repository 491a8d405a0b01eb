import type { Rule, RuleResult } from '../src/engine/types.js';
import { dockerIntent, type BridgeNetwork, type Family } from '../src/intent/index.js';
import { familyFirewall } from '../src/iptables/host.js';
import { liveNftRuleset } from '../src/nftables/docker/analysis.js';
import { DOCKER_TABLE } from '../src/nftables/docker/render.js';
import { describeBinding } from '../src/nftables/docker/wipe.js';
import type { NftRuleset } from '../src/nftables/model.js';

/** What dockerd 29 logs about it, and nothing more (moby daemon/libnetwork/drivers/bridge/internal/iptabler/cleaner.go). */
const DOCKERD_LOG = 'Network traffic for published ports may be dropped, iptables chain FORWARD has policy DROP.';

/** Bridges the FORWARD chain itself accepts both ways (`-o BR -j ACCEPT` and `-i BR -j ACCEPT`): the admin's own fix. */
function acceptedBridges(rules: readonly { text: string }[], bridges: string[]): Set<string> {
  const accepts = (flag: string, bridge: string): boolean => rules.some((r) => r.text === `${flag} ${bridge} -j ACCEPT`);
  return new Set(bridges.filter((b) => accepts('-o', b) && accepts('-i', b)));
}

/**
 * Forward base chains with policy drop in nft tables other than Docker's own and iptables-nft's `filter` (which the
 * iptables check covers): an admin's `table inet filter { chain forward { ... policy drop; } }` drops Docker's
 * traffic just the same.
 */
function dropForwardChains(ruleset: NftRuleset, family: Family): string[] {
  const families = family === 4 ? ['ip', 'inet'] : ['ip6', 'inet'];
  return ruleset.tables
    .filter((t) => families.includes(t.family) && t.name !== DOCKER_TABLE)
    .flatMap((t) =>
      [...t.chains.values()]
        .filter((c) => c.base?.hook === 'forward' && c.base.policy === 'drop' && !(t.name === 'filter' && c.name === 'FORWARD' && t.family !== 'inet'))
        .map((c) => `${t.family} ${t.name} ${c.name}`),
    );
}

const rule: Rule = {
  id: 'DD412',
  title: "A forward policy DROP outside Docker's nftables table drops what Docker accepts",
  severity: 'error',
  area: 'firewall',
  needs: ['engine', 'iptables'],
  summary:
    "Under Docker's nftables backend (29+), the iptables FORWARD chain (or another nft forward chain) has policy DROP: a packet must be accepted by every forward hook, so published ports and container traffic that Docker's nft rules accept are dropped there. dockerd only logs a warning.",
  check(snapshot, context) {
    const intent = dockerIntent(snapshot, context.engineVersion);
    if (!intent || intent.settings.backend !== 'nftables' || !intent.settings.iptables) return [];
    const ruleset = liveNftRuleset(snapshot)?.ruleset;
    const results: RuleResult[] = [];
    for (const family of [4, 6] as const) {
      if (family === 6 && !intent.settings.ip6tables) continue;
      const networks = intent.networks.filter((n) => !n.internal && (family === 4 ? n.ipv4 : n.ipv6) !== null);
      if (networks.length === 0) continue;
      const forward = familyFirewall(snapshot, family)?.live.tables.get('filter')?.chains.get('FORWARD');
      const tool = family === 4 ? 'iptables' : 'ip6tables';
      const droppers: { subject: string; where: string; accepted: Set<string>; fix: string[] }[] = [];
      if (forward?.policy === 'DROP') {
        const accepted = acceptedBridges(forward.rules, networks.map((n) => n.bridge));
        const open = networks.filter((n) => !accepted.has(n.bridge)).flatMap((n) => [`${tool} -I FORWARD -o ${n.bridge} -j ACCEPT`, `${tool} -I FORWARD -i ${n.bridge} -j ACCEPT`]);
        droppers.push({ subject: `${tool}:FORWARD`, where: `the ${tool} FORWARD chain (policy DROP)`, accepted, fix: [`${tool} -P FORWARD ACCEPT`, ...open] });
      }
      for (const chain of ruleset ? dropForwardChains(ruleset, family) : []) droppers.push({ subject: `nft:${chain}`, where: `nft chain ${chain} (policy drop)`, accepted: new Set(), fix: [] });
      for (const dropper of droppers) {
        const cut: BridgeNetwork[] = networks.filter((n) => !dropper.accepted.has(n.bridge));
        if (cut.length === 0) continue;
        const ports = intent.publications
          .filter((p) => cut.includes(p.network) && p.port.hostIp.includes(':') === (family === 6))
          .map((p) => describeBinding({ protocol: p.port.protocol, containerPort: p.port.containerPort, hostIp: p.port.hostIp || (family === 4 ? '0.0.0.0' : '::'), hostPort: p.port.hostPort, container: p.container }));
        const names = cut.map((n) => n.name);
        results.push({
          subject: dropper.subject,
          message: `Docker uses its nftables backend, but ${dropper.where} drops every forwarded IPv${family} packet that nothing there accepts, including what Docker's own nft rules accept: containers on ${names.join(', ')} have no outside access${ports.length > 0 ? ` and ${ports.join(', ')} ${ports.length === 1 ? 'does' : 'do'} not answer` : ''}.${dropper.where.startsWith('the') ? ` dockerd only logs "${DOCKERD_LOG}" (a DROP policy is often left over from an earlier run of the iptables backend, which sets it when it enables forwarding).` : ''}`,
          evidence: { family, dropper: dropper.where, networks: names, ports },
          fix: dropper.fix.length > 0
            ? {
                text: `Either set the policy back to ACCEPT (and remove \`:FORWARD DROP\` from the saved rules, e.g. /etc/iptables/rules.v${family} or /etc/sysconfig/${tool}, so a reload does not bring it back), or keep DROP and accept Docker's bridges in FORWARD:\n${dropper.fix.join('\n')}`,
                commands: [dropper.fix[0]!],
              }
            : { text: `Accept Docker's bridges in that chain before its policy applies (\`oifname "br-…" accept\` and \`iifname "br-…" accept\` for ${cut.map((n) => n.bridge).join(', ')}), or set its policy to accept.` },
        });
      }
    }
    return results;
  },
};

export default rule;
