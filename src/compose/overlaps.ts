import { lastAddress } from '../net/prefix.js';
import type { ComposeSubnet } from './subnets.js';

/**
 * Every pair of overlapping compose subnets in the same address space, found in one sort and a sweep instead of
 * comparing all pairs: CIDR blocks are either nested or disjoint, so after sorting by address (shorter prefix
 * first) the blocks overlapping a subnet that start before it are exactly the still-open ones on a stack.
 * Each pair is returned once as [earlier in input order, later in input order].
 */
export function overlappingPairs(subnets: readonly ComposeSubnet[]): [ComposeSubnet, ComposeSubnet][] {
  const sorted = [...subnets].sort(
    (a, b) =>
      a.network.scope.localeCompare(b.network.scope) ||
      a.prefix.family - b.prefix.family ||
      (a.prefix.address < b.prefix.address ? -1 : a.prefix.address > b.prefix.address ? 1 : 0) ||
      a.prefix.length - b.prefix.length ||
      a.order - b.order,
  );
  const pairs: [ComposeSubnet, ComposeSubnet][] = [];
  const open: ComposeSubnet[] = [];
  for (const subnet of sorted) {
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      const sameSpace = top.network.scope === subnet.network.scope && top.prefix.family === subnet.prefix.family;
      if (sameSpace && lastAddress(top.prefix) >= subnet.prefix.address) break;
      open.pop();
    }
    for (const earlier of open) {
      // One network declared by two projects under the same `name:` is one engine network, not a clash.
      if (earlier.network !== subnet.network && earlier.network.name === subnet.network.name) continue;
      pairs.push(earlier.order < subnet.order ? [earlier, subnet] : [subnet, earlier]);
    }
    open.push(subnet);
  }
  return pairs;
}
