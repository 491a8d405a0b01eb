import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerFirewall } from '../../src/iptables/docker/analysis.js';
import { ruleKey } from '../../src/iptables/docker/drift.js';
import { parseRuleset, type Ruleset } from '../../src/iptables/ruleset.js';
import { DOCKER_RULES, snapshotOfStep } from './docker-support.js';

const VERSION = '20.10.24';

function analysis(step: string) {
  return dockerFirewall(snapshotOfStep(step), VERSION)!;
}

function liveOf(step: string): Ruleset {
  return parseRuleset(readFileSync(`${DOCKER_RULES}${step}/iptables-save.txt`, 'utf8'), { family: 4, mode: 'kernel' });
}

function commands(rules: { table: string; chain: string; text: string }[]): string[] {
  return rules.map((r) => `-t ${r.table} -A ${r.chain} ${r.text}`).sort();
}

/** Every live rule is one Docker should have, one it left behind, or the admin's INPUT rule. */
function unexplained(step: string): string[] {
  const a = analysis(step);
  const family = a.families[0]!;
  const expected = new Set(a.expectation.rules.map((r) => ruleKey(r.table, r.chain, r.text)));
  const stale = new Set(family.stale.map((s) => ruleKey(s.rule.table, s.rule.chain, s.rule.text)));
  const out: string[] = [];
  for (const table of liveOf(step).tables.values()) {
    for (const chain of table.chains.values()) {
      for (const rule of chain.rules) {
        const key = ruleKey(table.name, chain.name, rule.text);
        if (!expected.has(key) && !stale.has(key) && chain.name !== 'INPUT') out.push(`-t ${table.name} -A ${chain.name} ${rule.text}`);
      }
    }
  }
  return out;
}

const STEPS = readdirSync(DOCKER_RULES).filter((d) => /^\d\d/.test(d) && d !== '00-netns-before-dockerd');
const VARIANT = readdirSync(`${DOCKER_RULES}variant-ip_forward-already-1`)
  .filter((d) => /^\d\d/.test(d) && d !== '00-netns-before-dockerd')
  .map((d) => `variant-ip_forward-already-1/${d}`);
const HEALTHY = ['01-fresh-default-daemon', '02-user-defined-bridge-network', '03-container-published-port', '03b-second-container-on-user-network', '04-icc-false-fresh', '04b-icc-false-with-container', '07-after-dockerd-restart', '09-after-second-dockerd-restart'];

describe("Docker's expected rules on every captured step (dockerd 20.10.24)", () => {
  it('covers the whole corpus', () => {
    expect(STEPS).toEqual([
      '01-fresh-default-daemon', '02-user-defined-bridge-network', '03-container-published-port', '03b-second-container-on-user-network',
      '04-icc-false-fresh', '04b-icc-false-with-container', '05-iptables-false-fresh', '05b-iptables-false-with-container',
      '06-after-iptables-services-restart-el7-style', '06x-docker-operations-while-chains-missing', '07-after-dockerd-restart',
      '08-after-iptables-restore-only-el8-nft-style', '08x-docker-operations-after-restore-only', '09-after-second-dockerd-restart',
    ]);
  });

  for (const step of [...HEALTHY, ...VARIANT.filter((v) => HEALTHY.some((h) => v.endsWith(h)))]) {
    it(`${step}: healthy, nothing missing, and every live rule is explained`, () => {
      const family = analysis(step).families[0]!;
      expect(family.drift.missingChains).toEqual([]);
      expect(commands(family.drift.missingRules)).toEqual([]);
      expect(unexplained(step)).toEqual([]);
    });
  }

  it('05/05b: with iptables=false dockerd programs nothing, and dockdoc expects nothing', () => {
    for (const step of ['05-iptables-false-fresh', '05b-iptables-false-with-container']) {
      const a = analysis(step);
      expect(a.intent.settings.iptables).toBe(false);
      expect(a.expectation).toMatchObject({ families: [], chains: [], rules: [] });
      expect(a.families).toEqual([]);
    }
  });

  it('04b: icc=false is a DROP for docker0 and ACCEPT for the user network', () => {
    const rules = commands(analysis('04b-icc-false-with-container').expectation.rules.filter((r) => r.purpose.kind === 'network' && r.purpose.role === 'icc'));
    expect(rules).toEqual(['-t filter -A FORWARD -i br-e2d729a10704 -o br-e2d729a10704 -j ACCEPT', '-t filter -A FORWARD -i docker0 -o docker0 -j DROP']);
  });

  it('07 and 09 keep the MASQUERADE of the network whose creation failed in 06x: it is stale', () => {
    for (const step of ['07-after-dockerd-restart', '09-after-second-dockerd-restart']) {
      expect(analysis(step).families[0]!.stale.map((s) => ({ rule: `-A ${s.rule.chain} ${s.rule.text}`, refersTo: s.refersTo }))).toEqual([
        { rule: '-A POSTROUTING -s 172.19.0.0/16 ! -o br-76c1f4b95c9f -j MASQUERADE', refersTo: { bridge: 'br-76c1f4b95c9f' } },
      ]);
    }
  });

  it('08x: the DNAT of the container that never started is stale', () => {
    expect(analysis('08x-docker-operations-after-restore-only').families[0]!.stale.map((s) => `-t ${s.rule.table} -A ${s.rule.chain} ${s.rule.text}`)).toEqual([
      '-t nat -A POSTROUTING -s 172.19.0.0/16 ! -o br-76c1f4b95c9f -j MASQUERADE',
      '-t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8084 -j DNAT --to-destination 172.17.0.3:80',
    ]);
  });
});

