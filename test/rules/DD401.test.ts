import { describe, expect, it } from 'vitest';
import DD401 from '../../rules/DD401.js';
import { hostFixture } from '../helpers/hosts.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';
import DD404 from '../../rules/DD404.js';
import { dockerFirewall } from '../../src/iptables/docker/analysis.js';
import { parseRuleset } from '../../src/iptables/ruleset.js';
import { goldenCases, goldenEngineParts, goldenText, hostSnapshot, withDaemonChains, type GoldenCase, type HostInputs } from '../iptables/moby-golden-support.js';

const context = ruleContext('20.10.24');

describe('DD401', () => {
  it('is silent on every healthy captured step and on the healthy host fixture', () => {
    for (const step of ['01-fresh-default-daemon', '03b-second-container-on-user-network', '04b-icc-false-with-container', '07-after-dockerd-restart', '09-after-second-dockerd-restart']) {
      expect(DD401.check(snapshotOfStep(step), context)).toEqual([]);
    }
    expect(DD401.check(hostFixture('healthy-20.10'), context)).toEqual([]);
    expect(DD401.check(hostFixture('after-dockerd-restart'), context)).toEqual([]);
  });

  it('EL7 flavour (06): names the lost chains, iptables-services as the cause, and each broken port and NAT', () => {
    const findings = DD401.check(snapshotOfStep('06-after-iptables-services-restart-el7-style'), context);
    expect(findings.map((f) => f.subject)).toEqual(['iptables:docker-chains', 'network:bridge', 'network:mynet']);
    expect(findings[0]!.message).toBe(
      "Docker's chains are missing from the live iptables: filter DOCKER, nat DOCKER, filter DOCKER-ISOLATION-STAGE-1, filter DOCKER-ISOLATION-STAGE-2, filter DOCKER-USER. Docker's chains are gone from both filter and nat: every table was flushed. Likely cause: iptables-services (`systemctl restart iptables`): its stop() flushes every table before restoring /etc/sysconfig/iptables (EL7, legacy backend). Until dockerd is restarted, `docker run -p` and `docker network create` fail with \"iptables: No chain/target/match by that name\".",
    );
    expect(findings[1]!.message).toBe(
      "network bridge (172.17.0.0/16, docker0): has no MASQUERADE: containers cannot reach the outside; published port 0.0.0.0:8080 → web:80/tcp has no DNAT rule (nor its filter ACCEPT); has no FORWARD rules: its traffic passes only because the FORWARD policy is ACCEPT; lost its inter-container rule; is not isolated from the other Docker networks; lost its nat `-j RETURN` (published ports may loop back into the bridge).",
    );
    expect(findings[2]!.message).toBe(
      "network mynet (172.18.0.0/16, br-031c8d1636c4): has no MASQUERADE: containers cannot reach the outside; published port 0.0.0.0:5353 → web2:5353/udp has no DNAT rule (nor its filter ACCEPT); published port 127.0.0.1:8081 → web2:80/tcp has no DNAT rule (nor its filter ACCEPT); has no FORWARD rules: its traffic passes only because the FORWARD policy is ACCEPT; lost its inter-container rule; is not isolated from the other Docker networks; lost its nat `-j RETURN` (published ports may loop back into the bridge).",
    );
    expect(findings[0]!.evidence).toMatchObject({ wipe: 'all-tables', missingRules: 32, expectedRules: 32 });
    expect(findings[1]!.evidence!['missingRules']).toContain('-t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80');
    expect(findings[0]!.fix).toEqual({
      text: 'Restart dockerd: it is the only supported way to rebuild its chains and rules (SIGHUP does not). `dockdoc repair` prints the plan and the exact commands; `dockdoc repair --yes` carries it out (on systemd hosts: `systemctl restart docker`). Without live-restore every container restarts (DD501). To keep it from happening again, see DD409.',
      commands: ['dockdoc repair'],
    });
  });

  it('EL8 flavour (08): only filter is gone, nat is intact, and the ports are named as unfiltered rather than unreachable', () => {
    const findings = DD401.check(snapshotOfStep('08-after-iptables-restore-only-el8-nft-style'), context);
    expect(findings[0]!.message).toContain("Docker's chains are missing from the live iptables: filter DOCKER, filter DOCKER-ISOLATION-STAGE-1, filter DOCKER-ISOLATION-STAGE-2, filter DOCKER-USER. Docker's filter chains are gone while nat is intact");
    expect(findings[0]!.message).toContain('Likely cause: iptables-services (`systemctl restart iptables`): restoring /etc/sysconfig/iptables (*filter) replaces every table it names, deleting Docker\'s chains there (EL8/9, nf_tables: stop() flushes nothing).');
    expect(findings[1]!.message).toBe(
      "network bridge (172.17.0.0/16, docker0): published port 0.0.0.0:8080 → web:80/tcp has no ACCEPT in filter DOCKER: connections get through only because the FORWARD policy is ACCEPT; has no FORWARD rules: its traffic passes only because the FORWARD policy is ACCEPT; lost its inter-container rule; is not isolated from the other Docker networks.",
    );
    expect(findings[0]!.evidence).toMatchObject({ wipe: 'filter-only' });
  });

  it('says the FORWARD policy DROP drops the traffic when that is the live policy', () => {
    const host = snapshotOfStep('08-after-iptables-restore-only-el8-nft-style');
    const iptables = host.facts.iptables as { save: string };
    const dropped = withFacts(host, { iptables: { ...(host.facts.iptables as object), save: iptables.save.replace(':FORWARD ACCEPT [0:0]', ':FORWARD DROP [0:0]') } as never });
    expect(DD401.check(dropped, context)[1]!.message).toBe(
      "network bridge (172.17.0.0/16, docker0): published port 0.0.0.0:8080 → web:80/tcp has no ACCEPT in filter DOCKER: the FORWARD policy DROP drops its connections; has no FORWARD rules: the FORWARD policy DROP drops its containers' traffic; lost its inter-container rule; is not isolated from the other Docker networks.",
    );
  });

  it('names missing jump rules when the chains are intact', () => {
    const host = snapshotOfStep('03b-second-container-on-user-network');
    const save = (host.facts.iptables as { save: string }).save.replace('-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n', '');
    const findings = DD401.check(withFacts(host, { iptables: { ...(host.facts.iptables as object), save } as never }), context);
    expect(findings.map((f) => [f.subject, f.message])).toEqual([
      ['iptables:docker-jumps', "Docker's chains exist but the rules that lead into them are missing from the live iptables: -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER. Nothing inside those chains is reached. Firewall services here: iptables-services (`systemctl restart iptables`): restoring /etc/sysconfig/iptables (*filter) replaces every table it names, deleting Docker's chains there (EL8/9, nf_tables: stop() flushes nothing)."],
    ]);
  });

  it('is silent when the engine reports the nftables backend (DD411 says why)', () => {
    const host = snapshotOfStep('06-after-iptables-services-restart-el7-style');
    const engine = { ...(host.facts.engine as object), firewallBackend: 'nftables' };
    expect(DD401.check(withFacts(host, { engine: engine as never }), ruleContext('29.7.2'))).toEqual([]);
  });
});

