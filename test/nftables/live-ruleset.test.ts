import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import DD401 from '../../rules/DD401.js';
import DD404 from '../../rules/DD404.js';
import DD412 from '../../rules/DD412.js';
import { liveNftRuleset } from '../../src/nftables/docker/analysis.js';
import { unavailable } from '../../src/snapshot/fact.js';
import type { NftRulesetFact, Snapshot } from '../../src/snapshot/schema.js';
import { ruleContext } from '../iptables/rule-context.js';
import { nftablesHost, nftCapture } from './host.js';

const CAPTURES = new URL('../../fixtures/nftables/captures/', import.meta.url).pathname;
const context = ruleContext('29.7.2');

/** What dockdoc now gathers on that host (fixtures/nftables/README.md): Docker's tables and `nft list chains`. */
const gathered = JSON.parse(readFileSync(`${CAPTURES}iptables-nft-host.gathered.json`, 'utf8')) as NftRulesetFact;
const iptablesSave = readFileSync(`${CAPTURES}iptables-nft-host.iptables-save`, 'utf8');

/** The iptables-nft host of the captures, its nft fact as given. */
function host(nftRuleset: Snapshot['facts']['nftRuleset']): Snapshot {
  return nftablesHost('default-nat-both-families', {
    nftRuleset,
    iptables: { backend: 'nf_tables', versionText: 'iptables v1.8.9 (nf_tables)', save: iptablesSave, otherBackend: unavailable('not used by these tests') },
  });
}

const fullListing = host(nftCapture('iptables-nft-host'));
const scoped = host(gathered);

describe('the live nft ruleset from Docker\'s tables and `nft list chains`', () => {
  it('holds no iptables-nft rule and no table but Docker\'s in full', () => {
    const tables = (JSON.parse(gathered.json) as { nftables: Record<string, { family?: string; name?: string }>[] }).nftables.flatMap((i) => (i.table ? [`${i.table.family} ${i.table.name}`] : []));
    expect(tables).toEqual(['ip docker-bridges', 'ip6 docker-bridges']);
    // The iptables-nft rules (`--dport 30080`, `-s 10.244.0.0/16`) and the admin's inet table's rule are in neither.
    for (const listing of [gathered.json, gathered.text, gathered.chains!.json, gathered.chains!.text]) {
      expect(listing).not.toMatch(/30080|10\.244\.0\.0/);
    }
    expect(nftCapture('iptables-nft-host').text).toMatch(/30080[^]*10\.244\.0\.0/);
    expect(gathered.chains!.text).not.toContain('established');
    for (const listing of [gathered.json, gathered.text]) expect(listing).not.toMatch(/KUBE-FORWARD|inet/);
  });

  it('reads Docker\'s tables exactly as the full listing does, and the other tables\' base chains with no rules', () => {
    const full = liveNftRuleset(fullListing)!;
    const read = liveNftRuleset(scoped)!;
    expect(read.problems).toEqual([]);
    expect(read.ruleset.tables.map((t) => `${t.family} ${t.name}`)).toEqual(full.ruleset.tables.map((t) => `${t.family} ${t.name}`));
    for (const table of full.ruleset.tables) {
      const other = read.ruleset.tables.find((t) => t.family === table.family && t.name === table.name)!;
      if (table.name === 'docker-bridges') {
        expect(other).toEqual(table);
      } else {
        expect([...other.chains.values()]).toEqual([...table.chains.values()].map((c) => ({ ...c, rules: [] })));
      }
    }
  });

  it('gives the same findings as the full listing (DD401, DD404, DD412)', () => {
    for (const rule of [DD401, DD404, DD412]) expect(rule.check(scoped, context)).toEqual(rule.check(fullListing, context));
    expect(DD412.check(scoped, context).map((f) => f.subject)).toEqual(['iptables:FORWARD', 'nft:inet filter forward', 'nft:inet filter forward']);
  });

  it('takes Docker\'s tables from their own listing only: named by `nft list chains` alone, they count as gone', () => {
    const wiped = host({ json: '{"nftables":[]}', text: '', chains: gathered.chains! });
    expect(liveNftRuleset(wiped)!.ruleset.tables.map((t) => `${t.family} ${t.name}`)).toEqual(['ip filter', 'ip nat', 'inet filter']);
    expect(DD401.check(wiped, context).map((f) => f.subject)).toEqual(['nft:ip docker-bridges', 'network:dummy', 'nft:ip6 docker-bridges', 'network:dummy']);
  });

  it('falls back to the text of `nft list chains` when its JSON cannot be read, and says so', () => {
    const read = liveNftRuleset(host({ ...gathered, chains: { json: 'not json', text: gathered.chains!.text } }))!;
    expect(read.ruleset).toEqual(liveNftRuleset(scoped)!.ruleset);
    expect(read.problems).toEqual([expect.stringMatching(/^nft -j list chains: not JSON: /)]);
  });

  it('says so when that JSON cannot be read and its text was not recorded (a live check asks for it only then)', () => {
    const read = liveNftRuleset(host({ ...gathered, chains: { json: 'not json' } }))!;
    expect(read.ruleset.tables.map((t) => `${t.family} ${t.name}`)).toEqual(['ip docker-bridges', 'ip6 docker-bridges']);
    expect(read.problems).toEqual([expect.stringMatching(/^nft -j list chains: not JSON: /), 'nft list chains: not recorded in this snapshot']);
  });
});
