import { describe, expect, it } from 'vitest';
import DD410 from '../../rules/DD410.js';
import type { FirewallFamilyFact } from '../../src/snapshot/schema.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');
const host = snapshotOfStep('03b-second-container-on-user-network');
const save = (host.facts.iptables as FirewallFamilyFact).save;
const withSave = (text: string) => withFacts(host, { iptables: { ...(host.facts.iptables as FirewallFamilyFact), save: text } });

describe('DD410', () => {
  it('is silent when -j DOCKER-USER is the first FORWARD rule (every captured healthy step)', () => {
    expect(DD410.check(host, context)).toEqual([]);
    expect(DD410.check(snapshotOfStep('09-after-second-dockerd-restart'), context)).toEqual([]);
  });

  it('reports an admin rule inserted above it', () => {
    const findings = DD410.check(withSave(save.replace('-A FORWARD -j DOCKER-USER\n', '-A FORWARD -i eth0 -o docker0 -j ACCEPT\n-A FORWARD -j DOCKER-USER\n')), context);
    expect(findings).toEqual([
      {
        subject: 'iptables:DOCKER-USER',
        message: '`-j DOCKER-USER` is rule 2 of FORWARD, not the first: `-A FORWARD -i eth0 -o docker0 -j ACCEPT` runs before the policies in DOCKER-USER and can accept or drop container traffic first.',
        evidence: { family: 4, position: 2, before: ['-A FORWARD -i eth0 -o docker0 -j ACCEPT'] },
        fix: {
          text: 'Restart dockerd (`dockdoc repair`), which deletes its jump and inserts it again at position 1, or move it yourself: `iptables -D FORWARD -j DOCKER-USER && iptables -I FORWARD 1 -j DOCKER-USER`. Put your own FORWARD rules inside DOCKER-USER instead of before it.',
          commands: ['iptables -D FORWARD -j DOCKER-USER', 'iptables -I FORWARD 1 -j DOCKER-USER'],
        },
      },
    ]);
  });

  it('reports the jump missing while the chain exists', () => {
    const [finding] = DD410.check(withSave(save.replace('-A FORWARD -j DOCKER-USER\n', '')), context);
    expect(finding!.message).toBe('FORWARD has no `-j DOCKER-USER`: the rules in DOCKER-USER (where Docker says to put your own policies for container traffic) are never consulted.');
    expect(finding!.fix.commands).toEqual(['iptables -I FORWARD 1 -j DOCKER-USER']);
  });

  it('leaves a wiped firewall to DD401', () => {
    expect(DD410.check(snapshotOfStep('06-after-iptables-services-restart-el7-style'), context)).toEqual([]);
  });
});
