import { overlappingPairs } from '../src/compose/overlaps.js';
import { composeSubnets, describeNetwork, type ComposeSubnet } from '../src/compose/subnets.js';
import { poolOverlapMessage } from '../src/pools/messages.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';

/** How many other networks a message names before "and N more" (evidence lists them all). */
const NAMED_IN_MESSAGE = 3;

const rule: Rule = {
  id: 'DD303',
  title: 'Compose subnets overlap each other',
  severity: 'error',
  area: 'compose',
  needs: ['compose'],
  summary:
    'Two compose networks (in one file, or across files and projects deployed to the same engine) have overlapping subnets: the second `up` fails with "Pool overlaps with other one on this address space".',
  check(snapshot, context) {
    const clashes = new Map<ComposeSubnet, ComposeSubnet[]>();
    for (const [earlier, later] of overlappingPairs(composeSubnets(snapshot))) {
      const list = clashes.get(later) ?? [];
      list.push(earlier);
      clashes.set(later, list);
    }
    const results: RuleResult[] = [];
    for (const [subnet, others] of [...clashes].sort(([a], [b]) => a.order - b.order)) {
      const named = others.slice(0, NAMED_IN_MESSAGE).map((other) => `${formatPrefix(other.prefix)} of ${other.network === subnet.network ? 'the same network' : describeNetwork(other.network)}`);
      const more = others.length > NAMED_IN_MESSAGE ? ` and ${others.length - NAMED_IN_MESSAGE} more` : '';
      const sameProject = others.every((other) => other.network.project === subnet.network.project);
      results.push({
        subject: `network:${subnet.network.name}`,
        location: subnet.location,
        message: `Subnet ${subnet.text} of network ${subnet.network.name} overlaps ${named.join(', ')}${more}. Whichever is created second fails: "${poolOverlapMessage(context.engineVersion)}"${sameProject ? '' : ' (when both projects run on the same engine)'}.`,
        evidence: {
          project: subnet.network.project,
          network: subnet.network.name,
          subnet: subnet.text,
          overlaps: others.map((other) => ({
            project: other.network.project,
            network: other.network.name,
            subnet: other.text,
            file: other.location.file,
            line: other.location.line,
            column: other.location.column,
          })),
        },
        fix: { text: `Give network ${subnet.network.key} of project ${subnet.network.project} a subnet that overlaps no other compose network (or share one network: declare it once and mark it external: true elsewhere).` },
      });
    }
    return results;
  },
};

export default rule;
