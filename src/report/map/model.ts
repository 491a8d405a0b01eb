import { composeSubnets } from '../../compose/subnets.js';
import { dockerFirewall } from '../../iptables/docker/analysis.js';
import { familyFirewall } from '../../iptables/host.js';
import { inputGaps } from '../../iptables/input-coverage.js';
import { formatPrefix, overlaps, prefix, tryPrefix, type Prefix } from '../../net/prefix.js';
import { rangeOfPrefix, RangeSet, type AddressRange } from '../../net/range-set.js';
import { blockCount, blocksTouchingSet } from '../../net/split.js';
import { goParseCidr } from '../../pools/config.js';
import { hostClashes, isDockerBridge, type HostClash } from '../../pools/findings.js';
import { routeDestination } from '../../iproute/lookup.js';
import { describeRoute } from '../../pools/host.js';
import { poolSplit, type PoolsView, type PoolUsage, type Prediction } from '../../pools/model.js';
import { available } from '../../snapshot/fact.js';
import type { Snapshot } from '../../snapshot/schema.js';

/**
 * The address-space picture as data: every element dockdoc knows of in the host's address space, the regions it is
 * drawn in and the conflicts between elements. Built from the pools model (poolsView) and the same clash helpers the
 * rules use, so the picture and the findings never disagree; layout and drawing are separate steps.
 */

export type ElementKind = 'pool' | 'swarm-pool' | 'network' | 'compose' | 'next' | 'route' | 'address' | 'nameserver' | 'reserved' | 'input';

export type SegmentState = 'docker0' | 'used' | 'blocked' | 'free';

export interface PoolSegment {
  state: SegmentState;
  range: AddressRange;
}

export interface MapElement {
  id: string;
  kind: ElementKind;
  /** Which band of a region it is drawn in, e.g. "routes, table main". */
  lane: string;
  range: AddressRange;
  /** Text drawn on it: "mynet 172.18.0.0/16". */
  label: string;
  /** What is drawn when the label does not fit: the name or the prefix alone. */
  short: string;
  /** Everything else worth knowing, one line each (hover, focus, detail tables). */
  details: string[];
  /** Words that qualify it: "VPN tunnel", "docker0", "stale Docker bridge". Drawn in the label, never as colour alone. */
  tags: string[];
  segments?: PoolSegment[];
  conflicts: string[];
}

export interface Conflict {
  id: string;
  text: string;
  /** Where to highlight it: the shared addresses of an overlap, or the network an INPUT rule leaves out. */
  range: AddressRange;
  elements: string[];
}

export interface Region {
  id: string;
  title: string;
  range: AddressRange;
}

export interface AddressMap {
  heading: string;
  regions: Region[];
  elements: MapElement[];
  conflicts: Conflict[];
  /** Said out loud: what is left out of the picture and what it assumes. */
  notes: string[];
}

export interface AddressMapInput {
  snapshot: Snapshot;
  view: PoolsView;
  next: Prediction;
  reserved: readonly { cidr: string; name: string }[];
}

const HOST_KINDS = new Set<ElementKind>(['route', 'address', 'nameserver', 'reserved']);

