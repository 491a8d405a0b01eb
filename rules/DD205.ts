import { composeSubnets } from '../src/compose/subnets.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix, type Prefix } from '../src/net/prefix.js';
import { goParseCidr } from '../src/pools/config.js';
import { isPrivate, settingLocation } from '../src/pools/findings.js';
import { poolsView } from '../src/pools/model.js';
import type { Location } from '../src/engine/types.js';

const rule: Rule = {
  id: 'DD205',
  title: 'Docker addresses outside private address space',
  severity: 'warning',
  area: 'pools',
  // Judges every source that is there (daemon.json, live networks, compose files): `lint` has only compose files,
  // a host check has no compose files. A missing source is reported by DD002 through the rules that need it.
  needs: [],
  summary: 'bip, a pool, or a network subnet lies outside private space (RFC 1918, RFC 6598, IPv6 ULA): containers would shadow real Internet hosts.',
  check(snapshot, context): RuleResult[] {
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    const out: RuleResult[] = [];
    const flag = (what: string, subject: string, p: Prefix, location?: Location): void => {
      if (isPrivate(p)) return;
      out.push({
        subject,
        ...(location ? { location } : {}),
        message: `${what} ${formatPrefix(p)} is public address space (not RFC 1918, RFC 6598 or IPv6 ULA). Hosts on the Internet with those addresses become unreachable from this host and its containers, because the Docker bridge route wins. dockerd does not check this.`,
        evidence: { subnet: formatPrefix(p) },
        fix: { text: 'Use private ranges: 10.0.0.0/8, 172.16.0.0/12 (172.16–172.31, not 172.32+), 192.168.0.0/16 (not 192.169), or fd00::/8 for IPv6.' },
      });
    };
    const bip = view.settings.bip ? goParseCidr(view.settings.bip.value) : null;
    if (bip && view.settings.bip) flag('bip', 'daemon:bip', bip.prefix, settingLocation(view.settings.bip));
    for (const pool of view.settings.pools.pools) {
      flag(`default-address-pools entry ${pool.index}`, `pool:${pool.index}`, pool.base, settingLocation({ file: view.settings.pools.file, at: pool.at }));
    }
    for (const a of view.allocated) if (a.source === 'engine') flag(`network ${a.network}`, `network:${a.network}`, a.subnet);
    for (const subnet of composeSubnets(snapshot)) {
      flag(`compose network ${subnet.network.name}`, `compose:${subnet.network.name}`, subnet.prefix, subnet.location);
    }
    return out;
  },
};

export default rule;
