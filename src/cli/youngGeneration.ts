import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at the size it starts with (two 1 MB semi-spaces) for the rest of the process.
 *
 * While a large input is read most new objects live on: a Kubernetes host's 40,000 chains, a thousand compose
 * projects' networks. V8 takes a high survival rate as a reason to double the young generation, up to two 16 MB
 * semi-spaces, and every page of them is then touched: on a small VM a page fault costs about 9 µs, so the growth
 * costs more than the scavenges it saves. Kept small, survivors move to the old generation sooner and the run
 * touches far fewer pages. Measured side by side (docs/performance.md, "The young generation"): the offline check of
 * the bench host 130 → 107 MB peak and 11% less time, `lint` of 1,000 projects 112 → 83 MB and 14% less.
 *
 * It is the run-time form of `node --max-semi-space-size=1`, which bin/dockdoc.js cannot pass (`#!/usr/bin/env node`
 * takes no flags portably). V8 reads the growth factor each time the young generation would grow; given on node's
 * command line it is raised to V8's minimum of 2 and has no effect. test/cli/young-generation.test.ts checks that the
 * running node honours it: one that did not would only let the young generation grow as before.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