const PRIVATE_REGIONS: { cidr: string; title: string }[] = [
  { cidr: '10.0.0.0/8', title: 'private (RFC 1918)' },
  { cidr: '172.16.0.0/12', title: 'private (RFC 1918)' },
  { cidr: '192.168.0.0/16', title: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', title: 'carrier-grade NAT (RFC 6598)' },
  { cidr: 'fc00::/7', title: 'unique local IPv6 (ULA, RFC 4193)' },
];

/** Interface names VPN software uses; a route or address on one is marked as a VPN tunnel (an assumption by name). */
const VPN_INTERFACE = /^(tun|tap|wg|ppp|ipsec|vti|xfrm|utun|tailscale|zt|nordlynx|cscotun|gpd|vpn)/i;

export function isVpnInterface(name: string | null): boolean {
  return name !== null && VPN_INTERFACE.test(name);
}

export function buildAddressMap({ snapshot, view, next, reserved }: AddressMapInput): AddressMap {
  const elements: MapElement[] = [];
  const add = (e: Omit<MapElement, 'id' | 'conflicts'>): MapElement => {
    const element = { ...e, id: `e${elements.length + 1}`, conflicts: [] };
    elements.push(element);
    return element;
  };
  const engine = available(snapshot.facts.engine);
  const currentBridges = new Set((engine?.networks ?? []).map((n) => n.bridge).filter((b): b is string => b !== null));
  const notes: string[] = [];

  const poolElements = view.local.map((usage) => add(poolElement(usage, view, 'pool', 'Docker pools (local)')));
  for (const { pool, keptInstead } of view.dropped) {
    add({
      kind: 'pool',
      lane: 'Docker pools (local)',
      range: rangeOfPrefix(pool.base),
      label: `${formatPrefix(pool.base)} /${pool.size} dropped`,
      short: formatPrefix(pool.base),
      details: [`dockerd drops this configured pool: it overlaps ${formatPrefix(keptInstead.base)}, which sorts first (27+)`],
      tags: ['dropped by dockerd'],
    });
  }
  const swarmActive = engine?.swarm.state === 'active';
  const swarmElements = view.global.map((usage) => {
    const element = add(poolElement(usage, view, 'swarm-pool', 'swarm pool (global)'));
    if (!swarmActive) element.tags.push(engine ? 'swarm inactive' : 'swarm state unknown');
    return element;
  });

  const networks: { element: MapElement; prefix: Prefix; bridge: string | null; name: string }[] = [];
  if (engine) {
    for (const network of engine.networks) {
      for (const ipam of network.subnets) {
        const p = tryPrefix(ipam.subnet);
        if (!p) continue;
        const tags = [network.bridge === 'docker0' ? 'docker0' : '', network.scope !== 'local' ? `${network.scope} scope` : ''].filter(Boolean);
        const element = add({
          kind: 'network',
          lane: 'Docker networks',
          range: rangeOfPrefix(p),
          label: `${network.name} ${formatPrefix(p)}`,
          short: network.name,
          details: [
            `network ${network.name}: driver ${network.driver}, scope ${network.scope}${network.bridge ? `, bridge ${network.bridge}` : ''}`,
            `subnet ${formatPrefix(p)}${ipam.gateway ? `, gateway ${ipam.gateway}` : ''}${ipam.ipRange ? `, ip-range ${ipam.ipRange}` : ''}`,
          ],
          tags,
        });
        networks.push({ element, prefix: p, bridge: network.bridge, name: network.name });
      }
    }
  } else {
    for (const a of view.allocated) {
      const element = add({
        kind: 'network',
        lane: 'Docker networks',
        range: rangeOfPrefix(a.subnet),
        label: `${a.network} ${formatPrefix(a.subnet)}`,
        short: a.network,
        details: [`docker0 as dockerd ${view.engineVersion} would create it from daemon.json (no engine reached)`],
        tags: ['docker0', 'predicted'],
      });
      networks.push({ element, prefix: a.subnet, bridge: 'docker0', name: a.network });
    }
  }

  const compose = composeSubnets(snapshot).map((s) => ({
    subnet: s,
    element: add({
      kind: 'compose',
      lane: 'compose subnets',
      range: rangeOfPrefix(s.prefix),
      label: `${s.network.name} ${formatPrefix(s.prefix)}`,
      short: s.network.name,
      details: [`compose network ${s.network.name}: subnet ${s.text} at ${s.location.file}:${s.location.line}:${s.location.column}`],
      tags: [],
    }),
  }));

  const nextElements = next.subnets.map((subnet, i) =>
    add({
      kind: 'next',
      lane: `next ${next.subnets.length} docker network create`,
      range: rangeOfPrefix(subnet),
      label: `#${i + 1} ${formatPrefix(subnet)}`,
      short: `#${i + 1}`,
      details: [`docker network create number ${i + 1} from now gets ${formatPrefix(subnet)} (engine ${view.engineVersion})`],
      tags: [],
    }),
  );
  if (next.error) notes.push(`After ${next.subnets.length} more networks: ${next.error}`);

  let defaultRoutes = 0;
  for (const route of available(snapshot.facts.routes) ?? []) {
    if (route.type !== 'unicast') continue;
    if (route.dev !== null && currentBridges.has(route.dev)) continue;
    const dst = routeDestination(route);
    if (!dst) continue;
    // The default route and the /1 halves a VPN installs cover everything: named in the notes, not drawn everywhere.
    if (dst.length <= 1) {
      defaultRoutes++;
      continue;
    }
    const tags = [isVpnInterface(route.dev) ? 'VPN tunnel' : '', isDockerBridge(route.dev) ? 'stale Docker bridge' : ''].filter(Boolean);
    add({ kind: 'route', lane: `routes, table ${route.table}`, range: rangeOfPrefix(dst), label: `${formatPrefix(dst)}${route.dev ? ` ${route.dev}` : ''}`, short: formatPrefix(dst), details: [describeRoute(route)], tags });
  }
  if (defaultRoutes > 0) notes.push(`${defaultRoutes} default or /1 route(s) cover the whole address space and are not drawn.`);
  for (const link of available(snapshot.facts.addresses) ?? []) {
    if (link.name === 'lo' || currentBridges.has(link.name)) continue;
    for (const a of link.addresses) {
      const net = tryPrefix(`${a.address}/${a.prefixLength}`);
      if (!net) continue;
      const tags = [isVpnInterface(link.name) ? 'VPN tunnel' : '', isDockerBridge(link.name) ? 'stale Docker bridge' : ''].filter(Boolean);
      add({ kind: 'address', lane: 'interface addresses', range: rangeOfPrefix(net), label: `${a.address}/${a.prefixLength} ${link.name}`, short: link.name, details: [`${a.address}/${a.prefixLength} on ${link.name}`, `interface ${link.name} is ${link.state}`], tags });
    }
  }
  for (const server of available(snapshot.facts.resolvConf)?.nameservers ?? []) {
    const host = tryPrefix(server.includes(':') ? `${server}/128` : `${server}/32`);
    if (host) add({ kind: 'nameserver', lane: 'nameservers', range: rangeOfPrefix(host), label: `nameserver ${server}`, short: server, details: [`nameserver ${server}`, `from ${available(snapshot.facts.resolvConf)!.path}`], tags: [] });
  }
  for (const r of reserved) {
    const p = tryPrefix(r.cidr);
    if (p) add({ kind: 'reserved', lane: 'reserved ranges (configuration)', range: rangeOfPrefix(p), label: `${r.name} ${formatPrefix(p)}`, short: r.name, details: [`reserved range ${r.name} (${r.cidr})`, 'declared in the dockdoc configuration: Docker must not use it, and dockerd itself does not know it'], tags: [] });
  }

  const conflicts: Conflict[] = [];
  const conflict = (text: string, range: AddressRange, involved: MapElement[]): void => {
    const id = `c${conflicts.length + 1}`;
    conflicts.push({ id, text, range, elements: involved.map((e) => e.id) });
    for (const e of involved) e.conflicts.push(id);
  };
  // hostClashes names each host element by the same text the elements carry as their first detail line.
  const hostElements = new Map(elements.filter((e) => HOST_KINDS.has(e.kind)).map((e) => [`${e.kind} ${e.details[0]}`, e]));
  const hostElement = (clash: HostClash): MapElement[] => {
    const found = hostElements.get(`${clash.kind} ${clash.text}`);
    return found ? [found] : [];
  };
  const clashConflicts = (what: string, element: MapElement, p: Prefix, clashes: HostClash[]): void => {
    for (const clash of clashes) {
      const note = clash.avoidedByDockerd ? '' : ' (dockerd does not check this)';
      conflict(`${what} ${formatPrefix(p)} overlaps ${clash.text}${note}`, intersection(rangeOfPrefix(p), rangeOfPrefix(clash.prefix)), [element, ...hostElement(clash)]);
    }
  };

  const bip = view.settings.bip ? goParseCidr(view.settings.bip.value) : null;
  for (const n of networks) {
    const own = n.bridge;
    const clashes = hostClashes(snapshot, n.prefix, reserved, own);
    clashConflicts(`network ${n.name}`, n.element, n.prefix, clashes);
  }
  if (bip && !networks.some((n) => n.bridge === 'docker0')) {
    const docker0 = networks.find((n) => n.name === 'bridge');
    if (docker0) clashConflicts('bip', docker0.element, bip.prefix, hostClashes(snapshot, bip.prefix, reserved, 'docker0'));
  }
  // Sorted by first address, each network is compared only with those starting inside it: 10,000 networks stay linear.
  const byAddress = [...networks].sort((a, b) => a.prefix.family - b.prefix.family || (a.element.range.first < b.element.range.first ? -1 : a.element.range.first > b.element.range.first ? 1 : 0));
  for (let i = 0; i < byAddress.length; i++) {
    const a = byAddress[i]!;
    for (let j = i + 1; j < byAddress.length && rangesOverlap(a.element.range, byAddress[j]!.element.range); j++) {
      const b = byAddress[j]!;
      if (a.name !== b.name) conflict(`network ${a.name} ${formatPrefix(a.prefix)} overlaps network ${b.name} ${formatPrefix(b.prefix)}`, intersection(a.element.range, b.element.range), [a.element, b.element]);
    }
  }
  view.local.forEach((usage, i) => {
    const clashes = hostClashes(snapshot, usage.pool.base, reserved).filter((c) => !c.avoidedByDockerd);
    clashConflicts('pool', poolElements[i]!, usage.pool.base, clashes);
  });
  if (swarmActive) view.global.forEach((usage, i) => clashConflicts('swarm pool', swarmElements[i]!, usage.pool.base, hostClashes(snapshot, usage.pool.base, reserved)));

  const networkIndex = RangeSet.ofPrefixes(networks.map((n) => n.prefix));
  for (const { subnet, element } of compose) {
    const name = `compose network ${subnet.network.name}`;
    if (networkIndex.overlapsPrefix(subnet.prefix)) {
      for (const n of networks) {
        if (overlaps(n.prefix, subnet.prefix)) conflict(`${name} ${formatPrefix(subnet.prefix)} overlaps network ${n.name} ${formatPrefix(n.prefix)}: \`up\` fails with "Pool overlaps"`, intersection(element.range, n.element.range), [element, n.element]);
      }
    }
    nextElements.forEach((nextElement, i) => {
      const p = next.subnets[i]!;
      if (overlaps(p, subnet.prefix)) conflict(`${name} ${formatPrefix(subnet.prefix)} overlaps ${formatPrefix(p)}, which the next network created without a subnet (#${i + 1}) takes first`, intersection(element.range, nextElement.range), [element, nextElement]);
    });
    clashConflicts(name, element, subnet.prefix, hostClashes(snapshot, subnet.prefix, reserved));
  }
  for (let i = 0; i < compose.length; i++) {
    for (let j = i + 1; j < compose.length; j++) {
      const a = compose[i]!;
      const b = compose[j]!;
      if (a.subnet.network !== b.subnet.network && overlaps(a.subnet.prefix, b.subnet.prefix)) {
        conflict(`compose networks ${a.subnet.network.name} and ${b.subnet.network.name} overlap (${formatPrefix(a.subnet.prefix)}, ${formatPrefix(b.subnet.prefix)})`, intersection(a.element.range, b.element.range), [a.element, b.element]);
      }
    }
  }
  nextElements.forEach((element, i) => clashConflicts(`the next network (#${i + 1})`, element, next.subnets[i]!, hostClashes(snapshot, next.subnets[i]!, reserved)));

  // Stale bridges (DD208) are left out of hostClashes, which skips Docker's own links; a new network on top breaks.
  for (const stale of elements.filter((e) => e.tags.includes('stale Docker bridge') && e.kind === 'address')) {
    const [first] = stale.details;
    nextElements.forEach((element, i) => {
      if (rangesOverlap(element.range, stale.range)) conflict(`the next network (#${i + 1}) ${formatPrefix(next.subnets[i]!)} overlaps ${first} (a stale Docker bridge: delete it)`, intersection(element.range, stale.range), [element, stale]);
    });
    for (const { subnet, element } of compose) {
      if (rangesOverlap(element.range, stale.range)) conflict(`compose network ${subnet.network.name} ${formatPrefix(subnet.prefix)} overlaps ${first} (a stale Docker bridge: delete it)`, intersection(element.range, stale.range), [element, stale]);
    }
  }

  inputConflicts(snapshot, view.engineVersion, networks, add, conflict);

  const regions = regionsFor(elements);
  const engineText = engine ? `Docker ${engine.version}` : `no engine reached (reasoning as ${view.engineVersion})`;
  return { heading: `Address space of ${snapshot.host.hostname} (${engineText}, taken ${snapshot.takenAt})`, regions, elements, conflicts, notes };
}

/** INPUT rules that admit a host port only from ranges leaving some Docker networks out (DD408's gaps), live rules. */
function inputConflicts(
  snapshot: Snapshot,
  engineVersion: string,
  networks: { element: MapElement; name: string }[],
  add: (e: Omit<MapElement, 'id' | 'conflicts'>) => MapElement,
  conflict: (text: string, range: AddressRange, involved: MapElement[]) => void,
): void {
  const analysis = dockerFirewall(snapshot, engineVersion);
  const live = familyFirewall(snapshot, 4)?.live;
  if (!analysis || !live) return;
  for (const gap of inputGaps(live, analysis.intent.networks)) {
    const admitted = gap.allowed.flatMap((cidr) => {
      const p = tryPrefix(cidr);
      return p ? [add({ kind: 'input', lane: 'INPUT admits (live firewall)', range: rangeOfPrefix(p), label: `${gap.protocol}/${gap.port} from ${cidr}`, short: `${gap.protocol}/${gap.port}`, details: [`INPUT admits ${gap.protocol}/${gap.port} from ${cidr}: -A INPUT ${gap.rule.text}`, `everything else is refused by ${gap.refusedBy}`], tags: [] })] : [];
    });
    for (const left of gap.networks) {
      const own = networks.find((n) => n.name === left.name);
      if (!own || !left.ipv4) continue;
      conflict(`network ${left.name} ${formatPrefix(left.ipv4)} is outside what INPUT admits for ${gap.protocol}/${gap.port} (${gap.allowed.join(', ')}): its containers cannot reach that host port`, own.element.range, [own.element, ...admitted]);
    }
  }
}

function poolElement(usage: PoolUsage, view: PoolsView, kind: 'pool' | 'swarm-pool', lane: string): Omit<MapElement, 'id' | 'conflicts'> {
  const split = kind === 'pool' ? poolSplit(usage.pool, view.behaviour) : usage.pool;
  const count = blockCount(split);
  const allocated = RangeSet.ofPrefixes(view.allocated.map((a) => a.subnet));
  const docker0 = view.docker0 && kind === 'pool' ? RangeSet.ofPrefixes([view.docker0]) : RangeSet.empty;
  const whole = RangeSet.ofPrefixes([split.base]);
  const docker0Blocks = blocksTouchingSet(split, docker0, 0n, count - 1n);
  const used = kind === 'pool' ? blocksTouchingSet(split, allocated, 0n, count - 1n).subtract(docker0Blocks) : RangeSet.empty;
  const blocked = kind === 'pool' ? blocksTouchingSet(split, view.host.set, 0n, count - 1n).subtract(used).subtract(docker0Blocks) : RangeSet.empty;
  const free = whole.subtract(used).subtract(blocked).subtract(docker0Blocks);
  const segments: PoolSegment[] = [
    ...docker0Blocks.ranges.map((range) => ({ state: 'docker0' as const, range })),
    ...used.ranges.map((range) => ({ state: 'used' as const, range })),
    ...blocked.ranges.map((range) => ({ state: 'blocked' as const, range })),
    ...free.ranges.map((range) => ({ state: 'free' as const, range })),
  ].sort((a, b) => (a.range.first < b.range.first ? -1 : 1));
  const counts = `${count.toLocaleString('en-US')} × /${usage.pool.size}: ${usage.used.toLocaleString('en-US')} used, ${usage.blocked.toLocaleString('en-US')} blocked, ${usage.free.toLocaleString('en-US')} free`;
  return {
    kind,
    lane,
    range: rangeOfPrefix(usage.pool.base),
    label: `${formatPrefix(usage.pool.base)} /${usage.pool.size}`,
    short: formatPrefix(usage.pool.base),
    details: [
      `${kind === 'pool' ? 'local pool' : 'swarm pool'} ${formatPrefix(usage.pool.base)} split into ${counts}`,
      ...usage.hostHits.map((h) => `dockerd skips: ${h.source}`),
      ...usage.reservedHits.map((r) => `reserved range ${r.name} (${r.cidr}) inside: dockerd does not avoid it`),
    ],
    tags: [],
    segments,
  };
}

function rangesOverlap(a: AddressRange, b: AddressRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

function intersection(a: AddressRange, b: AddressRange): AddressRange {
  return { family: a.family, first: a.first > b.first ? a.first : b.first, last: a.last < b.last ? a.last : b.last };
}

/**
 * The private ranges always, then one region for each run of elements outside them (a pool in public space, a
 * network DD205 flags): every element is drawn in the region that holds it.
 */
function regionsFor(elements: readonly MapElement[]): Region[] {
  const regions: Region[] = PRIVATE_REGIONS.map(({ cidr, title }) => {
    const p = prefix(cidr);
    return { id: `r-${cidr}`, title: `${cidr} ${title}`, range: rangeOfPrefix(p) };
  });
  const inside = (r: AddressRange): boolean => regions.some((g) => g.range.family === r.family && g.range.first <= r.first && g.range.last >= r.last);
  const outside = RangeSet.of(elements.filter((e) => e.kind !== 'route' && e.kind !== 'address' && e.kind !== 'nameserver' && e.kind !== 'input').map((e) => e.range).filter((r) => !inside(r)));
  for (const r of outside.ranges) regions.push({ id: `r-${r.family}-${r.first}`, title: `${rangeText(r)} outside the private ranges`, range: r });
  return regions.sort((a, b) => a.range.family - b.range.family || (a.range.first < b.range.first ? -1 : a.range.first > b.range.first ? 1 : 0));
}

/** A range as a CIDR when it is one, else "first – last". */
export function rangeText(r: AddressRange): string {
  const size = r.last - r.first + 1n;
  const bits = r.family === 4 ? 32 : 128;
  const length = bits - (size.toString(2).length - 1);
  if ((size & (size - 1n)) === 0n && r.first % size === 0n) return formatPrefix({ family: r.family, address: r.first, length });
  return `${formatPrefix({ family: r.family, address: r.first, length: bits }).replace(/\/\d+$/, '')} – ${formatPrefix({ family: r.family, address: r.last, length: bits }).replace(/\/\d+$/, '')}`;
}
