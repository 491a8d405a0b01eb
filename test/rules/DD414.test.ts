import { describe, expect, it } from 'vitest';
import DD414 from '../../rules/DD414.js';
import type { FirewalldFact } from '../../src/snapshot/schema.js';
import { ruleContext } from '../iptables/rule-context.js';
import { nftablesEngine, nftablesHost } from '../nftables/host.js';

const context = ruleContext('29.7.2');
const strict = { path: '/etc/firewalld/firewalld.conf', present: true, text: '# firewalld config file\nDefaultZone=public\nStrictForwardPorts=yes\n' };
const host = (firewalld: FirewalldFact, engine = nftablesEngine({ firewallBackend: 'nftables+firewalld' })) => nftablesHost('default-nat-both-families', { engine, firewalld });

describe('DD414', () => {
  it('reports StrictForwardPorts=yes at its line, naming the published ports it breaks', () => {
    expect(DD414.check(host({ conf: strict, running: true, zones: {}, policies: null }), context)).toEqual([
      {
        subject: 'file:/etc/firewalld/firewalld.conf',
        location: { file: '/etc/firewalld/firewalld.conf', line: 3 },
        message:
          '/etc/firewalld/firewalld.conf sets StrictForwardPorts=yes: firewalld drops forwarded traffic that its own forward-ports do not allow, including Docker\'s DNAT, so published ports 0.0.0.0:8080 → web:80/tcp, [::]:8080 → web:80/tcp do not answer from other hosts. dockerd logs nothing about it.',
        evidence: { path: '/etc/firewalld/firewalld.conf', line: 3, ports: ['0.0.0.0:8080 → web:80/tcp', '[::]:8080 → web:80/tcp'], running: true },
        fix: {
          text: 'Set StrictForwardPorts=no in /etc/firewalld/firewalld.conf and run `firewall-cmd --reload`; or keep it and publish each port through firewalld instead (`firewall-cmd --permanent --add-forward-port=port=HOSTPORT:proto=tcp:toport=PORT:toaddr=CONTAINER_IP`).',
        },
      },
    ]);
  });

  it('is silent for StrictForwardPorts=no, a stopped firewalld, or no published port', () => {
    expect(DD414.check(host({ conf: { ...strict, text: 'StrictForwardPorts=no\n' }, running: true, zones: {}, policies: null }), context)).toEqual([]);
    expect(DD414.check(host({ conf: strict, running: false, zones: {}, policies: null }), context)).toEqual([]);
    const noPorts = nftablesEngine({ containers: nftablesEngine().containers.map((c) => ({ ...c, ports: [] })) });
    expect(DD414.check(host({ conf: strict, running: true, zones: {}, policies: null }, noPorts), context)).toEqual([]);
  });

  it('says it assumed firewalld runs when it could not ask (under --root)', () => {
    expect(DD414.check(host({ conf: strict, running: null, zones: {}, policies: null }), context)[0]!.message).toContain('(if firewalld runs: it was not asked)');
  });
});
