import type { HostIo } from './hostIo.js';

/** Where the gatherers look. Every host path can be redirected, so tests and offline analysis can point at a tree. */
export interface GatherOptions {
  /** Prefix for every host path (/etc, /proc, /run, systemd dirs); "/" on a live host. */
  root: string;
  /** daemon.json to read instead of the one dockerd uses (default: --config-file from docker.service, else /etc/docker/daemon.json). */
  daemonConfigPath?: string;
  /** resolv.conf to read instead of /etc/resolv.conf. */
  resolvConfPath?: string;
  /** Saved rules files to read instead of the distribution defaults. */
  savedRulesPaths?: { path: string; family: 4 | 6 }[];
  /** Engine address (unix:///path or tcp://host:port); default DOCKER_HOST, else /var/run/docker.sock. */
  dockerHost?: string;
  /** Upper bound for each gatherer. */
  timeoutMs: number;
  /** Where the answers come from: the live host (default), or a bundle the gather script wrote (src/bundle/). */
  io?: HostIo;
}

export const DEFAULT_GATHER_TIMEOUT_MS = 5_000;
