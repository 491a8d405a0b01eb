import { describe, expect, it } from 'vitest';
import DD411 from '../../rules/DD411.js';
import type { EngineFact } from '../../src/snapshot/schema.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';
import { nftablesHost } from '../nftables/host.js';

const host = snapshotOfStep('03b-second-container-on-user-network');

describe('DD411', () => {
  it('is silent for the iptables backend and no nftables.conf', () => {
    expect(DD411.check(host, ruleContext('20.10.24'))).toEqual([]);
  });

  it('gives no note merely for the nftables backend: DD401 compares Docker\'s nft tables now', () => {
    const reported = withFacts(host, { engine: { ...(host.facts.engine as EngineFact), firewallBackend: 'nftables' } });
    expect(DD411.check(reported, ruleContext('29.7.2'))).toEqual([]);
  });

  it("names Docker's docker-bridges tables under the nftables backend, and RHEL's /etc/sysconfig/nftables.conf", () => {
    const rhel = nftablesHost('default-nat-both-families', {
      nftablesConf: { path: '/etc/nftables.conf', present: false },
      nftablesConfigFiles: { files: [{ path: '/etc/sysconfig/nftables.conf', present: true, text: '# RHEL\ninclude "/etc/nftables/main.nft"\n' }, { path: '/etc/nftables/main.nft', present: true, text: 'flush ruleset\n' }] },
    });
    expect(DD411.check(rhel, ruleContext('29.7.2'))).toEqual([
      {
        subject: 'file:/etc/nftables/main.nft',
        location: { file: '/etc/nftables/main.nft', line: 1 },
        message:
          "/etc/nftables/main.nft runs `flush ruleset`: loading it (nftables.service start or restart, which is disabled, or `nft -f /etc/nftables/main.nft`) empties every nf_tables table, including Docker's own tables ip/ip6 docker-bridges, which dockerd rebuilds only when it restarts.",
        evidence: { path: '/etc/nftables/main.nft', line: 1, backend: 'nftables', unitState: { enabled: 'disabled', active: 'inactive' } },
        fix: { text: 'Flush only your own tables (`flush table inet filter`, or `destroy table` + `table` blocks) instead of the whole ruleset, or restart dockerd after nftables (see DD409 and `dockdoc hook install`).' },
      },
    ]);
  });

  it('points at the `flush ruleset` line of /etc/nftables.conf', () => {
    const conf = withFacts(host, { nftablesConf: { path: '/etc/nftables.conf', present: true, text: '#!/usr/sbin/nft -f\n\nflush ruleset\n' } });
    const [finding] = DD411.check(conf, ruleContext('20.10.24'));
    expect(finding!.location).toEqual({ file: '/etc/nftables.conf', line: 3 });
    expect(finding!.message).toBe("/etc/nftables.conf runs `flush ruleset`: loading it (nftables.service start or restart, or `nft -f /etc/nftables.conf`) empties every nf_tables table, including the ones iptables-nft holds Docker's chains in.");
  });
});
