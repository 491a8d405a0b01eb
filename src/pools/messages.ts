import { engineAtLeast } from '../engine/version.js';

/**
 * dockerd's own error texts, version by version (moby@v20.10.24:vendor/github.com/docker/libnetwork/drivers/bridge/bridge.go#L671, moby@v27.0.1:libnetwork/ipams/defaultipam/allocator.go#L172, moby@docker-v29.7.2:daemon/libnetwork/ipamapi/contract.go#L39; corpus/pools E1–E4), so findings
 * quote exactly what the user will see. Each function names the source it follows.
 */

/** Dynamic allocation found nothing: ≤26 getPredefinedPool; 27+ ipamapi.ErrNoMoreSubnets. */
export function poolsExhaustedMessage(version: string, family: 4 | 6): string {
  if (engineAtLeast(version, '27.0.0')) return 'all predefined address pools have been fully subnetted';
  return `could not find an available, non-overlapping IPv${family} address pool among the defaults to assign to the network`;
}

/** An explicit subnet overlapping an allocated one: ipamapi.ErrPoolOverlap, wrapped as "invalid pool request" in 27+. */
export function poolOverlapMessage(version: string): string {
  const base = 'Pool overlaps with other one on this address space';
  return engineAtLeast(version, '27.0.0') ? `invalid pool request: ${base}` : base;
}

/** What the docker CLI prints for a daemon error. */
export function fromDaemon(message: string): string {
  return `Error response from daemon: ${message}`;
}

/** A network-controller failure at start (daemon.go: "Error initializing network controller", same casing in 29). */
export function controllerStartFailure(inner: string): string {
  return `failed to start daemon: Error initializing network controller: ${inner}`;
}

/** IPAM construction failures (daemon_unix.go initNetworkController). */
export function controllerInstanceFailure(inner: string): string {
  return controllerStartFailure(`error obtaining controller instance: ${inner}`);
}

/** docker0 creation failures: capitalised up to 24, lower case from 25 (daemon_unix.go initBridgeDriver). */
export function defaultBridgeFailure(version: string, inner: string): string {
  const verb = engineAtLeast(version, '25.0.0') ? 'error' : 'Error';
  return controllerStartFailure(`${verb} creating default "bridge" network: ${inner}`);
}

/** Errors while reading daemon.json (config.go: "unable to configure the Docker daemon with file"). */
export function configFileFailure(path: string, inner: string): string {
  return `unable to configure the Docker daemon with file ${path}: ${inner}`;
}

/** 29.7.2 prefixes JSON decode errors, which include value errors such as a pool base (commit fa0114c41d). */
export function jsonDecodeFailure(version: string, path: string, inner: string): string {
  return configFileFailure(path, engineAtLeast(version, '29.7.2') ? `invalid JSON: ${inner}` : inner);
}
