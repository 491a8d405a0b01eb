import type { Location, Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix, type Prefix } from '../src/net/prefix.js';
import { goParseCidr } from '../src/pools/config.js';
import { hostClashes, settingLocation, type HostClash } from '../src/pools/findings.js';
import { poolsView } from '../src/pools/model.js';
import { available } from '../src/snapshot/fact.js';

const rule: Rule = {
  id: 'DD206',
  title: 'Docker addresses collide with the host network',
  severity: 'warning',
  area: 'pools',
  needs: ['daemonConfig', 'routes', 'addresses'],
  summary: 'bip, a pool, or a live network overlaps a host route, interface address, nameserver or declared reserved range — including routes via a gateway and in other tables, which dockerd never checks.',
  check(snapshot, context): RuleResult[] {
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    const reserved = context.settings.reserved;
    const out: RuleResult[] = [];
    const report = (what: string, subject: string, subnet: Prefix, clashes: HostClash[], location?: Location, pool = false): void => {
      if (clashes.length === 0) return;
      const list = clashes.map((c) => c.text).join('; ');
      const why = pool
        ? 'dockerd hands out subnets from this pool without checking these (it only avoids on-link IPv4 routes of the main table and nameservers), so a future network can take these addresses'
        : 'traffic between this host and those addresses goes to the Docker bridge instead (or the other way round): connections break in a way that is hard to trace';
      out.push({
        subject,
        ...(location ? { location } : {}),
        message: `${what} ${formatPrefix(subnet)} overlaps ${list}. ${why[0]!.toUpperCase()}${why.slice(1)}.`,
        evidence: { subnet: formatPrefix(subnet), clashes: clashes.map((c) => ({ kind: c.kind, prefix: formatPrefix(c.prefix), text: c.text })) },
        fix: {
          text: pool
            ? `Move the pool away from these ranges, or remove them from it with a smaller base; networks that already exist keep their subnets.`
            : `Recreate the network with a subnet that is free on this host (\`dockdoc pools\` lists free ones), or change the host route/range.`,
        },
      });
    };
    const bip = view.settings.bip ? goParseCidr(view.settings.bip.value) : null;
    if (bip && view.settings.bip) {
      report('bip', 'daemon:bip', bip.prefix, hostClashes(snapshot, bip.prefix, reserved, 'docker0'), settingLocation(view.settings.bip));
    }
    const engine = available(snapshot.facts.engine);
    for (const a of view.allocated) {
      if (a.source !== 'engine') continue;
      const bridge = engine?.networks.find((n) => n.name === a.network)?.bridge ?? null;
      report(`network ${a.network}`, `network:${a.network}`, a.subnet, hostClashes(snapshot, a.subnet, reserved, bridge));
    }
    for (const usage of view.local) {
      const clashes = hostClashes(snapshot, usage.pool.base, reserved).filter((c) => !c.avoidedByDockerd);
      const configured = view.settings.pools.pools.find((p) => p.base === usage.pool.base);
      const location = configured ? settingLocation({ file: view.settings.pools.file, at: configured.at }) : undefined;
      report(configured ? `default-address-pools entry ${configured.index}` : 'built-in pool', `pool:${formatPrefix(usage.pool.base)}`, usage.pool.base, clashes, location, true);
    }
    return out;
  },
};

export default rule;
