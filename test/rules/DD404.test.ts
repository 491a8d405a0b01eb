import { describe, expect, it } from 'vitest';
import DD404 from '../../rules/DD404.js';
import { hostFixture } from '../helpers/hosts.js';
import { snapshotOfStep } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');

describe('DD404', () => {
  it('reports the MASQUERADE of the network whose creation failed while the chains were missing (06x), after two restarts', () => {
    for (const host of [snapshotOfStep('07-after-dockerd-restart'), snapshotOfStep('09-after-second-dockerd-restart'), hostFixture('after-dockerd-restart')]) {
      expect(DD404.check(host, context)).toEqual([
        {
          subject: 'bridge:br-76c1f4b95c9f',
          message:
            'A rule names bridge br-76c1f4b95c9f, which no Docker network has: `-t nat -A POSTROUTING -s 172.19.0.0/16 ! -o br-76c1f4b95c9f -j MASQUERADE`. dockerd removes only its own chains when it starts, so such rules stay until someone deletes them.',
          evidence: { family: 4, bridge: 'br-76c1f4b95c9f', rules: ['-t nat -A POSTROUTING -s 172.19.0.0/16 ! -o br-76c1f4b95c9f -j MASQUERADE'] },
          fix: {
            text: 'Delete the rule (each `-D` removes one copy).',
            commands: ['iptables -t nat -D POSTROUTING -s 172.19.0.0/16 ! -o br-76c1f4b95c9f -j MASQUERADE'],
          },
        },
      ]);
    }
  });

  it('reports the DNAT left by a container that never started (08x)', () => {
    const findings = DD404.check(snapshotOfStep('08x-docker-operations-after-restore-only'), context);
    expect(findings.map((f) => f.subject)).toEqual(['bridge:br-76c1f4b95c9f', 'address:172.17.0.3']);
    expect(findings[1]!.message).toBe(
      'A rule names container address 172.17.0.3, which no running container holds: `-t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8084 -j DNAT --to-destination 172.17.0.3:80`. dockerd removes only its own chains when it starts, so such rules stay until someone deletes them.',
    );
  });

  it('is silent on a healthy host', () => {
    expect(DD404.check(snapshotOfStep('03b-second-container-on-user-network'), context)).toEqual([]);
  });
});
