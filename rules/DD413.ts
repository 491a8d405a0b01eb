import type { Rule, RuleResult } from '../src/engine/types.js';
import { engineAtLeast } from '../src/engine/version.js';
import { dockerIntent } from '../src/intent/index.js';
import { available } from '../src/snapshot/fact.js';

/** moby libnetwork/iptables/firewalld.go: dockerZone / dockerFwdPolicy (the policy since 27.0, on firewalld 0.9+). */
const DOCKER_ZONE = 'docker';
const DOCKER_POLICY = 'docker-forwarding';

const rule: Rule = {
  id: 'DD413',
  title: "firewalld does not have Docker's bridges in zone docker, or lacks policy docker-forwarding",
  severity: 'error',
  area: 'firewall',
  needs: ['engine', 'firewalld'],
  summary:
    "firewalld is running, but a Docker bridge is in no zone or in a zone other than `docker` (e.g. after a boot or a `firewall-cmd --reload` with a permanent config that lacks it), or the policy `docker-forwarding` that dockerd (27+) creates is missing: firewalld then rejects the bridge's forwarded traffic until dockerd restarts.",
  check(snapshot, context) {
    const intent = dockerIntent(snapshot, context.engineVersion);
    const firewalld = available(snapshot.facts.firewalld);
    // Zones are runtime state: only a running firewalld, asked on the live host, knows them (null under --root).
    if (!intent || !intent.settings.iptables || firewalld?.running !== true) return [];
    const results: RuleResult[] = [];
    for (const network of intent.networks) {
      const zone = firewalld.zones[network.bridge];
      if (zone === DOCKER_ZONE) continue;
      results.push({
        subject: `bridge:${network.bridge}`,
        message: `Bridge ${network.bridge} of network ${network.name} is ${zone ? `in firewalld zone ${zone}` : 'in no firewalld zone'}, not in zone ${DOCKER_ZONE}, where dockerd puts it: firewalld applies ${zone ? `${zone}'s` : 'its default'} rules to the bridge's traffic, so containers on ${network.name} can lose outside access and published ports until dockerd restarts and adds the bridge again.`,
        evidence: { bridge: network.bridge, network: network.name, zone: zone ?? null },
        fix: {
          text: `Put the bridge back where dockerd puts it (runtime, as dockerd does): \`firewall-cmd --zone=${DOCKER_ZONE} --change-interface=${network.bridge}\`, or restart dockerd. Do not add Docker's bridges to another zone in the permanent configuration.`,
          commands: [`firewall-cmd --zone=${DOCKER_ZONE} --change-interface=${network.bridge}`],
        },
      });
    }
    if (firewalld.policies && !firewalld.policies.includes(DOCKER_POLICY) && engineAtLeast(context.engineVersion, '27.0.0') && intent.networks.length > 0) {
      results.push({
        subject: `firewalld:policy:${DOCKER_POLICY}`,
        message: `firewalld has no policy ${DOCKER_POLICY}: dockerd ${context.engineVersion} creates it when it starts (ingress ANY, egress zone ${DOCKER_ZONE}, target ACCEPT) so that traffic from any zone may be forwarded to containers; without it firewalld rejects forwarded traffic towards Docker's networks (${intent.networks.map((n) => n.name).join(', ')}).`,
        evidence: { policies: firewalld.policies },
        fix: { text: 'Restart dockerd, which creates the policy again (it is permanent configuration, so something deleted it): `systemctl restart docker`.', commands: ['systemctl restart docker'] },
      });
    }
    return results;
  },
};

export default rule;
