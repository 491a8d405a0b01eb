import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { fromDaemon, poolsExhaustedMessage } from '../src/pools/messages.js';
import { poolsView } from '../src/pools/model.js';

const rule: Rule = {
  id: 'DD207',
  title: 'the address pools are running out',
  severity: 'warning',
  area: 'pools',
  needs: ['daemonConfig', 'engine', 'routes'],
  summary: 'Fewer free subnets remain in the local pools than the threshold (warning), or none (error: the next `docker network create` fails).',
  check(snapshot, context): RuleResult[] {
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    if (view.refusal) return [];
    const threshold = context.settings.thresholds.minFreeSubnets;
    const free = view.freeIPv4;
    if (free >= BigInt(threshold)) return [];
    const pools = view.local.filter((u) => u.pool.base.family === 4);
    const total = pools.reduce((n, u) => n + u.total, 0n);
    const used = pools.reduce((n, u) => n + u.used, 0n);
    const blocked = pools.reduce((n, u) => n + u.blocked, 0n);
    const source = view.configured ? 'the configured default-address-pools' : "Docker's built-in pools (31 subnets: 172.17–172.31/16 and 192.168.0.0/16 in /20s)";
    const exhausted = free === 0n;
    const message = exhausted
      ? `No free IPv4 subnet is left in ${source}: ${used} of ${total} are used by networks and ${blocked} are skipped because of host routes or nameservers. The next \`docker network create\` without --subnet fails with "${fromDaemon(poolsExhaustedMessage(context.engineVersion, 4))}".`
      : `Only ${free} free IPv4 subnet${free === 1n ? '' : 's'} left in ${source} (threshold ${threshold}): ${used} of ${total} are used by networks and ${blocked} ${blocked === 1n ? 'is' : 'are'} skipped because of host routes or nameservers.`;
    return [
      {
        severity: exhausted ? 'error' : 'warning',
        subject: 'pools:local',
        message,
        evidence: {
          free: Number(free),
          threshold,
          total: total.toString(),
          used: used.toString(),
          blocked: blocked.toString(),
          pools: pools.map((u) => ({ base: formatPrefix(u.pool.base), size: u.pool.size, free: u.free.toString() })),
        },
        fix: {
          text: 'Remove networks nobody uses (docker network prune), or give dockerd a larger pool with smaller subnets, e.g. "default-address-pools": [{"base": "10.200.0.0/16", "size": 24}] (256 networks), then restart dockerd. Existing networks keep their subnets.',
          commands: ['docker network prune'],
        },
      },
    ];
  },
};

export default rule;
