/**
 * What dockerd's nftables firewaller is told (moby `firewaller.Config` / `NetworkConfig`, 29.0+): the renderer's input,
 * built from Docker's intent. Kept in moby's own terms so moby's golden test inputs map onto it one to one.
 */
export type NftIpFamily = 'ip' | 'ip6';

export interface NftDaemonConfig {
  /** userland-proxy off: DNAT from the host's own addresses too, and masquerade a container reaching its own port. */
  hairpin: boolean;
  /** WSL2 mirrored networking (IPv4 only): loopback0 workaround rules. */
  wsl2Mirrored: boolean;
  /** 28.2+ `allow-direct-routing`: no raw-PREROUTING direct-access drops. */
  allowDirectRouting: boolean;
}

export interface NftPortBinding {
  protocol: 'tcp' | 'udp' | 'sctp';
  containerIp: string;
  containerPort: number;
  /** `0.0.0.0` / `::` for all addresses. */
  hostIp: string;
  hostPort: number;
}

export interface NftNetworkFamily {
  /** The bridge's subnet, masked (`192.168.0.0/24`). */
  prefix: string;
  /** `com.docker.network.host_ipv4` / `host_ipv6`: SNAT to this address instead of MASQUERADE. */
  hostIp: string | null;
  routed: boolean;
  unprotected: boolean;
}

export interface NftNetworkConfig {
  bridge: string;
  internal: boolean;
  icc: boolean;
  masquerade: boolean;
  trustedHostInterfaces: string[];
  /** Null when the network has no subnet of that family (or its gateway mode is `isolated`: no bridge address). */
  ip: NftNetworkFamily | null;
  ip6: NftNetworkFamily | null;
  /** Addresses of the running endpoints. */
  endpoints: { ip: string | null; ip6: string | null }[];
  ports: NftPortBinding[];
}
