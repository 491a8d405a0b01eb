import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { hostClashes } from '../src/pools/findings.js';
import { poolsView } from '../src/pools/model.js';
import { available } from '../src/snapshot/fact.js';
import { freePrivateRange } from '../src/swarm/networks.js';

const rule: Rule = {
  id: 'DD209',
  title: 'the swarm address pool collides with the host network',
  severity: 'warning',
  area: 'pools',
  needs: ['engine', 'routes', 'addresses'],
  summary: 'The swarm / overlay pool (default 10.0.0.0/8, ingress 10.0.0.0/24) overlaps host routes, interface addresses or declared reserved ranges; swarm networks skip every host check.',
  check(snapshot, context): RuleResult[] {
    const engine = available(snapshot.facts.engine)!;
    if (engine.swarm.state !== 'active') return [];
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    return view.global.flatMap((usage) => {
      const clashes = hostClashes(snapshot, usage.pool.base, context.settings.reserved);
      if (clashes.length === 0) return [];
      const base = formatPrefix(usage.pool.base);
      // A range of the same size as the pool when one is free, else a /16: as many overlays as the pool would hold.
      const free = freePrivateRange(snapshot, usage.pool.base.length, context.settings.reserved) ?? freePrivateRange(snapshot, 16, context.settings.reserved);
      const init = free
        ? `\`docker swarm init --default-addr-pool ${formatPrefix(free)} --default-addr-pool-mask-length ${usage.pool.size}\` (${formatPrefix(free)} overlaps no route, address, nameserver, reserved range or Docker network of this host)`
        : `\`docker swarm init --default-addr-pool <a free range> --default-addr-pool-mask-length ${usage.pool.size}\``;
      return [
        {
          subject: `swarm-pool:${base}`,
          message: `The swarm address pool ${base} (/${usage.pool.size} per overlay network) overlaps ${clashes.map((c) => c.text).join('; ')}. Overlay networks are allocated without any host check (global scope), so the ingress network or a new overlay can take these addresses and cut the host off from them.`,
          evidence: { pool: base, size: usage.pool.size, clashes: clashes.map((c) => ({ kind: c.kind, prefix: formatPrefix(c.prefix), text: c.text })), suggested: free ? formatPrefix(free) : null },
          fix: {
            text: `Give the swarm its own range when initialising it: ${init}. An existing swarm keeps its pool until it is re-created (\`docker swarm leave --force\` on every node, then init and join again).`,
          },
        },
      ];
    });
  },
};

export default rule;
