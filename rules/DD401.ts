import type { Fix, Rule, RuleResult } from '../src/engine/types.js';
import { dockerFirewall } from '../src/iptables/docker/analysis.js';
import { brokenNetworks } from '../src/iptables/docker/breakage.js';
import { describeCause, wipeOf, type Wipe } from '../src/iptables/docker/wipe.js';
import { familyFirewall } from '../src/iptables/host.js';
import { firewallServices } from '../src/iptables/services.js';

const REPAIR: Fix = {
  text:
    'Restart dockerd: it is the only supported way to rebuild its chains and rules (SIGHUP does not). `dockdoc repair` prints the plan and the exact commands; `dockdoc repair --yes` carries it out (on systemd hosts: `systemctl restart docker`). Without live-restore every container restarts (DD501). To keep it from happening again, see DD409.',
  commands: ['dockdoc repair'],
};

function causeSentence(wipe: Wipe): string {
  const likely = wipe.causes.filter((c) => c.consistent);
  if (likely.length > 0) return ` Likely cause: ${likely.map(describeCause).join('; or ')}.`;
  if (wipe.causes.length > 0) return ` Firewall services here: ${wipe.causes.map(describeCause).join('; ')}.`;
  return wipe.pattern === 'rules-only' ? '' : ' No firewall service was found on this host: something ran `iptables -F`/`-X` or `iptables-restore` without --noflush.';
}

const rule: Rule = {
  id: 'DD401',
  title: "Docker's firewall rules are missing",
  severity: 'error',
  area: 'firewall',
  needs: ['engine', 'iptables'],
  summary:
    "Docker's chains or rules are missing from the live firewall (wiped by an iptables/nftables/netfilter-persistent restart or a flush): names what is broken (published ports, outbound NAT of which networks, isolation), the service that most likely wiped it, and the repair.",
  check(snapshot, context) {
    const analysis = dockerFirewall(snapshot, context.engineVersion);
    if (!analysis) return [];
    const services = firewallServices(snapshot);
    const results: RuleResult[] = [];
    for (const { family, drift } of analysis.families) {
      if (drift.missingChains.length === 0 && drift.missingRules.length === 0) continue;
      const wipe = wipeOf(drift, analysis.expectation, services);
      const tool = family === 4 ? 'iptables' : 'ip6tables';
      const because = causeSentence(wipe);
      const common = { family, layout: analysis.layout.name, wipe: wipe.pattern, causes: wipe.causes.map((c) => ({ unit: c.service.unit, consistent: c.consistent, why: c.why })) };
      if (drift.missingChains.length > 0) {
        const chains = drift.missingChains.map((c) => `${c.table} ${c.chain}`);
        results.push({
          subject: `${tool}:docker-chains`,
          message: `Docker's chains are missing from the live ${tool}: ${chains.join(', ')}. ${wipe.description}.${because} Until dockerd is restarted, \`docker run -p\` and \`docker network create\` fail with "iptables: No chain/target/match by that name".`,
          evidence: { ...common, missingChains: chains, missingRules: drift.missingRules.length, expectedRules: drift.expectedRules },
          fix: REPAIR,
        });
      } else {
        // Chains intact but the jumps into them gone: every rule inside is dead.
        const jumps = drift.missingRules.filter((r) => r.purpose.kind === 'plumbing').map((r) => `-t ${r.table} -A ${r.chain} ${r.text}`);
        if (jumps.length > 0) {
          results.push({
            subject: `${tool}:docker-jumps`,
            message: `Docker's chains exist but the rules that lead into them are missing from the live ${tool}: ${jumps.join('; ')}. Nothing inside those chains is reached.${because}`,
            evidence: { ...common, missingRules: jumps },
            fix: REPAIR,
          });
        }
      }
      const forwardPolicy = familyFirewall(snapshot, family)?.live.tables.get('filter')?.chains.get('FORWARD')?.policy ?? null;
      for (const broken of brokenNetworks(drift, analysis.intent, analysis.expectation, forwardPolicy)) {
        const name = `network ${broken.network} (${[broken.subnet, broken.bridge].filter(Boolean).join(', ')})`;
        results.push({
          subject: `network:${broken.network}`,
          message: `${name}: ${broken.problems.join('; ')}.${drift.missingChains.length > 0 ? '' : ` ${wipe.description}.${because}`}`,
          evidence: {
            ...common,
            network: broken.network,
            bridge: broken.bridge,
            subnet: broken.subnet,
            problems: broken.problems,
            missingRules: broken.missing.map((r) => `-t ${r.table} -A ${r.chain} ${r.text}`),
          },
          fix: REPAIR,
        });
      }
    }
    return results;
  },
};

export default rule;
