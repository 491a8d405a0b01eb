import { dockerIntent, type DockerIntent } from '../../intent/index.js';
import { derived } from '../../snapshot/derive.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { hostFirewall } from '../host.js';
import { dockerDrift, type DockerDrift } from './drift.js';
import { expectedDockerRules, type DockerExpectation, type ExpectedChain } from './expected.js';
import { firewallLayout, type FirewallLayout } from './layout.js';
import { staleDockerRules, type StaleRule } from './stale.js';

export interface FamilyAnalysis {
  family: 4 | 6;
  drift: DockerDrift;
  stale: StaleRule[];
}

/** Docker's intent rendered as iptables rules for this host, and how the live rules differ from it. */
export interface DockerFirewallAnalysis {
  intent: DockerIntent;
  layout: FirewallLayout;
  expectation: DockerExpectation;
  /** One entry per family whose rules Docker manages and whose live ruleset was gathered (see `ip6tablesAbsent`). */
  families: FamilyAnalysis[];
  /**
   * Every one of Docker's ip6tables chains is absent while no network has IPv6: dockerd may never have set them up
   * ("ip6tables is enabled, but cannot set up ip6tables chains" in its log only: no ip6_tables in the kernel, IPv6
   * disabled) or they were flushed since. A snapshot cannot tell which, nothing depends on them now, and a restart
   * may not bring them back, so IPv6 is left out of `families` and DD416 says so instead of DD401's error.
   */
  ip6tablesAbsent: { missingChains: ExpectedChain[] } | null;
}

const cache = derived((_snapshot: Snapshot) => new Map<string, DockerFirewallAnalysis | null>());
const expectations = derived((_snapshot: Snapshot) => new Map<string, DockerRulesExpected | null>());

/** Docker's intent for an engine version and the iptables rules it programs for it, in that version's layout. */
export interface DockerRulesExpected {
  intent: DockerIntent;
  layout: FirewallLayout;
  expectation: DockerExpectation;
}

/**
 * The rules Docker programs on this host (null without an engine). It reads no live rules, so the live check works it
 * out while iptables-save is still running (src/cli/commands/check.ts).
 */
export function dockerRulesExpected(snapshot: Snapshot, engineVersion: string): DockerRulesExpected | null {
  const perVersion = expectations(snapshot);
  if (!perVersion.has(engineVersion)) {
    const intent = dockerIntent(snapshot, engineVersion);
    const layout = firewallLayout(engineVersion);
    perVersion.set(engineVersion, intent ? { intent, layout, expectation: expectedDockerRules(intent, layout) } : null);
  }
  return perVersion.get(engineVersion) ?? null;
}

/** Null when the snapshot has no engine: without networks and ports there is nothing to expect. */
export function dockerFirewall(snapshot: Snapshot, engineVersion: string): DockerFirewallAnalysis | null {
  const perVersion = cache(snapshot);
  if (!perVersion.has(engineVersion)) perVersion.set(engineVersion, analyse(snapshot, engineVersion));
  return perVersion.get(engineVersion) ?? null;
}

function analyse(snapshot: Snapshot, engineVersion: string): DockerFirewallAnalysis | null {
  const expected = dockerRulesExpected(snapshot, engineVersion);
  if (!expected) return null;
  const { intent, layout, expectation } = expected;
  const families: FamilyAnalysis[] = [];
  let ip6tablesAbsent: DockerFirewallAnalysis['ip6tablesAbsent'] = null;
  for (const firewall of hostFirewall(snapshot).families) {
    if (!expectation.families.includes(firewall.family)) continue;
    const drift = dockerDrift(expectation, firewall.family, firewall.live);
    const expectedChains = expectation.chains.filter((c) => c.family === firewall.family);
    if (firewall.family === 6 && drift.missingChains.length === expectedChains.length && !intent.networks.some((n) => n.ipv6 !== null)) {
      ip6tablesAbsent = { missingChains: drift.missingChains };
      continue;
    }
    families.push({ family: firewall.family, drift, stale: staleDockerRules(firewall.live, firewall.family, intent, expectation) });
  }
  return { intent, layout, expectation, families, ip6tablesAbsent };
}
