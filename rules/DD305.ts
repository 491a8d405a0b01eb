import { globalPools, localPools, overlappingPools } from '../src/compose/engine-context.js';
import { composeModel } from '../src/compose/compose-model.js';
import { composeSubnets } from '../src/compose/subnets.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { poolOverlapMessage } from '../src/pools/messages.js';

const rule: Rule = {
  id: 'DD305',
  title: "Compose subnet lies inside Docker's dynamic pools",
  severity: 'warning',
  area: 'compose',
  needs: ['compose'],
  summary:
    "A static compose subnet overlaps Docker's dynamic address pools, so a network created earlier without a subnet (by any project, or `docker network create`) can take it first and `up` then fails with \"Pool overlaps\".",
  check(snapshot, context) {
    const model = composeModel(snapshot);
    if (!model) return [];
    const local = localPools(snapshot, context.engineVersion);
    const global = globalPools(snapshot);
    const dynamicByProject = new Map(
      model.projects.map((project) => [project.name, project.networks.filter((n) => !n.external && n.ipam.every((c) => !c.subnet)).map((n) => n.key)]),
    );
    const results: RuleResult[] = [];
    for (const subnet of composeSubnets(snapshot)) {
      const pools = subnet.network.scope === 'local' ? local : global;
      const hits = overlappingPools(subnet.prefix, pools.pools);
      if (hits.length === 0) continue;
      const siblings = dynamicByProject.get(subnet.network.project) ?? [];
      const sameProject =
        siblings.length > 0
          ? ` Project ${subnet.network.project} itself creates ${siblings.length === 1 ? 'network' : 'networks'} ${siblings.join(', ')} without a subnet, which compose may create first.`
          : '';
      results.push({
        subject: `network:${subnet.network.name}`,
        location: subnet.location,
        message: `Subnet ${subnet.text} of network ${subnet.network.name} lies in pool ${hits.join(', ')} of ${pools.source}: a network created without a subnet can be given an overlapping block first, and \`up\` then fails with "${poolOverlapMessage(context.engineVersion)}".${sameProject}`,
        evidence: { project: subnet.network.project, network: subnet.network.name, subnet: subnet.text, pools: hits, poolsSource: pools.source, dynamicNetworksInProject: siblings },
        fix: {
          text: `Pick ${subnet.network.key}'s subnet outside the dynamic pools (${pools.pools.map((pool) => formatPrefix(pool.base)).join(', ')}), or move the pools away from it with default-address-pools in daemon.json.`,
        },
      });
    }
    return results;
  },
};

export default rule;
