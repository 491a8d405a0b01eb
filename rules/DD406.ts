import type { Rule, RuleResult } from '../src/engine/types.js';
import { dockerIntent } from '../src/intent/index.js';
import { available } from '../src/snapshot/fact.js';

/**
 * What dockerd 29 says when it finds forwarding off under the nftables backend, where it does not switch it on itself
 * (moby daemon/libnetwork/drivers/bridge/setup_ip_forwarding.go checkIPv4Forwarding / checkIPv6Forwarding,
 * docker-v29.7.2): it refuses to start, or to create a network, with this error.
 */
const NFT_REFUSAL = {
  4: "IPv4 forwarding is disabled: check your host's firewalling and set sysctl net.ipv4.ip_forward=1, or disable this check using daemon option --ip-forward=false",
  6: "IPv6 global forwarding is disabled: check your host's firewalling and set sysctls net.ipv6.conf.all.forwarding=1 and net.ipv6.conf.default.forwarding=1, or disable this check using daemon option --ip-forward=false",
} as const;

/** IPv6 needs `all` (every existing interface) and `default` (bridges and veths created later); dockerd 29 checks both. */
const KEYS = { 4: ['net.ipv4.ip_forward'], 6: ['net.ipv6.conf.all.forwarding', 'net.ipv6.conf.default.forwarding'] } as const;

const rule: Rule = {
  id: 'DD406',
  title: 'IP forwarding is off',
  severity: 'error',
  area: 'firewall',
  needs: ['sysctls', 'engine'],
  summary:
    '`net.ipv4.ip_forward` is 0, or `net.ipv6.conf.all.forwarding` / `.default.forwarding` is 0 while a network has IPv6: containers lose all traffic to and from the outside, published ports included. Under the nftables backend (29+) dockerd does not switch forwarding on itself and refuses to start or create networks.',
  check(snapshot, context) {
    const values = available(snapshot.facts.sysctls)?.values ?? {};
    const intent = dockerIntent(snapshot, context.engineVersion);
    if (!intent || !intent.settings.ipForward) return [];
    const nftables = intent.settings.backend === 'nftables';
    const results: RuleResult[] = [];
    for (const family of [4, 6] as const) {
      const networks = intent.networks.filter((n) => (family === 4 ? n.ipv4 : n.ipv6) !== null).map((n) => n.name);
      const off = KEYS[family].filter((key) => values[key] === '0');
      if (networks.length === 0 || off.length === 0) continue;
      const key = off.join(' and ');
      const consequence = `the kernel forwards no IPv${family} packets${family === 6 && off.length === 1 && off[0]!.includes('default') ? ' on bridges and container interfaces created from now on' : ''}, so containers on ${networks.join(', ')} cannot reach the outside and published ports do not answer.`;
      const why = nftables
        ? ` Under the nftables firewall backend dockerd does not set it: it leaves forwarding and its security to the host, and refuses to start or to create a network with "${NFT_REFUSAL[family]}".`
        : ` dockerd sets it to 1 when it starts; something reset it since (\`sysctl -p\`/\`sysctl --system\` with ${key} = 0 in /etc/sysctl.conf or /etc/sysctl.d, or a network service restart).`;
      const forwardingNote = nftables ? ' Enabling forwarding lets the host route between all its interfaces: make sure your own firewall drops what it should (dockerd adds no FORWARD DROP policy under nftables).' : '';
      results.push({
        subject: `sysctl:${off[0]}`,
        message: `${key} ${off.length === 1 ? 'is' : 'are'} 0: ${consequence}${why}`,
        evidence: { ...Object.fromEntries(off.map((k) => [k, '0'])), networks, backend: intent.settings.backend },
        fix: {
          text: `Set ${off.length === 1 ? 'it' : 'them'} now and make ${off.length === 1 ? 'it' : 'them'} stick: ${off.map((k) => `\`sysctl -w ${k}=1\``).join(', ')}, and set ${off.map((k) => `${k} = 1`).join(' and ')} in a file under /etc/sysctl.d/ (and remove any \`= 0\` line) so the next \`sysctl --system\` keeps ${off.length === 1 ? 'it' : 'them'}.${forwardingNote}`,
          commands: off.map((k) => `sysctl -w ${k}=1`),
        },
      });
    }
    return results;
  },
};

export default rule;
