import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import DD419 from '../../rules/DD419.js';
import type { IngressSandboxFact, Snapshot, SwarmFact, SwarmService } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';
import { withMesh } from '../helpers/routing-mesh.js';
import { withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

/** Real captures of a swarm manager publishing tcp/8080 in ingress mode, on a kernel without IPVS (fixtures/hosts/). */
const healthy = hostFixture('swarm-manager-ingress-healthy');
const removed = hostFixture('swarm-manager-ingress-removed');
/** Real saves of its ingress_sbox with fwmarker's rules, then with mangle PREROUTING flushed (fixtures/swarm/ingress-sbox/). */
const sbox = (name: string) => readFileSync(new URL(`../../fixtures/swarm/ingress-sbox/${name}.save`, import.meta.url), 'utf8');
const sandbox = healthy.facts.ingressSandbox as IngressSandboxFact;
const PATH = sandbox.path;

function withSandboxSave(snapshot: Snapshot, save: string): Snapshot {
  return withFacts(snapshot, { ingressSandbox: { ...sandbox, save } });
}

function withSwarm(snapshot: Snapshot, change: (swarm: SwarmFact) => SwarmFact): Snapshot {
  return withFacts(snapshot, { swarm: change(snapshot.facts.swarm as SwarmFact) });
}

const check = (snapshot: Snapshot) => DD419.check(snapshot, ruleContext('20.10.24'));

describe('DD419', () => {
  it('the namespace removed (the real capture): an error naming it and the published port, fixed by a dockerd restart', () => {
    expect(check(removed)).toEqual([
      {
        subject: `netns:${PATH}`,
        message: `The routing mesh's network namespace ${PATH} is gone while tcp/8080 (dd-web) is published in ingress mode: connections to this port on this node are forwarded to an ingress sandbox that no longer exists and fail, even where the service runs. dockerd creates the namespace once, when the node joins the ingress network, and does not notice it removed (a cleanup of ${PATH.replace('/ingress_sbox', '')}, an \`umount\` of it, or an exec-root on a file system that was emptied).`,
        evidence: { path: PATH, execRootSource: 'daemon.json', published: [{ protocol: 'tcp', port: 8080, services: ['dd-web'], dnatOnHost: false }] },
        fix: {
          text: 'Restart dockerd: when it starts, it attaches the node to the ingress network again and creates the ingress sandbox anew, with the load balancer\'s rules in it. Then find what removed it, or it goes again.',
          commands: ['systemctl restart docker'],
        },
      },
    ]);
  });

  it('is silent where dockerd deliberately programmed no marks: the real namespace of a kernel without IPVS (no DNAT on the host either)', () => {
    expect(sandbox.save).not.toContain('*mangle');
    expect(check(healthy)).toEqual([]);
  });

  it('is silent with the marks in place (fwmarker\'s rules, the host DNAT of programIngress)', () => {
    expect(check(withSandboxSave(withMesh(healthy, 'FORWARD'), sbox('fwmarker-tcp-8080')))).toEqual([]);
  });

  it('mangle PREROUTING flushed in the namespace: an error with the exact mark back, read from the virtual IP\'s INPUT mark', () => {
    const [finding, ...more] = check(withSandboxSave(withMesh(healthy, 'FORWARD'), sbox('fwmarker-tcp-8080-prerouting-flushed')));
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      subject: `netns:${PATH}`,
      evidence: { path: PATH, missing: [{ protocol: 'tcp', port: 8080, services: ['dd-web'] }], marksPresent: [] },
      fix: { commands: [`nsenter --net=${PATH} iptables -t mangle -A PREROUTING -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x101/0xffffffff`] },
    });
    expect(finding!.message).toContain('lacks the firewall mark of tcp/8080 (dd-web)');
    expect(finding!.message).toContain('(the host still DNATs the port to the namespace)');
    expect(finding!.fix.text).toContain('Restart dockerd');
  });

  it('judges from the namespace alone where the host lost its DNAT too (a host flush leaves the namespace as it was)', () => {
    const [finding] = check(withSandboxSave(healthy, sbox('fwmarker-tcp-8080-prerouting-flushed')));
    expect(finding!.evidence?.['missing']).toEqual([{ protocol: 'tcp', port: 8080, services: ['dd-web'] }]);
    expect(finding!.message).not.toContain('the host still DNATs');
  });

  it('the host DNATs a port the namespace has no mark for, and no mark to copy: the restart is the fix', () => {
    const [finding] = check(withMesh(healthy, 'FORWARD'));
    expect(finding!.fix).toEqual({
      text: 'Restart dockerd: when it starts, it attaches the node to the ingress network again and creates the ingress sandbox anew, with the load balancer\'s rules in it.',
      commands: ['systemctl restart docker'],
    });
  });

  it('a worker (no service list) judges the ports its host DNATs; without them it says nothing', () => {
    const worker = withSwarm(removed, (swarm) => ({ ...swarm, role: 'worker', services: { unavailable: 'This node is not a swarm manager.' } }));
    expect(check(worker)).toEqual([]);
    expect(check(withMesh(worker, 'FORWARD'))[0]!.evidence?.['published']).toEqual([{ protocol: 'tcp', port: 8080, services: [], dnatOnHost: true }]);
  });

  it('says nothing without a reason to expect the namespace: no ingress-published service with tasks, no ingress network, not active', () => {
    const scaledToZero = withSwarm(removed, (swarm) => ({ ...swarm, services: (swarm.services as SwarmService[]).map((s) => ({ ...s, replicas: 0 })) }));
    expect(check(scaledToZero)).toEqual([]);
    const hostMode = withSwarm(removed, (swarm) => ({ ...swarm, services: (swarm.services as SwarmService[]).map((s) => ({ ...s, ports: s.ports.map((p) => ({ ...p, publishMode: 'host' })) })) }));
    expect(check(hostMode)).toEqual([]);
    expect(check(withSwarm(removed, (swarm) => ({ ...swarm, networks: swarm.networks.filter((n) => !n.ingress) })))).toEqual([]);
    expect(check(withSwarm(removed, (swarm) => ({ ...swarm, localNodeState: 'inactive' })))).toEqual([]);
  });

  it('needs the namespace fact on an active swarm node only (an older snapshot of one is reported by DD002, not passed)', () => {
    expect(DD419.needsOnHost!(removed, '20.10.24')).toEqual(['swarm', 'ingressSandbox']);
    expect(DD419.needsOnHost!(hostFixture('seed'), '20.10.24')).toEqual([]);
  });
});
