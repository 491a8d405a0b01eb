import type { Rule, RuleResult } from '../src/engine/types.js';
import { DEFAULT_OVERLAY_FILL_PERCENT } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { judgeCapacity } from '../src/swarm/capacity.js';
import { describeCapacity } from '../src/swarm/capacity-message.js';
import { composeOverlays } from '../src/swarm/compose-capacity.js';

/** lint knows no swarm: one node is assumed (one load-balancer address per network), and said. */
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
    return composeOverlays(snapshot, NODES_ASSUMED).flatMap((overlay): RuleResult[] => {
      if (overlay.services.length === 0) return [];
      const totalTasks = overlay.services.reduce((sum, s) => sum + s.tasks, 0);
      const verdict = judgeCapacity(overlay.usable, { services: overlay.services, nodes: Math.min(NODES_ASSUMED, totalTasks) }, fillPercent);
      if (verdict.level === 'ok') return [];
      const size = overlay.pools.length > 0 ? overlay.pools.map((p) => formatPrefix(p.subnet)).join(', ') : `a /${overlay.defaultSize} from the swarm's default address pool`;
      const text = describeCapacity(overlay.network.name, size, verdict, overlay.services, `${NODES_ASSUMED} node assumed; each further node with tasks takes one more`, fillPercent);
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
          evidence: { project: overlay.project.name, nodesAssumed: NODES_ASSUMED, ...text.evidence },
          fix: { text: fix },
        },
      ];
    });
  },
};

export default rule;
