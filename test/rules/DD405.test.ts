import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import DD405 from '../../rules/DD405.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');
const mixed = (file: string) => readFileSync(new URL(`../../fixtures/iptables/results/90-mixed-backends/${file}`, import.meta.url), 'utf8');

describe('DD405', () => {
  it('is silent when the other backend is empty (every captured step: iptables-legacy-save printed nothing)', () => {
    expect(DD405.check(snapshotOfStep('03b-second-container-on-user-network'), context)).toEqual([]);
  });

  it('reports rules in both backends, naming where a DOCKER chain sits (corpus 90: nft filter rules, legacy nat rules of case 11)', () => {
    const host = snapshotOfStep('03b-second-container-on-user-network');
    const both = withFacts(host, {
      iptables: { backend: 'nf_tables', versionText: 'iptables v1.8.9 (nf_tables)', save: mixed('nft-save.txt'), otherBackend: { backend: 'legacy', save: mixed('legacy-save.txt') } },
    });
    expect(DD405.check(both, context).map((f) => [f.subject, f.message])).toEqual([
      [
        'iptables:backends',
        "Docker's iptables rules are in legacy (iptables-legacy) (16 rules, 2 user chains, Docker's chains nat/DOCKER), but `iptables` on this host is nf_tables (iptables-nft) (7 rules): admin tools and saved-rule services do not see Docker's rules, and dockdoc compares against the wrong set.",
      ],
    ]);
  });

  it('reports rules in both backends when Docker is on the one `iptables` shows', () => {
    const host = snapshotOfStep('03b-second-container-on-user-network');
    const live = (host.facts.iptables as { save: string }).save;
    const both = withFacts(host, {
      iptables: { backend: 'nf_tables', versionText: 'iptables v1.8.9 (nf_tables)', save: live, otherBackend: { backend: 'legacy', save: mixed('nft-save.txt').replace(/^# Warning.*\n/, '') } },
    });
    expect(DD405.check(both, context)[0]!.message).toBe(
      "iptables rules are loaded in both backends: nf_tables (iptables-nft) holds 32 rules, 5 user chains, policies filter/FORWARD DROP, Docker's chains filter/DOCKER, nat/DOCKER; legacy (iptables-legacy) holds 7 rules. Both apply to every packet, but `iptables` shows only the first and `iptables-legacy-save` the second.",
    );
  });

  it("reports Docker's rules sitting in the backend `iptables` does not show", () => {
    const host = snapshotOfStep('03b-second-container-on-user-network');
    const live = (host.facts.iptables as { save: string }).save;
    const swapped = withFacts(host, {
      iptables: { backend: 'legacy', versionText: 'iptables v1.8.9 (legacy)', save: '', otherBackend: { backend: 'nf_tables', save: live } },
    });
    expect(DD405.check(swapped, context)[0]!.message).toBe(
      "Docker's iptables rules are in nf_tables (iptables-nft) (32 rules, 5 user chains, policies filter/FORWARD DROP, Docker's chains filter/DOCKER, nat/DOCKER), but `iptables` on this host is legacy (iptables-legacy): admin tools and saved-rule services do not see Docker's rules, and dockdoc compares against the wrong set.",
    );
  });
});
