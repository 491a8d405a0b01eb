import type { Rule, RuleResult } from '../src/engine/types.js';
import { engineAtLeast } from '../src/engine/version.js';
import { containsPrefix, formatPrefix } from '../src/net/prefix.js';
import { goParseCidr } from '../src/pools/config.js';
import { settingLocation } from '../src/pools/findings.js';
import { controllerStartFailure } from '../src/pools/messages.js';
import { poolsView } from '../src/pools/model.js';

const rule: Rule = {
  id: 'DD106',
  title: 'fixed-cidr lies outside the docker0 subnet',
  severity: 'warning',
  area: 'daemon',
  needs: ['daemonConfig'],
  summary: '`fixed-cidr` is outside the `bip` subnet: silently remapped into it up to 27, container start fails from 28.',
  check(snapshot, context): RuleResult[] {
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    const fixed = view.settings.fixedCidr;
    if (!fixed) return [];
    const version = context.engineVersion;
    const location = settingLocation(fixed);
    const parsed = goParseCidr(fixed.value);
    if (!parsed) {
      const inner = `${engineAtLeast(version, '28.0.0') ? 'parse fixed-cidr failed: ' : ''}invalid CIDR address: ${fixed.value}`;
      return [
        {
          severity: 'error',
          subject: 'daemon:fixed-cidr',
          location,
          message: `fixed-cidr "${fixed.value}" is not CIDR. Docker ${version} refuses to start: "${controllerStartFailure(inner)}".`,
          evidence: { fixedCidr: fixed.value, engineVersion: version },
          fix: { text: 'Write fixed-cidr as a subnet of docker0\'s network, e.g. "172.17.1.0/24", or remove it.' },
        },
      ];
    }
    const bipSubnet = view.settings.bip ? goParseCidr(view.settings.bip.value)?.prefix ?? null : null;
    const bridge = bipSubnet ?? view.docker0;
    if (!bridge || containsPrefix(bridge, parsed.prefix)) return [];
    const where = bipSubnet ? `bip's subnet ${formatPrefix(bridge)}` : `docker0's subnet ${formatPrefix(bridge)}`;
    const consequence = engineAtLeast(version, '28.0.0')
      ? `Docker ${version} starts, but containers on the default bridge then fail to get an address ("add-any, range '${formatPrefix(parsed.prefix)}' is not in subnet '${formatPrefix(bridge)}'").`
      : `Docker ${version} silently maps the range into ${formatPrefix(bridge)}, so containers get unexpected addresses (with bip 10.1.0.1/16 and fixed-cidr 10.2.5.0/24 the first container got 10.1.5.0, verified on 20.10.24).`;
    return [
      {
        subject: 'daemon:fixed-cidr',
        location,
        message: `fixed-cidr ${fixed.value} is outside ${where}. ${consequence}`,
        evidence: { fixedCidr: formatPrefix(parsed.prefix), bridgeSubnet: formatPrefix(bridge), engineVersion: version },
        fix: { text: `Choose fixed-cidr inside ${formatPrefix(bridge)}, or change bip so that its subnet contains ${formatPrefix(parsed.prefix)}.` },
      },
    ];
  },
};

export default rule;
