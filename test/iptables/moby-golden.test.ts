import { describe, expect, it } from 'vitest';
import DD401 from '../../rules/DD401.js';
import DD404 from '../../rules/DD404.js';
import DD410 from '../../rules/DD410.js';
import DD415 from '../../rules/DD415.js';
import DD416 from '../../rules/DD416.js';
import { dockerFirewall } from '../../src/iptables/docker/analysis.js';
import { parseRuleset } from '../../src/iptables/ruleset.js';
import { goldenCases, goldenSnapshot, goldenText, withDaemonChains, type GoldenCase } from './moby-golden-support.js';
import { ruleContext } from './rule-context.js';

const FIREWALL_RULES = [DD401, DD404, DD410, DD415, DD416];

function command(r: { table: string; chain: string; text: string }): string {
  return `-t ${r.table} -A ${r.chain} ${r.text}`;
}

/** Every rule of an iptables-save text as `-t table -A chain text`, and every user chain as `table chain`. */
function contents(save: string, family: 4 | 6): { rules: string[]; chains: string[] } {
  const ruleset = parseRuleset(save, { family, mode: 'kernel' });
  const rules: string[] = [];
  const chains: string[] = [];
  for (const table of ruleset.tables.values()) {
    for (const chain of table.chains.values()) {
      if (!chain.builtin) chains.push(`${table.name} ${chain.name}`);
      for (const rule of chain.rules) rules.push(command({ table: table.name, chain: chain.name, text: rule.text }));
    }
  }
  return { rules: rules.sort(), chains: chains.sort() };
}

/** The live text with some lines of one table removed; `table` null: the whole table. */
function without(save: string, remove: (line: string, table: string) => boolean): string {
  let table = '';
  const kept: string[] = [];
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    if (!remove(line, table)) kept.push(line);
  }
  return kept.join('\n');
}

function liveWithout(c: GoldenCase, remove: (line: string, table: string) => boolean) {
  const saves = { 4: withDaemonChains(goldenText(c, 4), c.version), 6: withDaemonChains(goldenText(c, 6), c.version) };
  saves[c.family] = without(saves[c.family], remove);
  const analysis = dockerFirewall(goldenSnapshot(c, saves), c.version)!;
  const family = analysis.families.find((f) => f.family === c.family)!;
  return { analysis, drift: family.drift, snapshot: goldenSnapshot(c, saves) };
}

for (const version of ['28.5.2', '29.7.2']) {
  const cases = goldenCases(version);
  describe(`moby ${version} TestIptabler golden files`, () => {
    it('holds every gateway mode, internal networks, both families (no WSL2 variants)', () => {
      const modes = new Set(cases.map((c) => c.params['gwm'] ?? 'internal'));
      expect([...modes].sort()).toEqual(['internal', 'nat', 'nat-unprotected', 'routed']);
      expect(cases.filter((c) => c.family === 4).length).toBe(100);
      expect(cases.filter((c) => c.family === 6).length).toBe(100);
    });

    for (const c of cases) {
      describe(c.file, () => {
        it('the rendering of the intent is exactly the golden file (plus the daemon-level DOCKER-USER)', () => {
          const analysis = dockerFirewall(goldenSnapshot(c), version)!;
          const expected = analysis.expectation;
          const live = contents(withDaemonChains(goldenText(c), version), c.family);
          expect(expected.rules.filter((r) => r.family === c.family).map(command).sort()).toEqual(live.rules);
          expect(expected.chains.filter((r) => r.family === c.family).map((r) => `${r.table} ${r.chain}`).sort()).toEqual(live.chains);
        });

        it('live equal to the golden file: no firewall finding', () => {
          const snapshot = goldenSnapshot(c);
          const context = ruleContext(version);
          expect(FIREWALL_RULES.flatMap((rule) => rule.check(snapshot, context))).toEqual([]);
        });

        it('each rule removed is exactly what is missing', () => {
          const lines = goldenText(c).split('\n').filter((l) => l.startsWith('-A '));
          for (const line of lines) {
            const { drift } = liveWithout(c, (l, _t) => l === line);
            expect(drift.missingChains).toEqual([]);
            expect(drift.missingRules.map((r) => `-A ${r.chain} ${r.text}`)).toEqual([line]);
          }
        });

        it('each Docker chain removed (with the rules in it and the jumps to it) is exactly what is missing', () => {
          const save = withDaemonChains(goldenText(c), version);
          for (const [table, chain] of contents(save, c.family).chains.map((tc) => tc.split(' ') as [string, string])) {
            let tableOfLine = '';
            const removed = save.split('\n').filter((l) => {
              if (l.startsWith('*')) tableOfLine = l.slice(1);
              return tableOfLine === table && (l.startsWith(`-A ${chain} `) || l.endsWith(` -j ${chain}`));
            });
            const { drift } = liveWithout(c, (l, t) => t === table && (l.startsWith(`:${chain} `) || removed.includes(l)));
            expect(drift.missingChains.map((m) => `${m.table} ${m.chain}`)).toEqual([`${table} ${chain}`]);
            expect(drift.missingRules.map((r) => `-A ${r.chain} ${r.text}`).sort()).toEqual(removed.sort());
          }
        });

        it('each table removed: every chain and rule Docker has there is missing', () => {
          const save = withDaemonChains(goldenText(c), version);
          const all = contents(save, c.family);
          for (const table of ['raw', 'filter', 'nat']) {
            const { drift } = liveWithout(c, (_l, t) => t === table);
            expect(drift.missingChains.map((m) => `${m.table} ${m.chain}`).sort()).toEqual(all.chains.filter((x) => x.startsWith(`${table} `)));
            expect(drift.missingRules.map(command).sort()).toEqual(all.rules.filter((x) => x.startsWith(`-t ${table} `)));
          }
        });
      });
    }
  });
}

describe('findings speak of the intent whichever rule is gone (29.7.2)', () => {
  const find = (name: string) => goldenCases('29.7.2').find((c) => c.file === name)!;

  it('IPv4 nat: the DNAT of the published port and the MASQUERADE of the network', () => {
    const c = find('hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__iptables.golden');
    const { snapshot } = liveWithout(c, (l) => l.includes('-j DNAT') || l.includes('-j MASQUERADE'));
    expect(DD401.check(snapshot, ruleContext('29.7.2')).map((f) => f.message)).toEqual([
      "network dummy (192.168.0.0/24, br-dummy): has no MASQUERADE: containers cannot reach the outside; published port 0.0.0.0:8080 → ctr:80/tcp has no DNAT rule. Docker's chains exist but some of its rules are missing: they were deleted one by one, or dockerd failed to add them.",
    ]);
  });

  it('IPv6 routed: the published port ACCEPT and the ICMP ACCEPT', () => {
    const c = find('hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=routed,bindlh=false__ip6tables.golden');
    const { snapshot } = liveWithout(c, (l) => l.includes('-j ACCEPT') && l.startsWith('-A DOCKER '));
    expect(DD401.check(snapshot, ruleContext('29.7.2')).map((f) => f.message)).toEqual([
      "network dummy (fd49:efd7:54aa::/64, br-dummy): published port [::]:8080 → ctr:80/tcp has no ACCEPT in filter DOCKER: the network's DROP for unpublished ports drops its connections; lost its ICMP ACCEPT (gateway mode routed): ping and path-MTU discovery to its containers fail. Docker's chains exist but some of its rules are missing: they were deleted one by one, or dockerd failed to add them.",
    ]);
  });
});
