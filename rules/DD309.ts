import type { Rule, RuleResult } from '../src/engine/types.js';
import { DEFAULT_OVERLAY_FILL_PERCENT } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { judgeCapacity } from '../src/swarm/capacity.js';
import { describeCapacity } from '../src/swarm/capacity-message.js';
import { available } from '../src/snapshot/fact.js';
import type { Snapshot } from '../src/snapshot/schema.js';
import { composeIngress, composeOverlays } from '../src/swarm/compose-capacity.js';
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
    "A `driver: overlay` network, or the swarm's ingress network, cannot hold the addresses its services take on a swarm: one per task (deploy.replicas, one per node in global mode, a job's replicas at once), one virtual IP per service in vip mode, one load-balancer address per node, plus a rolling update's headroom (update_config.parallelism, twice that with order start-first). A service with a `deploy` section that publishes `ports` in ingress mode (the default) is on ingress: the live ingress subnet when a snapshot gives it, else the /24 swarm creates it with (10.0.0.0/24), said as an assumption. Error when the tasks do not fit (the rest stay pending); warning above thresholds.overlayFillPercent (default 80%).",
  check(snapshot, context) {
    const fillPercent = context.settings.thresholds.overlayFillPercent ?? DEFAULT_OVERLAY_FILL_PERCENT;
    const swarm = available(snapshot.facts.swarm);
    const known = swarm ? schedulableNodes(swarm) : null;
    const nodes = known ?? NODES_ASSUMED;
    const ingress = ingressFinding(snapshot, fillPercent, known);
    const overlays = composeOverlays(snapshot, nodes).flatMap((overlay): RuleResult[] => {
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
    return ingress ? [...overlays, ingress] : overlays;
  },
};

/**
 * The ingress network: every task of a service publishing in ingress mode takes an address there, each such service a
 * virtual IP, and every node of the swarm one for its ingress sandbox (drained nodes too: getNodeNetworks).
 */
function ingressFinding(snapshot: Snapshot, fillPercent: number, known: number | null): RuleResult | null {
  const swarm = available(snapshot.facts.swarm);
  const allNodes = swarm ? (available(swarm.nodes)?.length ?? null) : null;
  const ingress = composeIngress(snapshot, known ?? NODES_ASSUMED);
  if (!ingress) return null;
  const nodes = allNodes ?? NODES_ASSUMED;
  const verdict = judgeCapacity(ingress.usable, { services: ingress.services, nodes }, fillPercent);
  if (verdict.level === 'ok') return null;
  const nodesText = allNodes === null ? `${NODES_ASSUMED} node assumed; every further node takes one more` : `one on each of the swarm's ${allNodes} nodes`;
  const text = describeCapacity('ingress', ingress.subnetText, verdict, ingress.services, nodesText, fillPercent);
  const others = ingress.others.length > 0 ? ` Counted with the swarm's other services publishing in ingress mode: ${ingress.others.join(', ')}.` : '';
  const larger = text.fitsIn === null ? 'a larger subnet' : `a /${text.fitsIn}`;
  const fix = ingress.live
    ? `Publish fewer ports in ingress mode (\`mode: host\` in the long ports syntax skips the routing mesh), or give ingress ${larger}: with no service publishing, \`docker network rm ingress\`, then \`docker network create --driver overlay --ingress --subnet <${larger} that is free> ingress\`.`
    : `Publish fewer ports in ingress mode (\`mode: host\` in the long ports syntax skips the routing mesh), or give the swarm's ingress ${larger} (\`docker network create --driver overlay --ingress --subnet ...\` after removing it, or \`docker swarm init --default-addr-pool-mask-length\`).`;
  return {
    subject: 'network:ingress',
    location: ingress.location,
    severity: text.severity,
    message: text.message + others,
    evidence: { nodes, nodesKnown: allNodes !== null, ingressKnown: ingress.live, others: ingress.others, ...text.evidence },
    fix: { text: fix },
  };
}

export default rule;