describe('DD401 on 28.x/29.x hosts: no false alarm where dockerd deliberately programs nothing', () => {
  const NAT = 'hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=true__iptables.golden';
  const golden = (version: string, file = NAT) => goldenCases(version).find((c) => c.file === file)!;
  const live = (c: GoldenCase, family: 4 | 6) => withDaemonChains(goldenText(c, family), c.version);
  const ENDPOINT_DROP = '-A PREROUTING -d 192.168.0.2/32 ! -i br-dummy -j DROP';
  const LOOPBACK_DROP = '-A PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8080 -j DROP';
  const host = (c: GoldenCase, saves: { 4: string; 6: string }, extra: Partial<HostInputs> = {}) =>
    hostSnapshot({ version: c.version, ...goldenEngineParts(c.params), daemonJson: '{}\n', saves, ...extra });

  it('the golden 29.7.2 host has both raw drops, and loses neither silently', () => {
    const c = golden('29.7.2');
    expect(live(c, 4)).toContain(`${ENDPOINT_DROP}\n`);
    expect(live(c, 4)).toContain(`${LOOPBACK_DROP}\n`);
    const findings = DD401.check(host(c, { 4: live(c, 4).replace(`${ENDPOINT_DROP}\n`, ''), 6: live(c, 6) }), ruleContext('29.7.2'));
    expect(findings.map((f) => f.message)).toEqual([
      "network dummy (192.168.0.0/24, br-dummy): lost the raw-table direct-access DROP of ctr (192.168.0.2). Docker's chains exist but some of its rules are missing: they were deleted one by one, or dockerd failed to add them.",
    ]);
  });

  it('allow-direct-routing: true (28.2+): no per-endpoint drop expected, the loopback drop still is', () => {
    for (const version of ['28.5.2', '29.7.2']) {
      const c = golden(version);
      const withoutEndpointDrop = { 4: live(c, 4).replace(`${ENDPOINT_DROP}\n`, ''), 6: live(c, 6).replace('-A PREROUTING -d fd49:efd7:54aa::1/128 ! -i br-dummy -j DROP\n', '') };
      const adr = { daemonJson: '{"allow-direct-routing": true}\n' };
      expect(DD401.check(host(c, withoutEndpointDrop, adr), ruleContext(version))).toEqual([]);
      const findings = DD401.check(host(c, { ...withoutEndpointDrop, 4: withoutEndpointDrop[4].replace(`${LOOPBACK_DROP}\n`, '') }, adr), ruleContext(version));
      expect(findings.map((f) => f.evidence!['missingRules'])).toEqual([[`-t raw -A ${LOOPBACK_DROP.slice(3)}`]]);
    }
  });

  it('DOCKER_INSECURE_NO_IPTABLES_RAW=1 in docker.service (28.0.2+): no raw rule at all expected', () => {
    const c = golden('29.7.2');
    const noRaw = (save: string) => save.split('\n').filter((l) => !(l.startsWith('-A PREROUTING') && l.includes(' -j DROP'))).join('\n');
    const saves = { 4: noRaw(live(c, 4)), 6: noRaw(live(c, 6)) };
    expect(saves[4]).not.toContain('! -i lo');
    const unit = '[Service]\nEnvironment="DOCKER_INSECURE_NO_IPTABLES_RAW=1" HTTP_PROXY=http://proxy:3128\nExecStart=/usr/bin/dockerd -H fd://\n';
    expect(DD401.check(host(c, saves, { dockerService: unit }), ruleContext('29.7.2'))).toEqual([]);
    // docker info's warning says the same when the unit is not readable.
    expect(DD401.check(host(c, saves, { warnings: ['WARNING: DOCKER_INSECURE_NO_IPTABLES_RAW is set'] }), ruleContext('29.7.2'))).toEqual([]);
    // "0", or a later empty Environment= that clears it, leaves the raw rules expected.
    const cleared = '[Service]\nEnvironment=DOCKER_INSECURE_NO_IPTABLES_RAW=1\nEnvironment=\nExecStart=/usr/bin/dockerd\n';
    expect(DD401.check(host(c, saves, { dockerService: cleared }), ruleContext('29.7.2')).length).toBe(2);
  });

  it('the variable means nothing to 28.0.1: its per-port raw drops are still expected', () => {
    const c = golden('29.7.2');
    const unit = '[Service]\nEnvironment=DOCKER_INSECURE_NO_IPTABLES_RAW=1\nExecStart=/usr/bin/dockerd\n';
    const snapshot = host(c, { 4: live(c, 4), 6: live(c, 6) }, { version: '28.0.1', dockerService: unit });
    expect(dockerFirewall(snapshot, '28.0.1')!.expectation.rules.filter((r) => r.table === 'raw' && r.family === 4).map((r) => r.text)).toEqual([
      '-d 192.168.0.2/32 ! -i br-dummy -p tcp -m tcp --dport 80 -j DROP',
      '-d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8080 -j DROP',
    ]);
  });

  it('trusted_host_interfaces (28.2+): an ACCEPT per interface before the drop; missing ones are named', () => {
    const c = golden('29.7.2');
    const parts = goldenEngineParts(c.params);
    parts.networks[0]!.options['com.docker.network.bridge.trusted_host_interfaces'] = 'eth1:wg0';
    // The canonical text is what the kernel prints for the arguments moby passes (iptabler/endpoint.go).
    const issued = parseRuleset('*raw\n-A PREROUTING -d 192.168.0.2 -i eth1 -j ACCEPT\nCOMMIT\n', { family: 4, mode: 'file' });
    expect(issued.tables.get('raw')!.chains.get('PREROUTING')!.rules.map((r) => r.text)).toEqual(['-d 192.168.0.2/32 -i eth1 -j ACCEPT']);
    const trusted = '-A PREROUTING -d 192.168.0.2/32 -i eth1 -j ACCEPT\n-A PREROUTING -d 192.168.0.2/32 -i wg0 -j ACCEPT\n';
    const v6 = '-A PREROUTING -d fd49:efd7:54aa::1/128 -i eth1 -j ACCEPT\n-A PREROUTING -d fd49:efd7:54aa::1/128 -i wg0 -j ACCEPT\n';
    const saves = { 4: live(c, 4).replace(`${ENDPOINT_DROP}\n`, `${trusted}${ENDPOINT_DROP}\n`), 6: live(c, 6).replace('-A PREROUTING -d fd49', `${v6}-A PREROUTING -d fd49`) };
    const snapshot = (s: { 4: string; 6: string }) => hostSnapshot({ version: '29.7.2', ...parts, daemonJson: '{}\n', saves: s });
    expect(DD401.check(snapshot(saves), ruleContext('29.7.2'))).toEqual([]);
    const findings = DD401.check(snapshot({ ...saves, 4: saves[4].replace('-A PREROUTING -d 192.168.0.2/32 -i wg0 -j ACCEPT\n', '') }), ruleContext('29.7.2'));
    expect(findings.map((f) => f.message)).toEqual([
      "network dummy (192.168.0.0/24, br-dummy): lost the raw-table ACCEPT for its trusted host interfaces (trusted_host_interfaces): ctr (192.168.0.2) via wg0; their direct traffic to these containers is dropped. Docker's chains exist but some of its rules are missing: they were deleted one by one, or dockerd failed to add them.",
    ]);
  });

  it('gateway_mode_ipv6=routed with IPv4 nat: IPv6 has no MASQUERADE, DNAT or raw drop, and that is no alarm', () => {
    for (const version of ['28.5.2', '29.7.2']) {
      const nat = golden(version, 'hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__iptables.golden');
      const routed = golden(version, 'hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=routed,bindlh=false__ip6tables.golden');
      const parts = goldenEngineParts(nat.params);
      parts.networks[0]!.options['com.docker.network.bridge.gateway_mode_ipv6'] = 'routed';
      // The routed port mapper drops the IPv6 host port, so the engine lists only the IPv4 binding.
      parts.containers[0]!.ports = parts.containers[0]!.ports.filter((p) => p.hostIp === '0.0.0.0');
      const snapshot = hostSnapshot({ version, ...parts, daemonJson: '{}\n', saves: { 4: live(nat, 4), 6: live(routed, 6) } });
      expect(dockerFirewall(snapshot, version)!.intent.networks[0]!.gatewayMode).toEqual({ 4: 'nat', 6: 'routed' });
      expect(DD401.check(snapshot, ruleContext(version))).toEqual([]);
      expect(DD404.check(snapshot, ruleContext(version))).toEqual([]);
      // Its ICMP ACCEPT is Docker's and is missed when gone.
      const noIcmp = { 4: live(nat, 4), 6: live(routed, 6).replace('-A DOCKER -o br-dummy -p ipv6-icmp -j ACCEPT\n', '') };
      const findings = DD401.check(hostSnapshot({ version, ...parts, daemonJson: '{}\n', saves: noIcmp }), ruleContext(version));
      expect(findings.map((f) => f.evidence!['missingRules'])).toEqual([['-t filter -A DOCKER -o br-dummy -p ipv6-icmp -j ACCEPT']]);
    }
  });

  it("docker info's FirewallBackend nftables+firewalld: nothing expected in iptables", () => {
    const c = golden('29.7.2');
    const empty = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';
    const snapshot = host(c, { 4: empty, 6: empty }, { firewallBackend: 'nftables+firewalld' });
    expect(dockerFirewall(snapshot, '29.7.2')!.intent.settings).toMatchObject({ backend: 'nftables', firewalld: true });
    expect(DD401.check(snapshot, ruleContext('29.7.2'))).toEqual([]);
  });

  it('ip6tables chains all absent and no IPv6 network: no DD401 error (DD416 says what is known)', () => {
    const c = golden('29.7.2');
    const parts = goldenEngineParts(c.params);
    parts.networks[0]!.enableIPv6 = false;
    parts.containers[0]!.endpoints[0]!.ipv6 = null;
    parts.containers[0]!.ports = parts.containers[0]!.ports.filter((p) => !p.hostIp.includes(':'));
    const snapshot = hostSnapshot({ version: '29.7.2', ...parts, daemonJson: '{}\n', saves: { 4: live(c, 4), 6: '' } });
    expect(DD401.check(snapshot, ruleContext('29.7.2'))).toEqual([]);
    // With an IPv6 network its traffic is broken: that stays DD401's error.
    const withIpv6 = hostSnapshot({ version: '29.7.2', ...goldenEngineParts(c.params), daemonJson: '{}\n', saves: { 4: live(c, 4), 6: '' } });
    expect(DD401.check(withIpv6, ruleContext('29.7.2')).map((f) => f.subject)).toEqual(['ip6tables:docker-chains', 'network:dummy']);
  });
});
