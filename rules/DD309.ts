import type { Rule, RuleResult } from '../src/engine/types.js';
import { DEFAULT_OVERLAY_FILL_PERCENT } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { judgeCapacity } from '../src/swarm/capacity.js';
import { describeCapacity } from '../src/swarm/capacity-message.js';
import { available } from '../src/snapshot/fact.js';
import { composeOverlays } from '../src/swarm/compose-capacity.js';
import { schedulableNodes } from '../src/swarm/live-capacity.js';

/** Without a swarm manager's snapshot (lint --snapshot), one node is assumed (one load-balancer address), and said. */
const NODES_ASSUMED = 1;

const rule: Rule = {
  id: 'DD309',
  title: 'Compose overlay network too small for its services',
  severity: 'error',
  area: 'compose',
  needs: ['compose'],
  summary:
    "A `driver: overlay` network cannot hold the addresses its services take on a swarm: one per task (deploy.replicas, or one per node in global mode), one virtual IP per service in vip mode, one load-balancer address per node, plus a rolling update's headroom (update_config.parallelism, twice that with order start-first). Error when the tasks do not fit (the rest stay pending); warning above thresholds.overlayFillPercent (default 80%).",
  check(snapshot, context) {
    const fillPercent = context.settings.thresholds.overlayFillPercent ?? DEFAULT_OVERLAY_FILL_PERCENT;
    const swarm = available(snapshot.facts.swarm);
    const known = swarm ? schedulableNodes(swarm) : null;
    const nodes = known ?? NODES_ASSUMED;
    return composeOverlays(snapshot, nodes).flatMap((overlay): RuleResult[] => {
      if (overlay.services.length === 0) return [];
      const totalTasks = overlay.services.reduce((sum, s) => sum + s.tasks, 0);
      const withTasks = Math.min(nodes, totalTasks);
      const verdict = judgeCapacity(overlay.usable, { services: overlay.services, nodes: withTasks }, fillPercent);
      if (verdict.level === 'ok') return [];
      const size = overlay.pools.length > 0 ? overlay.pools.map((p) => formatPrefix(p.subnet)).join(', ') : `a /${overlay.defaultSize} from the swarm's default address pool`;
      const nodesText = known === null ? `${NODES_ASSUMED} node assumed; each further node with tasks takes one more` : `one on each of the ${withTasks} nodes running its tasks, of the swarm's ${known}`;
      const text = describeCapacity(overlay.network.name, size, verdict, overlay.services, nodesText, fillPercent);
      const fix =
        text.fitsIn === null
          ? 'Spread the services over several overlay networks.'
          : overlay.pools.length > 0
            ? `Give the network a /${text.fitsIn} (ipam.config subnet), or fewer replicas.`
            : `Give the network an ipam.config subnet of /${text.fitsIn}, or create the swarm with \`docker swarm init --default-addr-pool-mask-length ${text.fitsIn}\` (every overlay then gets a /${text.fitsIn}).`;
      return [
        {
          subject: `network:${overlay.network.name}`,
          location: overlay.location,
          severity: text.severity,
          message: text.message,
          evidence: { project: overlay.project.name, nodes: withTasks, nodesKnown: known !== null, ...text.evidence },
          fix: { text: fix },
        },
      ];
    });
  },
};

export default rule;
