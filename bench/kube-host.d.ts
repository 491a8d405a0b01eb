// Types of bench/kube-host.js for the tests that build its host (test/support/large-host.ts).
export const DRIFT: number;
export const NETWORKS: number;
export const PORTS_PER_NETWORK: number;
export function buildHost(
  dir: string,
  scale?: number,
): { savedRules: number; liveRules: number; liveLines: number; engine: { networks: unknown[]; containers: unknown[] } };
