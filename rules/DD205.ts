import { composeSubnets } from '../src/compose/subnets.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix, type Prefix } from '../src/net/prefix.js';
import { goParseCidr } from '../src/pools/config.js';
import { settingLocation } from '../src/pools/findings.js';
import { isAllocatedUnicast, specialPurposeRange, type SpecialPurposeRange } from '../src/net/special-purpose.js';
import { poolsView } from '../src/pools/model.js';
import type { Location, Severity } from '../src/engine/types.js';

const FIX = 'Use private ranges: 10.0.0.0/8, 172.16.0.0/12 (172.16–172.31, not 172.32+), 192.168.0.0/16 (not 192.169), or fd00::/8 for IPv6.';

/** What a subnet outside private space risks, worded for the range it is in; null for private space. */
function judge(p: Prefix): { severity: Severity; says: string; range?: SpecialPurposeRange } | null {
  const range = specialPurposeRange(p);
  if (range === null) {
    if (isAllocatedUnicast(p)) {
      return {
        severity: 'warning',
        says: 'is public address space (not RFC 1918, RFC 6598 or IPv6 ULA). Hosts on the Internet with those addresses become unreachable from this host and its containers, because the Docker bridge route wins.',
      };
    }
    return {
      severity: 'info',
      says: 'is IPv6 space not yet allocated for unicast (outside 2000::/3): no Internet hosts use it today, but it is not meant for local networks and may be allocated later.',
    };
  }
  const named = `is ${range.name} (${range.prefix}, ${range.rfc}; IANA special-purpose registry), not private space.`;
  switch (range.risk) {
    case 'private':
      return null;
    case 'no-internet-hosts':
      return { severity: 'info', range, says: `${named} No Internet hosts use these addresses, so nothing is shadowed; but the range is reserved for that purpose, not for local networks, and other setups that use it may collide with yours.` };
    case 'host-special':
      return { severity: 'warning', range, says: `${named} The host's network stack gives these addresses a meaning of their own, so containers on this subnet may be unreachable or traffic may go elsewhere.` };
    case 'internet-services':
      return { severity: 'warning', range, says: `${named} Services on the Internet answer at these addresses; they become unreachable from this host and its containers, because the Docker bridge route wins.` };
  }
}

const rule: Rule = {
  id: 'DD205',
  title: 'Docker addresses outside private address space',
  severity: 'warning',
  area: 'pools',
  // Judges every source that is there (daemon.json, live networks, compose files): `lint` has only compose files,
  // a host check has no compose files. A missing source is reported by DD002 through the rules that need it.
  needs: [],
  summary: 'bip, a pool, or a network subnet lies outside private space (RFC 1918, RFC 6598, IPv6 ULA): names the special-purpose range it is in and what that risks (shadowed Internet hosts for public space).',
  check(snapshot, context): RuleResult[] {
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    const out: RuleResult[] = [];
    const flag = (what: string, subject: string, p: Prefix, location?: Location): void => {
      const judged = judge(p);
      if (!judged) return;
      out.push({
        ...(judged.severity === 'warning' ? {} : { severity: judged.severity }),
        subject,
        ...(location ? { location } : {}),
        message: `${what} ${formatPrefix(p)} ${judged.says} dockerd does not check this.`,
        evidence: { subnet: formatPrefix(p), ...(judged.range ? { specialPurpose: judged.range.prefix, rfc: judged.range.rfc } : {}) },
        fix: { text: FIX },
      });
    };
    const bip = view.settings.bip ? goParseCidr(view.settings.bip.value) : null;
    if (bip && view.settings.bip) flag('bip', 'daemon:bip', bip.prefix, settingLocation(view.settings.bip));
    for (const [key, setting] of [['fixed-cidr-v6', view.settings.fixedCidrV6], ['bip6', view.settings.bip6]] as const) {
      const parsed = setting ? goParseCidr(setting.value) : null;
      if (parsed && setting) flag(key, `daemon:${key}`, parsed.prefix, settingLocation(setting));
    }
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
