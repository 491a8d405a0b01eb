import { describe, expect, it } from 'vitest';
import DD501 from '../../rules/DD501.js';
import type { EngineFact } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';
import { withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const host = hostFixture('healthy-20.10');

describe('DD501', () => {
  it('warns that a repair restarts every running container while live-restore is off', () => {
    expect(DD501.check(host, ruleContext('20.10.24'))).toEqual([
      {
        subject: 'engine:live-restore',
        message: 'live-restore is off: restarting dockerd, which is how its firewall rules are rebuilt (DD401), stops all 2 running containers (web, web2); those without a restart policy stay stopped afterwards.',
        evidence: { liveRestore: false, running: ['web', 'web2'] },
        fix: { text: 'Set `"live-restore": true` in daemon.json and apply it with `systemctl reload docker` (SIGHUP; no restart needed). Containers then keep running while dockerd restarts. It does not work with swarm mode.' },
      },
    ]);
  });

  it('says it right for no running container and for one', () => {
    const engine = host.facts.engine as EngineFact;
    const withRunning = (names: string[]) =>
      DD501.check(withFacts(host, { engine: { ...engine, containers: engine.containers.filter((c) => names.includes(c.name)) } }), ruleContext('20.10.24'))[0]!.message;
    expect(withRunning([])).toBe(
      'live-restore is off: restarting dockerd, which is how its firewall rules are rebuilt (DD401), stops no container, as none is running now; those without a restart policy stay stopped afterwards.',
    );
    expect(withRunning(['web'])).toBe(
      'live-restore is off: restarting dockerd, which is how its firewall rules are rebuilt (DD401), stops the one running container (web); those without a restart policy stay stopped afterwards.',
    );
  });

  it('is silent with live-restore on', () => {
    expect(DD501.check(withFacts(host, { engine: { ...(host.facts.engine as EngineFact), liveRestore: true } }), ruleContext('20.10.24'))).toEqual([]);
  });

  it('on a swarm node, does not advise live-restore (dockerd refuses it there) but draining the node first', () => {
    const swarmHost = hostFixture('swarm-manager-healthy');
    const [finding] = DD501.check(swarmHost, ruleContext('20.10.24'));
    const nodeId = (swarmHost.facts.swarm as { nodeId: string }).nodeId;
    expect(finding!.message).toMatch(/^live-restore is off, and this node is in swarm mode \(active\), which dockerd does not allow it with \("--live-restore daemon configuration is incompatible with swarm mode"\)/);
    expect(finding!.fix.text).not.toContain('"live-restore": true');
    expect(finding!.fix.commands).toEqual([`docker node update --availability drain ${nodeId}`, 'systemctl restart docker', `docker node update --availability active ${nodeId}`]);
  });
});
