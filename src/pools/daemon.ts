import { engineAtLeast } from '../engine/version.js';
import { AddressError, formatAddress, formatPrefix, lastAddress, parseCidr, prefixOrHost, type Prefix } from '../net/prefix.js';
import { firstFreeBlock, nthBlock } from '../net/split.js';
import { localAddressSpace, type LocalAddressSpace } from './address-space.js';
import type { PoolBehaviour } from './behaviour.js';
import type { HostReservations } from './host.js';
import { defaultBridgeFailure, controllerStartFailure, fromDaemon, poolOverlapMessage, poolsExhaustedMessage } from './messages.js';
import { CandidateList } from './pool-list.js';
import type { PoolSpec } from './predefined.js';

/** docker0's settings from daemon.json / flags, already parsed. */
export interface BridgeSettings {
  /** `bip`: the gateway address and its subnet. */
  bip: { address: bigint; subnet: Prefix } | null;
  fixedCidr: Prefix | null;
  /**
   * default-address-pools is set and live-restore is off: dockerd deletes the docker0 interface at start, so docker0
   * is re-addressed from the pools instead of keeping its old address (daemon_unix.go initNetworkController).
   */
  recreateInterface: boolean;
}

/** `docker network create` as the CLI sends it. */
export interface CreateRequest {
  subnets?: string[];
  ipRange?: string;
  gateway?: string;
  ipv6?: boolean;
}

/**
 * `subnets`: the pools allocated (masked), IPv4 first. `inspect`: the subnets as `docker network inspect` shows
 * them, where an explicit subnet keeps the text it was given (≤24 stores "10.2.3.4/16" as written, corpus 08).
 */
export type CreateResult = { subnets: Prefix[]; inspect: string[] } | { error: string };

/**
 * A dockerd's pool behaviour, played forward: start (docker0 takes its subnet), `docker network create`,
 * `docker network rm`, restart. It answers "which subnet next" and reproduces the corpus sequences; it knows
 * nothing about the host except the reservations it is given.
 */
export class SimulatedDaemon {
  private space: LocalAddressSpace;
  private docker0: { subnet: Prefix; ipRange: Prefix | null } | null = null;
  /** The address docker0 keeps across restarts (the interface outlives the daemon). */
  private docker0Interface: Prefix | null;

  constructor(
    readonly behaviour: PoolBehaviour,
    readonly pools: readonly PoolSpec[],
    readonly bridge: BridgeSettings,
    public host: HostReservations,
    existingDocker0: Prefix | null = null,
  ) {
    this.space = localAddressSpace(behaviour, pools);
    this.docker0Interface = existingDocker0;
  }

  get docker0Subnet(): Prefix | null {
    return this.docker0?.subnet ?? null;
  }

  allocated(): Prefix[] {
    return this.space.allocatedPools();
  }

  /** Records a network that already exists (from a snapshot) without moving any index. */
  adopt(subnet: Prefix, ipRange: Prefix | null = null): void {
    this.space.adopt(subnet, ipRange);
  }

  /** ≤26: the engine has been handing out subnets since it started; continue after the last of `subnets`. */
  continueAfter(subnets: readonly Prefix[]): void {
    this.space.continueAfter(subnets);
  }

  /** Daemon start: docker0 gets its subnet (moby@v20.10.24:daemon/daemon_unix.go#L849, moby@v28.5.2:daemon/daemon_unix.go#L1087-1250). Returns docker0's subnet or dockerd's error. */
  start(): { docker0: Prefix } | { error: string } {
    const version = this.behaviour.version;
    if (this.bridge.recreateInterface) this.docker0Interface = null;
    let preferred: Prefix | null = this.docker0Interface;
    if (preferred === null && this.behaviour.docker0FromPredefinedList) {
      // ElectInterfaceAddresses runs even when bip is set, and fails the start when no candidate passes.
      preferred = this.electFromPredefined();
      if (preferred === null) {
        return { error: controllerStartFailure(`list bridge addresses failed: PredefinedLocalScopeDefaultNetworks List: ${this.describeCandidates()}: no available network`) };
      }
    }
    const bip = this.bridge.bip;
    const ipRange = this.bridge.fixedCidr;
    let subnet: Prefix;
    if (bip) {
      subnet = bip.subnet;
      if (bip.address === subnet.address || (subnet.family === 4 && bip.address === lastAddress(subnet))) {
        return { error: defaultBridgeFailure(version, `failed to allocate gateway (${formatAddress(subnet.family, bip.address)}): Address already in use`) };
      }
    } else if (preferred) {
      subnet = preferred;
    } else {
      const dynamic = this.space.requestDynamic(4, this.host);
      if ('error' in dynamic) return { error: defaultBridgeFailure(version, poolsExhaustedMessage(version, 4)) };
      this.docker0 = { subnet: dynamic.subnet, ipRange: null };
      this.docker0Interface = dynamic.subnet;
      return { docker0: dynamic.subnet };
    }
    if (this.space.requestExplicit(subnet, ipRange) === 'overlap') {
      return { error: defaultBridgeFailure(version, poolOverlapMessage(version)) };
    }
    this.docker0 = { subnet, ipRange };
    this.docker0Interface = subnet;
    return { docker0: subnet };
  }

