import { describe, expect, it } from 'vitest';
import DD409 from '../../rules/DD409.js';
import { hookDropIn, restartDropIn } from '../../src/hook/dropIns.js';
import { HOOK_TARGETS } from '../../src/hook/targets.js';
import type { HostFile, SystemdUnitsFact } from '../../src/snapshot/schema.js';
import { corpusFile, snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';
import { nftablesHost } from '../nftables/host.js';

const context = ruleContext('20.10.24');
const host = snapshotOfStep('03b-second-container-on-user-network');
const file = (path: string, text: string): HostFile => ({ path, present: true, text });
/** iptables-services' unit as EL ships it (only its presence matters to DD409). */
const IPTABLES_UNIT = file('/usr/lib/systemd/system/iptables.service', '[Unit]\nDescription=IPv4 firewall with iptables\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/libexec/iptables/iptables.init start\nExecReload=/usr/libexec/iptables/iptables.init reload\nExecStop=/usr/libexec/iptables/iptables.init stop\n');
const DOCKER_UNIT = file('/usr/lib/systemd/system/docker.service', '[Unit]\nAfter=network-online.target firewalld.service containerd.service\n[Service]\nExecStart=/usr/bin/dockerd -H fd://\n');

function withUnits(units: SystemdUnitsFact['units']) {
  return withFacts(host, { systemdUnits: { units } });
}

describe('DD409', () => {
  it('warns about iptables-services that would replace the filter table, naming the Docker chains it would delete', () => {
    const findings = DD409.check(withUnits({ 'iptables.service': { fragment: IPTABLES_UNIT, dropIns: [] }, 'docker.service': { fragment: DOCKER_UNIT, dropIns: [] } }), context);
    expect(findings.map((f) => [f.subject, f.message])).toEqual([
      [
        'unit:iptables.service',
        "iptables.service is installed: `systemctl restart iptables` empties filter (it restores /etc/sysconfig/iptables), deleting Docker's chains filter DOCKER, filter DOCKER-ISOLATION-STAGE-1, filter DOCKER-ISOLATION-STAGE-2, filter DOCKER-USER, and nothing rebuilds them: docker.service is not bound to iptables.service and no dockdoc hook runs after it. Published ports and container NAT break until dockerd restarts (DD401).",
      ],
    ]);
    expect(findings[0]!.fix.commands).toEqual(['dockdoc hook install --dry-run']);
  });

  it('on the legacy backend it empties nat too (the EL7 stop() flush)', () => {
    const legacy = withFacts(withUnits({ 'iptables.service': { fragment: IPTABLES_UNIT, dropIns: [] } }), {
      iptables: { ...(host.facts.iptables as object), backend: 'legacy' } as never,
    });
    expect(DD409.check(legacy, context)[0]!.evidence).toMatchObject({ tables: ['filter', 'nat'] });
  });

  it('is silent when `dockdoc hook install` put its drop-in on the unit, or bound docker.service to it', () => {
    const target = HOOK_TARGETS.find((t) => t.unit === 'iptables.service')!;
    const hook = file('/etc/systemd/system/iptables.service.d/50-dockdoc-hook.conf', hookDropIn(target, true, { command: ['/usr/bin/dockdoc'], fix: true, strict: false, boundMs: null, dockerHost: null }));
    expect(DD409.check(withUnits({ 'iptables.service': { fragment: IPTABLES_UNIT, dropIns: [hook] } }), context)).toEqual([]);
    const bound = file('/etc/systemd/system/docker.service.d/50-dockdoc-restart-with-firewall.conf', restartDropIn(['iptables.service']));
    expect(DD409.check(withUnits({ 'iptables.service': { fragment: IPTABLES_UNIT, dropIns: [] }, 'docker.service': { fragment: DOCKER_UNIT, dropIns: [bound] } }), context)).toEqual([]);
  });

  it('without gathered units, the saved rules file counts as the service being there', () => {
    expect(DD409.check(host, context).map((f) => f.message.split(':')[0])).toEqual(['/etc/sysconfig/iptables exists']);
  });

  it('knows nftables.conf with `flush ruleset` empties everything, and firewalld does not need a hook', () => {
    const nft = withFacts(withUnits({ 'nftables.service': { fragment: file('/lib/systemd/system/nftables.service', '[Service]\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n'), dropIns: [] }, 'firewalld.service': { fragment: file('/usr/lib/systemd/system/firewalld.service', '[Service]\n'), dropIns: [] } }), {
      nftablesConf: file('/etc/nftables.conf', '#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n}\n'),
      savedRules: { files: [] },
    });
    expect(DD409.check(nft, context).map((f) => [f.subject, f.evidence])).toEqual([
      ['unit:nftables.service', { unit: 'nftables.service', service: 'nftables', tables: ['filter', 'nat'], rulesFile: '/etc/nftables.conf', because: 'nftables.service is installed' }],
    ]);
    expect(corpusFile('etc-sysconfig-iptables')).toContain('*filter');
  });

  describe('whether the unit is enabled', () => {
    const nftUnits = { 'nftables.service': { fragment: file('/lib/systemd/system/nftables.service', '[Service]\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n'), dropIns: [] } };
    const debian = withFacts(withUnits(nftUnits), { nftablesConf: file('/etc/nftables.conf', '#!/usr/sbin/nft -f\n\nflush ruleset\n'), savedRules: { files: [] } });

    it('is silent for a stock Debian 12 nftables.service: installed, disabled, inactive', () => {
      const stock = withFacts(debian, { firewallUnitStates: { source: 'systemctl', units: { 'nftables.service': { enabled: 'disabled', active: 'inactive' } } } });
      expect(DD409.check(stock, context)).toEqual([]);
    });

    it('warns when it is enabled, or disabled but running', () => {
      for (const state of [{ enabled: 'enabled', active: 'active' }, { enabled: 'disabled', active: 'active' }, { enabled: 'enabled', active: null }] as const) {
        const host = withFacts(debian, { firewallUnitStates: { source: 'systemctl', units: { 'nftables.service': state } } });
        expect(DD409.check(host, context).map((f) => f.subject)).toEqual(['unit:nftables.service']);
      }
    });

    it("under Docker's nftables backend names the docker-bridges tables it deletes", () => {
      const nft = nftablesHost('default-nat-both-families', { systemdUnits: { units: nftUnits }, firewallUnitStates: { source: 'symlinks', units: { 'nftables.service': { enabled: 'enabled', active: null } } } });
      const findings = DD409.check(nft, ruleContext('29.7.2'));
      expect(findings.map((f) => [f.subject, f.evidence!.tables])).toEqual([['unit:nftables.service', ['ip docker-bridges', 'ip6 docker-bridges']]]);
      expect(DD409.check(withFacts(nft, { firewallUnitStates: { source: 'symlinks', units: { 'nftables.service': { enabled: 'disabled', active: null } } } }), ruleContext('29.7.2'))).toEqual([]);
    });
  });
});
