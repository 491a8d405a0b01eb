import type { Rule } from '../src/engine/types.js';
import { dockerFirewall } from '../src/iptables/docker/analysis.js';

const rule: Rule = {
  id: 'DD416',
  title: "Docker's ip6tables chains are absent and nothing depends on them yet",
  severity: 'info',
  area: 'firewall',
  needs: ['engine', 'ip6tables'],
  summary:
    "ip6tables is on for dockerd, but none of its ip6tables chains exist and no network has IPv6: either dockerd could not set them up when it started (it only logs \"ip6tables is enabled, but cannot set up ip6tables chains\") or they were flushed since. A snapshot cannot tell which, so this is said instead of DD401's error.",
  check(snapshot, context) {
    const analysis = dockerFirewall(snapshot, context.engineVersion);
    const absent = analysis?.ip6tablesAbsent;
    if (!absent) return [];
    const chains = absent.missingChains.map((c) => `${c.table} ${c.chain}`);
    return [
      {
        subject: 'ip6tables:docker-chains',
        message: `None of Docker's ip6tables chains exist (${chains.join(', ')}) although ip6tables is enabled for dockerd. No network has IPv6, so no container traffic depends on them now, but \`docker network create --ipv6\` will fail. Either dockerd could not set them up when it started (its log then says "ip6tables is enabled, but cannot set up ip6tables chains": the kernel lacks ip6_tables or IPv6 is disabled; a restart does not help) or something flushed them since (a restart rebuilds them). dockdoc cannot tell which from here.`,
        evidence: { missingChains: chains, engineVersion: context.engineVersion },
        fix: {
          text: "Look for the reason in dockerd's log: `journalctl -u docker | grep ip6tables`. If it could not set up ip6tables, load the module (`modprobe ip6_tables`) or, when the host has no IPv6, set `\"ip6tables\": false` in daemon.json; then restart dockerd. If they were flushed, restart dockerd (`dockdoc repair`) and see DD409.",
          commands: ['journalctl -u docker | grep ip6tables'],
        },
      },
    ];
  },
};

export default rule;