  /** dockerd stops and starts: docker0's network is recreated, the in-memory index is gone, user networks stay. */
  restart(): { docker0: Prefix } | { error: string } {
    if (this.docker0) this.space.release(this.docker0.subnet, this.docker0.ipRange);
    this.docker0 = null;
    this.space.restart();
    return this.start();
  }

  create(request: CreateRequest = {}): CreateResult {
    const version = this.behaviour.version;
    const explicit: Prefix[] = [];
    const written = new Map<Prefix, string>();
    // 29+: an unspecified address (0.0.0.0/24, ::/120) only asks for that size from the pools (PR #50114).
    const sizeHints = new Map<4 | 6, number>();
    for (const text of request.subnets ?? []) {
      let parsed: ReturnType<typeof parseCidr>;
      try {
        parsed = parseCidr(text);
      } catch (error) {
        if (!(error instanceof AddressError)) throw error;
        return { error: fromDaemon(`Invalid subnet ${text} : invalid CIDR address: ${text}`) };
      }
      if (parsed.hasHostBits && engineAtLeast(version, '25.0.0')) {
        return { error: fromDaemon(`invalid network config:\ninvalid subnet ${text}: it should be ${formatPrefix(parsed.prefix)}`) };
      }
      if (parsed.written === 0n && engineAtLeast(version, '29.0.0')) {
        sizeHints.set(parsed.prefix.family, parsed.prefix.length);
        continue;
      }
      explicit.push(parsed.prefix);
      written.set(parsed.prefix, text);
    }
    if (request.gateway !== undefined) {
      const gateway = prefixOrHost(request.gateway);
      // The docker CLI itself refuses a gateway outside every subnet, before asking the daemon.
      if (!explicit.some((s) => s.family === gateway.family && lastAddress(s) >= gateway.address && s.address <= gateway.address)) {
        return { error: `no matching subnet for gateway ${request.gateway}` };
      }
    }
    const ipRange = request.ipRange === undefined ? null : parseCidr(request.ipRange).prefix;
    const granted: { subnet: Prefix; ipRange: Prefix | null }[] = [];
    const undo = (): void => granted.forEach((g) => this.space.release(g.subnet, g.ipRange));
    for (const family of [4, 6] as const) {
      const wanted = explicit.filter((s) => s.family === family);
      // IPv6 pools are only allocated for networks created with --ipv6; IPv4 always (20.10 ipamAllocate).
      if (family === 6 && !request.ipv6) continue;
      if (wanted.length === 0) {
        const dynamic = this.space.requestDynamic(family, this.host, sizeHints.get(family));
        if ('error' in dynamic) {
          undo();
          return { error: fromDaemon(dynamic.error === 'invalid-pool' ? 'invalid address pool' : poolsExhaustedMessage(version, family)) };
        }
        granted.push({ subnet: dynamic.subnet, ipRange: null });
        continue;
      }
      for (const subnet of wanted) {
        const range = ipRange && ipRange.family === family ? ipRange : null;
        if (this.space.requestExplicit(subnet, range) === 'overlap') {
          undo();
          return { error: fromDaemon(poolOverlapMessage(version)) };
        }
        granted.push({ subnet, ipRange: range });
      }
    }
    // Without --ipv6 an IPv6 subnet is kept in the network's IPAM config but no pool is allocated for it.
    const listed = [...granted.map((g) => g.subnet), ...(request.ipv6 ? [] : explicit.filter((s) => s.family === 6))];
    return {
      subnets: granted.map((g) => g.subnet),
      inspect: listed.map((subnet) => written.get(subnet) ?? formatPrefix(subnet)),
    };
  }

  remove(subnet: Prefix, ipRange: Prefix | null = null): void {
    this.space.release(subnet, ipRange);
  }

  /** ≤23: the first IPv4 candidate of the predefined list that passes the host check (no IPAM involved). */
  private electFromPredefined(): Prefix | null {
    for (const segment of new CandidateList(this.pools).segments) {
      if (segment.split.base.family !== 4) continue;
      const index = firstFreeBlock(segment.split, this.host.set);
      if (index !== null) return nthBlock(segment.split, index);
    }
    return null;
  }

  /** Go's %+v of the candidate list; dockerd prints every entry, dockdoc stops after 64. */
  private describeCandidates(): string {
    const list = new CandidateList(this.pools);
    const shown: string[] = [];
    for (let i = 0n; i < list.length && i < 64n; i++) shown.push(formatPrefix(list.nth(i)));
    return `[${shown.join(' ')}${list.length > 64n ? ' …' : ''}]`;
  }
}

