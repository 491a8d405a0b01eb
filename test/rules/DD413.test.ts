import { describe, expect, it } from 'vitest';
import DD413 from '../../rules/DD413.js';
import type { FirewalldFact } from '../../src/snapshot/schema.js';
import { ruleContext } from '../iptables/rule-context.js';
import { nftablesEngine, nftablesHost } from '../nftables/host.js';

const context = ruleContext('29.7.2');
const conf = { path: '/etc/firewalld/firewalld.conf', present: true, text: 'DefaultZone=public\n' };
const host = (firewalld: FirewalldFact) => nftablesHost('default-nat-both-families', { engine: nftablesEngine({ firewallBackend: 'nftables+firewalld' }), firewalld });

describe('DD413', () => {
  it('is silent with the bridge in zone docker and the docker-forwarding policy present', () => {
    expect(DD413.check(host({ conf, running: true, zones: { 'br-dummy': 'docker', eth0: 'public' }, policies: ['allow-host-ipv6', 'docker-forwarding'] }), context)).toEqual([]);
  });

  it('reports a bridge in no zone (the state after a boot race) with the runtime fix', () => {
    const [finding, ...rest] = DD413.check(host({ conf, running: true, zones: { eth0: 'public' }, policies: ['docker-forwarding'] }), context);
    expect(rest).toEqual([]);
    expect(finding!.subject).toBe('bridge:br-dummy');
    expect(finding!.message).toBe(
      "Bridge br-dummy of network dummy is in no firewalld zone, not in zone docker, where dockerd puts it: firewalld applies its default rules to the bridge's traffic, so containers on dummy can lose outside access and published ports until dockerd restarts and adds the bridge again.",
    );
    expect(finding!.fix.commands).toEqual(['firewall-cmd --zone=docker --change-interface=br-dummy']);
  });

  it('reports a bridge in another zone, and a missing docker-forwarding policy (27+)', () => {
    const findings = DD413.check(host({ conf, running: true, zones: { 'br-dummy': 'public' }, policies: ['allow-host-ipv6'] }), context);
    expect(findings.map((f) => f.subject)).toEqual(['bridge:br-dummy', 'firewalld:policy:docker-forwarding']);
    expect(findings[0]!.evidence).toEqual({ bridge: 'br-dummy', network: 'dummy', zone: 'public' });
    // 26.x never created the policy.
    expect(DD413.check(host({ conf, running: true, zones: { 'br-dummy': 'docker' }, policies: [] }), ruleContext('26.1.4'))).toEqual([]);
  });

  it('says nothing when firewalld is not running or was not asked (zones are runtime state)', () => {
    expect(DD413.check(host({ conf, running: false, zones: {}, policies: null }), context)).toEqual([]);
    expect(DD413.check(host({ conf, running: null, zones: {}, policies: null }), context)).toEqual([]);
  });
});
