import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readNftConfigInput, ruleExpr } from '../../src/nftables/input/config.js';
import { evaluateInputHook, type NftInputProbe } from '../../src/nftables/input/evaluate.js';
import type { NftInputChainsFact } from '../../src/snapshot/schema.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/nftables/input/${name}`, import.meta.url), 'utf8');
const file = (path: string, text: string) => ({ path, present: true, text });

/** Each configuration file in fixtures/nftables/input/, and the real nft listing of it once loaded. */
const LOADED: [string, string][] = [
  ['inet-filter.nft', 'inet-filter-and-iptables-nft'],
  ['policy-drop.nft', 'policy-drop'],
  ['constructs.nft', 'constructs'],
  ['firewalld.nft', 'firewalld'],
];
const PROBES: NftInputProbe[] = [];
for (const [protocol, port] of [['tcp', 22], ['tcp', 2377], ['tcp', 2500], ['tcp', 7946], ['udp', 7946], ['udp', 4789], ['udp', 53], ['udp', 5000], ['esp', null]] as const) {
  for (const source of ['192.0.2.2', '192.0.2.5', '10.1.2.3', '198.51.100.5', '203.0.113.66', '2001:db8:1::5']) {
    for (const inInterface of ['eth0', 'dmz0', null]) PROBES.push({ protocol, port, source, destination: null, inInterface });
  }
}
const verdicts = (fact: NftInputChainsFact, probe: NftInputProbe) =>
  // The refusing rule by its chain (its text is as written in the file, nft prints it its own way).
  evaluateInputHook(fact, probe).map((v) => [`${v.chain.family} ${v.chain.table} ${v.chain.name}`, v.verdict, v.refusedBy ? (v.refusedBy.rule ? `rule in ${v.refusedBy.rule.chain.name}` : `policy at ${v.refusedBy.chain.name}`) : null]);

describe('the nftables configuration files, read as nft would load them', () => {
  it.each(LOADED)('%s: the same verdict for every probe as the real nft listing of it', (config, listing) => {
    const read = readNftConfigInput([file(`/etc/nftables/${config}`, fixture(config))]);
    expect(read).not.toBeNull();
    const live = (JSON.parse(fixture(`${listing}.gathered.json`)) as { nftInputChains: NftInputChainsFact }).nftInputChains;
    for (const probe of PROBES) expect(verdicts(read!.fact, probe), JSON.stringify(probe)).toEqual(verdicts(live, probe));
  });

  it('gives each rule its line, and each chain its file', () => {
    const read = readNftConfigInput([file('/etc/nftables.conf', fixture('swarm-reject.nft'))])!;
    const [verdict] = evaluateInputHook(read.fact, { protocol: 'udp', port: 4789, source: '192.0.2.2', destination: null, inInterface: 'swarm0' });
    expect(verdict!.refusedBy!.rule).toEqual({ chain: { family: 'inet', table: 'filter', name: 'input' }, handle: null, line: 13, text: 'reject with icmpx admin-prohibited' });
    expect(read.files.get('inet filter input')).toBe('/etc/nftables.conf');
  });

  it('reads nothing from a file with statements it does not read at its top level, so no rule there is missed', () => {
    expect(readNftConfigInput([file('/etc/nftables.conf', 'define SWARM = 192.0.2.2\ntable inet filter {\n}\n')])).toBeNull();
    expect(readNftConfigInput([file('/etc/nftables.conf', 'add rule inet filter input tcp dport 22 accept\n')])).toBeNull();
    expect(readNftConfigInput([file('/etc/nftables.conf', 'table inet filter {\n\tchain input {\n\t\ttcp dport { 22, 80 accept\n')])).toBeNull();
  });

  it('keeps what it does not read in a rule as unread, and services by their port', () => {
    expect(ruleExpr('tcp dport ssh ct state new,untracked counter accept comment "ssh"')).toEqual([
      { match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 22 } },
      { match: { op: 'in', left: { ct: { key: 'state' } }, right: ['new', 'untracked'] } },
      { counter: null },
      { accept: null },
    ]);
    expect(ruleExpr('ip saddr $TRUSTED accept')).toEqual([{ unread: 'ip saddr $TRUSTED accept' }]);
    expect(ruleExpr('udp dport 5000 limit rate 10/second accept')).toEqual([
      { match: { op: '==', left: { payload: { protocol: 'udp', field: 'dport' } }, right: 5000 } },
      { unread: 'udp dport 5000 limit rate 10/second accept' },
    ]);
  });
});
