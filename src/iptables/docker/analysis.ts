import { dockerIntent, type DockerIntent } from '../../intent/index.js';
import { derived } from '../../snapshot/derive.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { hostFirewall } from '../host.js';
import { dockerDrift, type DockerDrift } from './drift.js';
import { expectedDockerRules, type DockerExpectation } from './expected.js';
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
  /** One entry per family whose rules Docker manages and whose live ruleset was gathered. */
  families: FamilyAnalysis[];
}

const cache = derived((_snapshot: Snapshot) => new Map<string, DockerFirewallAnalysis | null>());

/** Null when the snapshot has no engine: without networks and ports there is nothing to expect. */
export function dockerFirewall(snapshot: Snapshot, engineVersion: string): DockerFirewallAnalysis | null {
  const perVersion = cache(snapshot);
  if (!perVersion.has(engineVersion)) perVersion.set(engineVersion, analyse(snapshot, engineVersion));
  return perVersion.get(engineVersion) ?? null;
}

function analyse(snapshot: Snapshot, engineVersion: string): DockerFirewallAnalysis | null {
  const intent = dockerIntent(snapshot, engineVersion);
  if (!intent) return null;
  const layout = firewallLayout(engineVersion);
  const expectation = expectedDockerRules(intent, layout);
  const families: FamilyAnalysis[] = [];
  for (const firewall of hostFirewall(snapshot).families) {
    if (!expectation.families.includes(firewall.family)) continue;
    families.push({
      family: firewall.family,
      drift: dockerDrift(expectation, firewall.family, firewall.live),
      stale: staleDockerRules(firewall.live, firewall.family, intent, expectation),
    });
  }
  return { intent, layout, expectation, families };
}
