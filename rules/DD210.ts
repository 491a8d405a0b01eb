import type { Rule, RuleResult } from '../src/engine/types.js';
import { DEFAULT_OVERLAY_FILL_PERCENT } from '../src/engine/types.js';
import { available, isUnavailable } from '../src/snapshot/fact.js';
import { judgeCapacity } from '../src/swarm/capacity.js';
import { describeCapacity } from '../src/swarm/capacity-message.js';
import { swarmFactsNeeded } from '../src/swarm/facts.js';
import { liveOverlays, poolsText, schedulableNodes } from '../src/swarm/live-capacity.js';

const rule: Rule = {
  id: 'DD210',
  title: 'overlay network too small for the services on it',
  severity: 'error',
  area: 'pools',
  needs: ['engine'],
  needsOnHost: (snapshot) => swarmFactsNeeded(snapshot),
  summary:
    "A swarm overlay network (ingress included) cannot hold the addresses its services take: one per task, one virtual IP per service in vip mode, one load-balancer address per node, plus a rolling update's headroom. Error when the declared replicas cannot fit (the rest stay pending in state New); warning above thresholds.overlayFillPercent (default 80%). Judged on managers, which know the services.",
  check(snapshot, context): RuleResult[] {
    const swarm = available(snapshot.facts.swarm);
    if (!swarm || swarm.localNodeState !== 'active') return [];
    const services = available(swarm.services);
    if (!services) {
      return [
        {
          subject: 'swarm:services',
          severity: 'info',
          message: `Overlay network capacity was not judged on this node: ${isUnavailable(swarm.services) ? swarm.services.unavailable : 'the services are unknown'}. Only managers know the swarm's services.`,
          evidence: { role: swarm.role },
          fix: { text: 'Run `dockdoc check` on a manager (`docker node ls` there lists the nodes).' },
        },
      ];
    }
    const fillPercent = context.settings.thresholds.overlayFillPercent ?? DEFAULT_OVERLAY_FILL_PERCENT;
    const known = schedulableNodes(swarm);
    const nodes = known ?? 1;
    return liveOverlays(snapshot, swarm, services, nodes).flatMap((overlay): RuleResult[] => {
      if (overlay.services.length === 0) return [];
      const verdict = judgeCapacity(overlay.usable, { services: overlay.services, nodes: overlay.nodes }, fillPercent);
      if (verdict.level === 'ok') return [];
      const nodesText = known === null ? '1 node assumed: the node list is unavailable' : overlay.network.ingress ? 'one on every node' : `one on each of the ${overlay.nodes} nodes running its tasks`;
      const text = describeCapacity(overlay.network.name, poolsText(overlay.pools), verdict, overlay.services, nodesText, fillPercent);
      const now = overlay.waiting > 0 ? ` Now ${overlay.waiting} of their tasks wait without an address (state New).` : '';
      const size = text.fitsIn === null ? null : `/${text.fitsIn}`;
      const target = size ? `a free ${size}` : 'a free range';
      const fix = overlay.network.ingress
        ? `The ingress subnet cannot change in place: with no service publishing ports, \`docker network rm ingress\`, then \`docker network create --driver overlay --ingress --subnet <${target}> ingress\`; or publish fewer ports in ingress mode (mode=host skips the routing mesh).`
        : `An overlay's subnet cannot change in place: create ${size ? `a ${size}` : 'several networks'} (\`docker network create --driver overlay --subnet <${target}> NAME\`) and move the services to it (\`docker service update --network-add NAME --network-rm ${overlay.network.name} SERVICE\`), or scale down.`;
      return [
        {
          subject: `network:${overlay.network.name}`,
          severity: text.severity,
          message: text.message + now,
          evidence: { ...text.evidence, nodes: overlay.nodes, waitingNow: overlay.waiting },
          fix: { text: fix },
        },
      ];
    });
  },
};

export default rule;
