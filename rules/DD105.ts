import type { Rule, RuleResult } from '../src/engine/types.js';
import { engineAtLeast } from '../src/engine/version.js';
import { formatAddress, formatPrefix, lastAddress } from '../src/net/prefix.js';
import { goParseCidr } from '../src/pools/config.js';
import { settingLocation } from '../src/pools/findings.js';
import { controllerStartFailure, defaultBridgeFailure } from '../src/pools/messages.js';
import { poolsView } from '../src/pools/model.js';

const rule: Rule = {
  id: 'DD105',
  title: 'bip is not a usable gateway address',
  severity: 'error',
  area: 'daemon',
  needs: ['daemonConfig'],
  summary: '`bip` is not CIDR, or is the network or broadcast address of its subnet; dockerd refuses to start.',
  check(snapshot, context): RuleResult[] {
    const { settings } = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    const bip = settings.bip;
    if (!bip) return [];
    const version = context.engineVersion;
    const parsed = goParseCidr(bip.value);
    const location = settingLocation(bip);
    if (!parsed) {
      // 28+ wraps the parse error (daemon_unix.go getDefaultBridgeIPAMConf); before, net.ParseCIDR's error is bare.
      const inner = `${engineAtLeast(version, '28.0.0') ? 'parse bip failed: ' : ''}invalid CIDR address: ${bip.value}`;
      return [
        {
          subject: 'daemon:bip',
          location,
          message: `bip "${bip.value}" is not an address with a prefix length (CIDR). Docker ${version} refuses to start: "${controllerStartFailure(inner)}".`,
          evidence: { bip: bip.value, engineVersion: version },
          fix: { text: `Write bip as the bridge's own address and prefix length, e.g. "${bip.value.includes('/') ? '172.17.0.1/16' : `${bip.value}/24`}".` },
        },
      ];
    }
    const subnet = parsed.prefix;
    const isNetwork = parsed.written === subnet.address;
    const isBroadcast = subnet.family === 4 && subnet.length < 31 && parsed.written === lastAddress(subnet);
    if (!isNetwork && !isBroadcast) return [];
    const address = formatAddress(subnet.family, parsed.written);
    const firstHost = formatAddress(subnet.family, subnet.address + 1n);
    return [
      {
        subject: 'daemon:bip',
        location,
        message: `bip ${bip.value} is the ${isNetwork ? 'network' : 'broadcast'} address of ${formatPrefix(subnet)}, so docker0 cannot use it as its gateway. Docker ${version} refuses to start: "${defaultBridgeFailure(version, `failed to allocate gateway (${address}): Address already in use`)}".`,
        evidence: { bip: bip.value, subnet: formatPrefix(subnet), engineVersion: version },
        fix: { text: `bip is docker0's own address, not the network: use ${firstHost}/${subnet.length}.` },
      },
    ];
  },
};

export default rule;
