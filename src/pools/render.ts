import { formatPrefix } from '../net/prefix.js';
import { RangeSet } from '../net/range-set.js';
import { blockCount, countFreeBlocks } from '../net/split.js';
import type { EngineVersionBasis } from '../engine/run.js';
import { engineModelled, OLDEST_MODELLED_ENGINE } from '../engine/version.js';
import { poolSplit, type PoolsView, type PoolUsage, type Prediction } from './model.js';

export interface PoolsReport {
  view: PoolsView;
  next: Prediction;
  /** ≤26 only, when it differs: the prediction if the engine continues after the networks it holds. */
  nextIfContinuing: Prediction | null;
  engine: EngineReach;
}

/** Whether the live engine answered; when it did not, which version is assumed and why, said out loud. */
export interface EngineReach {
  /** null when the engine answered; else why it was not reached. */
  unreachable: string | null;
  basis: EngineVersionBasis;
}

function unreachedLines(engine: EngineReach): string[] {
  if (engine.unreachable === null) return [];
  return [
    `! The Docker engine was not reached: ${engine.unreachable}`,
    `! Assuming engine ${engine.basis.version} (${engine.basis.detail}).`,
    "! The engine's networks are not counted (only what the host shows, such as docker0): the subnets predicted below may be taken already.",
  ];
}

const BAR_WIDTH = 64;

