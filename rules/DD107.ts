import type { Rule, RuleResult } from '../src/engine/types.js';
import { containsAddress, formatPrefix, tryAddress } from '../src/net/prefix.js';
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
  summary: '`default-gateway` is outside the bridge subnet; dockerd refuses to create docker0 and does not start.',
  check(snapshot, context): RuleResult[] {
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    const gateway = view.settings.defaultGateway;
    if (!gateway) return [];
    const address = tryAddress(gateway.value);
    if (!address) return [];
    const bridge = (view.settings.bip ? goParseCidr(view.settings.bip.value)?.prefix : null) ?? view.docker0;
    if (!bridge || containsAddress(bridge, address.family, address.value)) return [];
    const version = context.engineVersion;
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
  },
};

export default rule;