describe('the wipes of 06 (EL7 flavour) and 08 (EL8 flavour) give exactly the broken ports and NAT', () => {
  it('06: every Docker chain in filter and nat is gone, with every rule of both networks and all three ports', () => {
    const drift = analysis('06-after-iptables-services-restart-el7-style').families[0]!.drift;
    expect(drift.missingChains.map((c) => `${c.table} ${c.chain}`)).toEqual([
      'filter DOCKER', 'nat DOCKER', 'filter DOCKER-ISOLATION-STAGE-1', 'filter DOCKER-ISOLATION-STAGE-2', 'filter DOCKER-USER',
    ]);
    // Everything Docker expects is missing; the expectation is exactly the rules of 03b, the state before the wipe.
    const before = analysis('03b-second-container-on-user-network').expectation.rules;
    expect(commands(drift.missingRules)).toEqual(commands(before));
    const ports = drift.missingRules.filter((r) => r.purpose.kind === 'port' && r.purpose.role === 'dnat').map((r) => r.text);
    expect(ports.sort()).toEqual([
      '! -i br-031c8d1636c4 -p udp -m udp --dport 5353 -j DNAT --to-destination 172.18.0.2:5353',
      '! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
      '-d 127.0.0.1/32 ! -i br-031c8d1636c4 -p tcp -m tcp --dport 8081 -j DNAT --to-destination 172.18.0.2:80',
    ]);
    const masquerade = drift.missingRules.filter((r) => r.purpose.kind === 'network' && r.purpose.role === 'masquerade').map((r) => r.text);
    expect(masquerade.sort()).toEqual(['-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE', '-s 172.18.0.0/16 ! -o br-031c8d1636c4 -j MASQUERADE']);
  });

  it('06x: after the failed `docker restart web` only web2 runs, so only its ports are expected (and missing)', () => {
    const drift = analysis('06x-docker-operations-while-chains-missing').families[0]!.drift;
    expect(drift.missingRules.filter((r) => r.purpose.kind === 'port' && r.purpose.role === 'dnat').map((r) => r.text).sort()).toEqual([
      '! -i br-031c8d1636c4 -p udp -m udp --dport 5353 -j DNAT --to-destination 172.18.0.2:5353',
      '-d 127.0.0.1/32 ! -i br-031c8d1636c4 -p tcp -m tcp --dport 8081 -j DNAT --to-destination 172.18.0.2:80',
    ]);
  });

  it('08: only filter is gone; the nat rules (DNAT, MASQUERADE) are all still there', () => {
    const drift = analysis('08-after-iptables-restore-only-el8-nft-style').families[0]!.drift;
    expect(drift.missingChains.map((c) => `${c.table} ${c.chain}`)).toEqual(['filter DOCKER', 'filter DOCKER-ISOLATION-STAGE-1', 'filter DOCKER-ISOLATION-STAGE-2', 'filter DOCKER-USER']);
    expect(drift.missingRules.every((r) => r.table === 'filter')).toBe(true);
    expect(drift.missingRules.filter((r) => r.purpose.kind === 'port').map((r) => r.text).sort()).toEqual([
      '-d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT',
      '-d 172.18.0.2/32 ! -i br-031c8d1636c4 -o br-031c8d1636c4 -p tcp -m tcp --dport 80 -j ACCEPT',
      '-d 172.18.0.2/32 ! -i br-031c8d1636c4 -o br-031c8d1636c4 -p udp -m udp --dport 5353 -j ACCEPT',
    ]);
    const expectedFilter = analysis('08-after-iptables-restore-only-el8-nft-style').expectation.rules.filter((r) => r.table === 'filter');
    expect(commands(drift.missingRules)).toEqual(commands(expectedFilter));
  });
});