/** Exact integers in JSON where they fit a double, decimal strings beyond (fd00::/8 holds 2^56 /64s). */
function jsonCount(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/**
 * One character per subnet, or per equal share of the pool when it has more than 64: █ all used, x all blocked by
 * the host, · all free, ▒ a mix.
 */
function bar(usage: PoolUsage, view: PoolsView): string {
  const split = poolSplit(usage.pool, view.behaviour);
  const total = blockCount(split);
  const allocated = RangeSet.ofPrefixes(view.allocated.map((a) => a.subnet));
  const both = allocated.union(view.host.set);
  const cells = total < BigInt(BAR_WIDTH) ? Number(total) : BAR_WIDTH;
  let out = '';
  for (let i = 0; i < cells; i++) {
    const from = (total * BigInt(i)) / BigInt(cells);
    const to = (total * BigInt(i + 1)) / BigInt(cells) - 1n;
    const width = to - from + 1n;
    const notUsed = countFreeBlocks(split, allocated, from, to);
    const free = countFreeBlocks(split, both, from, to);
    if (free === width) out += '·';
    else if (notUsed === 0n) out += '█';
    else if (free === 0n && notUsed === width) out += 'x';
    else out += '▒';
  }
  return out;
}

function poolRow(usage: PoolUsage, view: PoolsView): string {
  const cols = [
    formatPrefix(usage.pool.base).padEnd(20),
    `/${usage.pool.size}`.padStart(4),
    usage.total.toString().padStart(10),
    usage.used.toString().padStart(6),
    usage.blocked.toString().padStart(8),
    usage.free.toString().padStart(10),
  ];
  return `  ${cols.join(' ')}  ${bar(usage, view)}`;
}

export function renderPoolsText(report: PoolsReport, count: number): string {
  const { view, next, nextIfContinuing } = report;
  const lines: string[] = [];
  const allocator =
    view.behaviour.allocator === 'round-robin'
      ? 'pools split in the order written, handed out round-robin (≤26)'
      : 'pools sorted by address, lowest free subnet first (27+)';
  lines.push(`Docker address pools for engine ${view.engineVersion}: ${allocator}`);
  lines.push(...unreachedLines(report.engine));
  if (view.refusal) lines.push(`! dockerd refuses to start with this configuration: ${view.refusal.dockerdError}`);
  if (!engineModelled(view.engineVersion)) {
    lines.push(
      `! Docker ${view.engineVersion} is older than ${OLDEST_MODELLED_ENGINE}, the oldest release dockdoc models: what follows is ${OLDEST_MODELLED_ENGINE}'s pool logic, not checked against ${view.engineVersion} (DD003)`,
    );
  }
  if (view.behaviour.duplicateAllocationBug) {
    lines.push('! 27.0.0–27.0.2 can hand out the same subnet twice (moby issue #48069); upgrade to 27.0.3 or later');
  }
  lines.push('');
  lines.push(
    `Local pools (${view.configured ? `default-address-pools in ${view.settings.pools.file ?? 'daemon.json'}` : 'built-in defaults: default-address-pools is not set'})`,
  );
  lines.push(`  ${'pool'.padEnd(20)} ${'size'.padStart(4)} ${'subnets'.padStart(10)} ${'used'.padStart(6)} ${'blocked'.padStart(8)} ${'free'.padStart(10)}  map`);
  for (const usage of view.local) lines.push(poolRow(usage, view));
  lines.push('  map: █ used by a Docker network   x skipped by dockerd (on-link route or nameserver)   · free   ▒ mixed');
  for (const { pool, keptInstead } of view.dropped) {
    lines.push(`  dropped by dockerd: ${formatPrefix(pool.base)} /${pool.size} overlaps ${formatPrefix(keptInstead.base)}, which sorts first`);
  }
  lines.push('');
  lines.push(`docker0: ${view.docker0 ? formatPrefix(view.docker0) : 'none'}`);
  lines.push(`Free IPv4 subnets in the local pools: ${view.freeIPv4}`);

  const hits = view.local.flatMap((u) => u.hostHits);
  if (hits.length > 0) {
    lines.push('', 'Host routes and nameservers dockerd steers around:');
    for (const hit of new Set(hits)) lines.push(`  ${formatPrefix(hit.prefix).padEnd(20)} ${hit.source}`);
  }
  const reserved = view.local.flatMap((u) => u.reservedHits);
  if (reserved.length > 0) {
    lines.push('', 'Reserved ranges (dockdoc config) inside the pools, which dockerd does NOT avoid:');
    for (const r of new Set(reserved)) lines.push(`  ${r.cidr.padEnd(20)} ${r.name}`);
  }

  lines.push('', `Next ${count} \`docker network create\`:`);
  next.subnets.forEach((subnet, i) => lines.push(`  ${String(i + 1).padStart(3)}. ${formatPrefix(subnet)}`));
  if (next.error) lines.push(`  then: ${next.error}`);
  if (view.behaviour.allocator === 'round-robin') {
    lines.push(
      '  (≤26 keeps its place in the pool list in memory only. The list above is what a freshly restarted dockerd',
      '   hands out. If networks were created since dockerd started, it continues after the last one instead:',
      `   ${nextIfContinuing ? nextIfContinuing.subnets.map(formatPrefix).join(', ') || '(none)' : 'the same subnets'}.)`,
    );
  }

  const swarm = view.swarmState === null ? 'swarm state unknown: the engine was not reached' : view.swarmState === 'active' ? 'swarm active' : `swarm ${view.swarmState || 'inactive'}: these apply once \`docker swarm init\` runs`;
  lines.push('', `Global (swarm) pools (${swarm}):`);
  for (const usage of view.global) {
    lines.push(`  ${formatPrefix(usage.pool.base).padEnd(20)} /${usage.pool.size} ${usage.total} subnets, ${usage.used} used`);
  }
  if (view.overlays.length > 0) {
    lines.push('', 'Overlay networks (swarm scope; usable: addresses for tasks, virtual IPs and load balancers):');
    lines.push(`  ${'network'.padEnd(20)} ${'subnet'.padEnd(20)} ${'usable'.padStart(8)}`);
    for (const overlay of view.overlays) {
      const subnets = overlay.subnets.map(formatPrefix).join(', ') || '(none)';
      lines.push(`  ${overlay.name.padEnd(20)} ${subnets.padEnd(20)} ${overlay.usable.toString().padStart(8)}${overlay.ingress ? '  routing mesh (ingress)' : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function usageJson(usage: PoolUsage): Record<string, unknown> {
  return {
    base: formatPrefix(usage.pool.base),
    size: usage.pool.size,
    total: jsonCount(usage.total),
    used: jsonCount(usage.used),
    blocked: jsonCount(usage.blocked),
    free: jsonCount(usage.free),
    hostHits: usage.hostHits.map((h) => ({ prefix: formatPrefix(h.prefix), kind: h.kind, source: h.source })),
    reservedHits: usage.reservedHits,
  };
}

export function renderPoolsJson(report: PoolsReport): string {
  const { view, next, nextIfContinuing } = report;
  const body = {
    engineVersion: view.engineVersion,
    engine: {
      reached: report.engine.unreachable === null,
      unreachable: report.engine.unreachable,
      versionSource: report.engine.basis.source,
      versionDetail: report.engine.basis.detail,
      networksCounted: report.engine.unreachable === null,
      /** False before 20.10: the pools are 20.10's logic, not checked against that engine (DD003). */
      modelled: engineModelled(view.engineVersion),
    },
    allocator: view.behaviour.allocator,
    configured: view.configured,
    refusal: view.refusal?.dockerdError ?? null,
    docker0: view.docker0 ? formatPrefix(view.docker0) : null,
    local: view.local.map(usageJson),
    dropped: view.dropped.map((d) => ({ base: formatPrefix(d.pool.base), size: d.pool.size, keptInstead: formatPrefix(d.keptInstead.base) })),
    global: view.global.map(usageJson),
    swarmState: view.swarmState,
    overlays: view.overlays.map((o) => ({ name: o.name, ingress: o.ingress, subnets: o.subnets.map(formatPrefix), usable: jsonCount(o.usable) })),
    allocated: view.allocated.map((a) => ({ network: a.network, subnet: formatPrefix(a.subnet), source: a.source })),
    hostReservations: view.host.list.map((h) => ({ prefix: formatPrefix(h.prefix), kind: h.kind, source: h.source })),
    freeIPv4: jsonCount(view.freeIPv4),
    next: next.subnets.map(formatPrefix),
    nextError: next.error,
    nextIfContinuing: nextIfContinuing ? nextIfContinuing.subnets.map(formatPrefix) : null,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
