import { describe, expect, it } from 'vitest';
import DD411 from '../../rules/DD411.js';
import type { EngineFact } from '../../src/snapshot/schema.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const host = snapshotOfStep('03b-second-container-on-user-network');

describe('DD411', () => {
  it('is silent for the iptables backend and no nftables.conf', () => {
    expect(DD411.check(host, ruleContext('20.10.24'))).toEqual([]);
  });

  it('says Docker uses its nftables backend (29+, reported by docker info or set in daemon.json)', () => {
    const reported = withFacts(host, { engine: { ...(host.facts.engine as EngineFact), firewallBackend: 'nftables' } });
    const configured = withFacts(host, { daemonConfig: { path: '/etc/docker/daemon.json', present: true, text: '{"firewall-backend": "nftables"}' } });
    for (const snapshot of [reported, configured]) {
      expect(DD411.check(snapshot, ruleContext('29.7.2')).map((f) => f.subject)).toEqual(['engine:firewall-backend']);
    }
    // The option does not exist before 29.
    expect(DD411.check(configured, ruleContext('28.5.2'))).toEqual([]);
  });

  it('points at the `flush ruleset` line of /etc/nftables.conf', () => {
    const conf = withFacts(host, { nftablesConf: { path: '/etc/nftables.conf', present: true, text: '#!/usr/sbin/nft -f\n\nflush ruleset\n' } });
    const [finding] = DD411.check(conf, ruleContext('20.10.24'));
    expect(finding!.location).toEqual({ file: '/etc/nftables.conf', line: 3 });
    expect(finding!.message).toBe("/etc/nftables.conf starts with `flush ruleset`: starting or restarting nftables.service empties every nf_tables table, including the ones iptables-nft holds Docker's chains in.");
  });
});