describe('the templates are what the canonicaliser makes of the arguments dockerd issues', () => {
  // [table, chain, arguments as moby passes them (setup_ip_tables.go, iptables.go; 06x/08x quote some verbatim),
  //  the line as the kernel printed it, the capture that shows it]
  const issued: [string, string, string, string, string][] = [
    ['nat', 'DOCKER', '-p tcp -d 0/0 --dport 8080 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0', '! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80', '03b-second-container-on-user-network/iptables-save.txt'],
    ['nat', 'DOCKER', '-p tcp -d 127.0.0.1 --dport 8081 -j DNAT --to-destination 172.18.0.2:80 ! -i br-031c8d1636c4', '-d 127.0.0.1/32 ! -i br-031c8d1636c4 -p tcp -m tcp --dport 8081 -j DNAT --to-destination 172.18.0.2:80', '03b-second-container-on-user-network/iptables-save.txt'],
    ['filter', 'DOCKER', '! -i docker0 -o docker0 -p tcp -d 172.17.0.2 --dport 80 -j ACCEPT', '-d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT', '03b-second-container-on-user-network/iptables-save.txt'],
    ['nat', 'POSTROUTING', '-p udp -s 172.18.0.2 -d 172.18.0.2 --dport 5353 -j MASQUERADE', '-s 172.18.0.2/32 -d 172.18.0.2/32 -p udp -m udp --dport 5353 -j MASQUERADE', '03b-second-container-on-user-network/iptables-save.txt'],
    ['nat', 'OUTPUT', '-m addrtype --dst-type LOCAL -j DOCKER ! --dst 127.0.0.0/8', '! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER', '01-fresh-default-daemon/iptables-save.txt'],
    ['nat', 'POSTROUTING', '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE', '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE', '01-fresh-default-daemon/iptables-save.txt'],
    ['filter', 'FORWARD', '-o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '-o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '01-fresh-default-daemon/iptables-save.txt'],
    ['nat', 'OUTPUT', '-m addrtype --dst-type LOCAL -j DOCKER', '-m addrtype --dst-type LOCAL -j DOCKER', 'moby-golden/28.5.2/hairpin=true,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__iptables.golden'],
    ['nat', 'POSTROUTING', '-m addrtype --src-type LOCAL -o br-dummy -j MASQUERADE', '-o br-dummy -m addrtype --src-type LOCAL -j MASQUERADE', 'moby-golden/28.5.2/hairpin=true,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__iptables.golden'],
  ];

  for (const [table, chain, args, printed, capture] of issued) {
    it(`${table} ${chain}: ${args}`, () => {
      const parsed = parseRuleset(`*${table}\n:DOCKER - [0:0]\n-A ${chain} ${args}\nCOMMIT\n`, { family: 4, mode: 'file' });
      expect(parsed.problems).toEqual([]);
      expect(parsed.tables.get(table)!.chains.get(chain)!.rules.map((r) => r.text)).toEqual([printed]);
      expect(readFileSync(`${DOCKER_RULES}${capture}`, 'utf8')).toContain(`-A ${chain} ${printed}\n`);
    });
  }
});
