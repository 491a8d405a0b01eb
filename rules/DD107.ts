import type { Rule, RuleContext, RuleResult } from '../src/engine/types.js';
import { engineAtLeast } from '../src/engine/version.js';
import type { Snapshot } from '../src/snapshot/schema.js';
import { containsAddress, formatAddress, formatPrefix, tryAddress } from '../src/net/prefix.js';
import { goParseCidr } from '../src/pools/config.js';
import { settingLocation } from '../src/pools/findings.js';
import { defaultBridgeFailure } from '../src/pools/messages.js';
import { poolsView } from '../src/pools/model.js';

const rule: Rule = {
  id: 'DD107',
  title: 'default-gateway is outside the docker0 subnet',
  severity: 'error',
  area: 'daemon',
  needs: ['daemonConfig'],
  summary: '`default-gateway` is outside the bridge subnet (or, ≤27 with IPv6, `default-gateway-v6` outside `fixed-cidr-v6`); dockerd refuses to create docker0 and does not start.',
  check(snapshot, context): RuleResult[] {
    return [...checkIPv4(snapshot, context.engineVersion, context.settings.reserved), ...checkIPv6(snapshot, context.engineVersion, context.settings.reserved)];
  },
};

/**
 * default-gateway-v6 becomes an auxiliary address of docker0's IPv6 pool, fixed-cidr-v6, when IPv6 is on
 * (daemon_unix.go initBridgeDriver, v20.10.24 to v27.5.1; verified on 20.10.24). From 28 the IPv6 pool may come
 * from bip6 or an existing bridge address, which a snapshot cannot always tell: not judged there.
 */
function checkIPv6(snapshot: Snapshot, version: string, reserved: RuleContext['settings']['reserved']): RuleResult[] {
  const { settings } = poolsView(snapshot, version, reserved);
  const gateway = settings.defaultGatewayV6;
  if (!gateway || engineAtLeast(version, '28.0.0') || settings.ipv6?.value !== true || !settings.fixedCidrV6) return [];
  const address = tryAddress(gateway.value);
  const pool = goParseCidr(settings.fixedCidrV6.value)?.prefix;
  if (!address || address.family !== 6 || !pool || pool.family !== 6 || containsAddress(pool, 6, address.value)) return [];
  const written = formatAddress(6, address.value);
  return [
    {
      subject: 'daemon:default-gateway-v6',
      location: settingLocation(gateway),
      message: `default-gateway-v6 ${gateway.value} is not inside fixed-cidr-v6 ${formatPrefix(pool)}. Docker ${version} refuses to start: "${defaultBridgeFailure(version, `auxiliary address: (DefaultGatewayIPv6:${written}) must belong to the master pool: ${formatPrefix(pool)}`)}".`,
      evidence: { defaultGatewayV6: gateway.value, fixedCidrV6: formatPrefix(pool), engineVersion: version },
      fix: { text: `Pick a default-gateway-v6 inside ${formatPrefix(pool)}, or remove the option.` },
    },
  ];
}

function checkIPv4(snapshot: Snapshot, version: string, reserved: RuleContext['settings']['reserved']): RuleResult[] {
  const view = poolsView(snapshot, version, reserved);
  const gateway = view.settings.defaultGateway;
  if (!gateway) return [];
  const address = tryAddress(gateway.value);
  if (!address) return [];
  const bridge = (view.settings.bip ? goParseCidr(view.settings.bip.value)?.prefix : null) ?? view.docker0;
  if (!bridge || containsAddress(bridge, address.family, address.value)) return [];
  const pool = formatPrefix(bridge);
  return [
    {
      subject: 'daemon:default-gateway',
      location: settingLocation(gateway),
      message: `default-gateway ${gateway.value} is not inside docker0's subnet ${pool}. Docker ${version} refuses to start: "${defaultBridgeFailure(version, `auxiliary address: (DefaultGatewayIPv4:${gateway.value}) must belong to the master pool: ${pool}`)}".`,
      evidence: { defaultGateway: gateway.value, bridgeSubnet: pool, engineVersion: version },
      fix: { text: `Pick a default-gateway inside ${pool}, or remove the option (containers then route through docker0's own address).` },
    },
  ];
}

export default rule;
