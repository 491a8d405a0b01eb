import { describe, expect, it } from 'vitest';
import { dockerIntent } from '../../src/intent/index.js';
import { goldenCases, goldenSnapshot } from '../iptables/moby-golden-support.js';
import { withFacts } from '../iptables/docker-support.js';

const c = goldenCases('29.7.2').find((g) => g.file === 'hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__iptables.golden')!;
const base = goldenSnapshot(c);
const engine = base.facts.engine as Exclude<typeof base.facts.engine, { unavailable: string }>;
const daemonJson = (text: string) => withFacts(base, { daemonConfig: { path: '/etc/docker/daemon.json', present: true, text } });

describe("the intent's daemon settings", () => {
  it("firewall backend: docker info's driver wins, with or without firewalld; the option counts only when the engine does not say", () => {
    const backend = (driver: string, json = '{}', version = '29.7.2') =>
      dockerIntent(withFacts(daemonJson(json), { engine: { ...engine, version, firewallBackend: driver } }), version)!.settings;
    expect(backend('nftables+firewalld')).toMatchObject({ backend: 'nftables', firewalld: true });
    expect(backend('iptables+firewalld')).toMatchObject({ backend: 'iptables', firewalld: true });
    expect(backend('nftables')).toMatchObject({ backend: 'nftables', firewalld: false });
    expect(backend('', '{"firewall-backend": "nftables"}')).toMatchObject({ backend: 'nftables', firewalld: null });
    expect(backend('iptables', '{"firewall-backend": "nftables"}')).toMatchObject({ backend: 'iptables' });
    expect(backend('', '{"firewall-backend": "nftables"}', '28.5.2')).toMatchObject({ backend: 'iptables' });
  });

  it('allow-direct-routing from daemon.json or the flag, only from 28.2', () => {
    expect(dockerIntent(daemonJson('{"allow-direct-routing": true}'), '29.7.2')!.settings.allowDirectRouting).toBe(true);
    expect(dockerIntent(daemonJson('{"allow-direct-routing": true}'), '28.1.1')!.settings.allowDirectRouting).toBe(false);
    expect(dockerIntent(base, '29.7.2')!.settings.allowDirectRouting).toBe(false);
  });

  it('DOCKER_INSECURE_NO_IPTABLES_RAW: exactly "1", from 28.0.2, with where it was read', () => {
    const unit = (env: string) =>
      withFacts(base, { systemdUnits: { units: { 'docker.service': { fragment: { path: '/etc/systemd/system/docker.service', present: true, text: `[Service]\n${env}\nExecStart=/usr/bin/dockerd\n` }, dropIns: [] } } } });
    expect(dockerIntent(unit('Environment=DOCKER_INSECURE_NO_IPTABLES_RAW=1'), '29.7.2')!.settings.rawRulesDisabled).toEqual({ value: true, source: 'Environment= in /etc/systemd/system/docker.service' });
    expect(dockerIntent(unit('Environment=DOCKER_INSECURE_NO_IPTABLES_RAW=true'), '29.7.2')!.settings.rawRulesDisabled.value).toBe(false);
    expect(dockerIntent(unit('Environment=DOCKER_INSECURE_NO_IPTABLES_RAW=1'), '28.0.1')!.settings.rawRulesDisabled.value).toBe(false);
    const warned = withFacts(base, { engine: { ...engine, warnings: ['WARNING: DOCKER_INSECURE_NO_IPTABLES_RAW is set'] } });
    expect(dockerIntent(warned, '29.7.2')!.settings.rawRulesDisabled).toEqual({ value: true, source: 'docker info warning "DOCKER_INSECURE_NO_IPTABLES_RAW is set"' });
  });

  it('gateway modes per family and trusted interfaces are read from the network options', () => {
    const network = { ...engine.networks[0]!, options: { ...engine.networks[0]!.options, 'com.docker.network.bridge.gateway_mode_ipv6': 'routed', 'com.docker.network.bridge.trusted_host_interfaces': 'eth1::wg0' } };
    const intent = dockerIntent(withFacts(base, { engine: { ...engine, networks: [network] } }), '29.7.2')!;
    expect(intent.networks[0]).toMatchObject({ gatewayMode: { 4: 'nat', 6: 'routed' }, trustedHostInterfaces: ['eth1', 'wg0'] });
    expect([...intent.present.bridges]).toEqual(['br-dummy']);
    expect([...intent.present.addresses]).toEqual(['192.168.0.2', 'fd49:efd7:54aa::1']);
  });
});
