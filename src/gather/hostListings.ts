/*
 * Which of this host's `ip` listings a run reads, in a module of its own with no imports: src/cli/entry.ts decides it
 * before the program loads, to start only those.
 */

/**
 * The `ip` listings a run reads: all three (`check`, `snapshot`, the pools' picture), or the IPv4
 * routes alone, all that dockerd's host check looks at (src/pools/host.ts) and so all that `dockdoc pools` reports in
 * text or JSON. Each listing not read is a process not started: a spawn blocks node for 7–10 ms on a small VM.
 */
export type HostListings = 'routes-and-addresses' | 'ipv4-routes';

/** Why a run listing the IPv4 routes alone has no `addresses` fact. */
export const ADDRESSES_NOT_LISTED = 'not listed: `dockdoc pools` shows interface addresses only in its picture (--format svg or html)';

/** The route families a run lists, per HostListings. */
export const routeFamilies = (which: HostListings): readonly (4 | 6)[] => (which === 'ipv4-routes' ? [4] : [4, 6]);

/** `dockdoc pools`: the picture (svg, html) draws the host's addresses and IPv6 routes; text and JSON show what dockerd checks. */
export const poolsHostListings = (format: string | undefined): HostListings => (format === 'svg' || format === 'html' ? 'routes-and-addresses' : 'ipv4-routes');
