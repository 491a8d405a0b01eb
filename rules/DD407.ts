import type { Rule, RuleResult } from '../src/engine/types.js';
import { dockerFirewall } from '../src/iptables/docker/analysis.js';
import { available } from '../src/snapshot/fact.js';

const KEYS = { 4: 'net.bridge.bridge-nf-call-iptables', 6: 'net.bridge.bridge-nf-call-ip6tables' } as const;

const rule: Rule = {
  id: 'DD407',
  title: 'Bridged traffic bypasses iptables',
  severity: 'warning',
  area: 'firewall',
  needs: ['sysctls', 'engine'],
  summary:
    '`bridge-nf-call-iptables` is 0, or br_netfilter is not loaded, on a host where Docker relies on it: with icc=false dockerd enables it so that traffic between containers on one bridge passes its DROP rule.',
  check(snapshot, context) {
    const analysis = dockerFirewall(snapshot, context.engineVersion);
    if (!analysis) return [];
    const values = available(snapshot.facts.sysctls)?.values ?? {};
    const results: RuleResult[] = [];
    for (const family of analysis.expectation.families) {
      // dockerd sets up bridge netfiltering for networks with inter-container communication off (bridge.go setupBridgeNetFiltering).
      const isolated = analysis.intent.networks.filter((n) => !n.icc && (family === 4 ? n.ipv4 : n.ipv6) !== null);
      if (isolated.length === 0) continue;
      const key = KEYS[family];
      const value = values[key];
      if (value !== '0' && value !== null) continue;
      const state = value === null ? 'br_netfilter is not loaded (the sysctl does not exist)' : `${key} is 0`;
      results.push({
        subject: `sysctl:${key}`,
        message: `${state}, but ${isolated.map((n) => `network ${n.name}`).join(', ')} ${isolated.length === 1 ? 'has' : 'have'} inter-container communication disabled (icc=false): packets between containers on one bridge never reach iptables, so the \`-i ${isolated[0]?.bridge} -o ${isolated[0]?.bridge} -j DROP\` rule does nothing and the containers can talk to each other.`,
        evidence: { [key]: value, networks: isolated.map((n) => n.name) },
        fix: {
          text: `Load br_netfilter and enable the sysctl: \`modprobe br_netfilter && sysctl -w ${key}=1\`; make it permanent with br_netfilter in /etc/modules-load.d/ and ${key} = 1 in /etc/sysctl.d/.`,
          commands: ['modprobe br_netfilter', `sysctl -w ${key}=1`],
        },
      });
    }
    return results;
  },
};

export default rule;
