import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rulesMissingFrom } from '../../src/iptables/compare.js';
import { rulesetContent } from '../../src/iptables/content.js';
import { KernelReference } from '../../src/iptables/kernel-reference.js';
import { parseRuleset, TargetFinder, targetOf, type Rule, type Ruleset } from '../../src/iptables/ruleset.js';

// A chain's canonical lines stay a run of the source until its rules are read (src/iptables/chain.ts), saved chains
// byte-equal to live ones are taken in one step (KernelReference.blockAt), and the saved-vs-live comparison compares
// chains as text (Chain.sameRulesAs). These properties hold them to what reading every chain rule by rule gives, on
// generated rulesets shaped like iptables-save output with the odd lines files have.

const USER_CHAINS = ['KUBE-A', 'KUBE-B', 'KUBE-SEP-0000000000000001', 'DOCKER', 'X'];
/**
 * Texts iptables-save prints as they are (canonical), per table (the kernel holds only what the table allows: no DNAT
 * in filter, no DROP in nat), jumps to declared and undeclared chains among them.
 */
const SHARED_TEXTS = ['-s 10.0.0.1/32 -j ACCEPT', '-m comment --comment "a b" -j RETURN', '-j KUBE-A', '-j KUBE-SEP-0000000000000001', '-j NOWHERE'];
const CANONICAL_TEXTS: Record<string, string[]> = {
  filter: [...SHARED_TEXTS, '-i eth0 -j DROP'],
  nat: [...SHARED_TEXTS, '-p tcp -m tcp --dport 80 -j DNAT --to-destination 10.1.1.1:80'],
};
/** Lines a hand-written file may hold besides canonical rules. */
const ODD_LINES = ['-N KUBE-B', '-X X', '-F KUBE-A', '-I INPUT -s 10.0.0.2 -j ACCEPT', '-A INPUT -p tcp --dport 22 -j ACCEPT', ':KUBE-A - [0:0]', ':X ACCEPT [0:0]', '-A KUBE-B -j ACCEPT\r', '# a comment', ''];

const ruleLine = (table: string): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('INPUT', 'PREROUTING', ...USER_CHAINS), fc.constantFrom(...(CANONICAL_TEXTS[table] as string[]))).map(([chain, text]) => `-A ${chain} ${text}`);

/** One table as iptables-save prints it: declarations, then each chain's rules together (or interleaved). */
const table = fc
  .constantFrom('filter', 'nat')
  .chain((name) => fc.record({ name: fc.constant(name), policy: fc.constantFrom('ACCEPT', 'DROP'), declared: fc.subarray(USER_CHAINS), rules: fc.array(ruleLine(name), { maxLength: 12 }), grouped: fc.boolean() }))
  .map(({ name, policy, declared, rules, grouped }) => {
    const builtins = name === 'filter' ? ['INPUT', 'FORWARD', 'OUTPUT'] : ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'];
    const chainOf = (line: string): string => line.split(' ')[1] as string;
    const order = [...builtins, ...declared];
    const lines = grouped ? [...rules].sort((a, b) => order.indexOf(chainOf(a)) - order.indexOf(chainOf(b))) : rules;
    return [`*${name}`, `:${builtins[0]} ${policy} [0:0]`, ...declared.map((c) => `:${c} - [0:0]`), ...lines, 'COMMIT'];
  });

const liveText = fc.array(table, { minLength: 1, maxLength: 2 }).map((tables) => tables.flat().join('\n') + '\n');

/** A saved file drifting from the live text: rules dropped or changed in place, odd lines and rules added. */
function drifted(live: string): fc.Arbitrary<string> {
  const lines = live.split('\n');
  const edit = fc.record({
    at: fc.nat(lines.length),
    kind: fc.constantFrom('drop', 'change', 'respell', 'add'),
    add: fc.oneof(ruleLine('filter'), ruleLine('nat'), fc.constantFrom(...ODD_LINES)),
    text: fc.constantFrom(...SHARED_TEXTS),
  });
  return fc.array(edit, { maxLength: 5 }).map((edits) => {
    const out = [...lines];
    for (const { at, kind, add, text } of edits) {
      const where = Math.min(at, out.length - 1);
      const line = out[where] as string;
      // Changed in place: the chain keeps its number of rules, not their texts.
      // Respelled: the same length as the kernel's line, not canonical itself (host bits set), so only reading it tells.
      const respelled = out.findIndex((l, i) => i >= where && l.includes(' -s 10.0.0.1/32 '));
      if (kind === 'respell' && respelled >= 0) out[respelled] = (out[respelled] as string).replace(' -s 10.0.0.1/32 ', ' -s 10.0.0.1/24 ');
      else if (kind === 'change' && line.startsWith('-A ')) out[where] = `-A ${line.split(' ')[1]} ${text}`;
      else if (kind === 'drop' && line.startsWith('-A ')) out.splice(where, 1);
      else out.splice(where, 0, add);
    }
    return out.join('\n');
  });
}

/** Everything a check reads of a ruleset, every chain read rule by rule. */
function described(ruleset: Ruleset): unknown {
  return {
    problems: ruleset.problems,
    tables: [...ruleset.tables.values()].map((t) => ({
      name: t.name,
      line: t.line,
      chains: [...t.chains.values()].map((c) => ({ name: c.name, builtin: c.builtin, policy: c.policy, line: c.line, rules: c.rules.map((r) => [r.line, r.chain, r.text]) })),
    })),
  };
}

/** rulesMissingFrom as its contract says it, over chains read rule by rule: per table and chain, multisets of texts. */
function missingByReading(from: Ruleset, to: Ruleset, ignore: (name: string) => boolean): Rule[] {
  const missing: Rule[] = [];
  for (const t of from.tables.values()) {
    for (const chain of t.chains.values()) {
      if (ignore(chain.name)) continue;
      const left = new Map<string, number>();
      for (const rule of to.tables.get(t.name)?.chains.get(chain.name)?.rules ?? []) left.set(rule.text, (left.get(rule.text) ?? 0) + 1);
      for (const rule of chain.rules) {
        const count = left.get(rule.text) ?? 0;
        if (count > 0) left.set(rule.text, count - 1);
        else missing.push(rule);
      }
    }
  }
  return missing;
}

const text = (rules: Rule[]): string[] => rules.map((r) => `${r.table} ${r.chain} ${r.line} ${r.text}`);
// IPv4 texts: what the kernel prints for the family (the reference trusts the live rules to be the kernel's own).
const pair = liveText.chain((live) => fc.tuple(fc.constant(live), drifted(live)));

describe('chains kept as text until read', () => {
  it('read the same whichever chain is asked for first, by name or by walking the table', () => {
    fc.assert(
      fc.property(pair, fc.array(fc.constantFrom('INPUT', 'FORWARD', ...USER_CHAINS)), ([live, saved], asked) => {
        for (const [source, mode] of [[live, 'kernel'], [saved, 'file'], [saved, 'kernel']] as const) {
          const walked = parseRuleset(source, { family: 4, mode });
          const picked = parseRuleset(source, { family: 4, mode });
          for (const name of asked) for (const t of picked.tables.values()) void t.chains.get(name)?.rules;
          expect(described(picked)).toEqual(described(walked));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('parse a saved file the same with the live rules as a reference as without', () => {
    fc.assert(
      fc.property(pair, ([live, saved]) => {
        const liveRuleset = parseRuleset(live, { family: 4, mode: 'kernel' });
        const withReference = parseRuleset(saved, { family: 4, mode: 'file', reference: new KernelReference(liveRuleset) });
        expect(described(withReference)).toEqual(described(parseRuleset(saved, { family: 4, mode: 'file' })));
      }),
      { numRuns: 300 },
    );
  });

  it('compare saved and live chains as text exactly as rule by rule, both ways, read before or not', () => {
    fc.assert(
      fc.property(pair, fc.boolean(), ([live, saved], readFirst) => {
        const liveRuleset = parseRuleset(live, { family: 4, mode: 'kernel' });
        const savedRuleset = parseRuleset(saved, { family: 4, mode: 'file', reference: new KernelReference(liveRuleset) });
        // Two kernel outputs, neither read by a reference: chains that differ stay text on both sides.
        const [before, after] = [live, saved].map((source) => parseRuleset(source, { family: 4, mode: 'kernel' })) as [Ruleset, Ruleset];
        const ignore = (name: string): boolean => name === 'DOCKER';
        // The oracle reads every chain; comparing first compares the chains still as text.
        if (readFirst) described(liveRuleset);
        const compared = [
          [savedRuleset, liveRuleset],
          [liveRuleset, savedRuleset],
          [after, before],
          [before, after],
        ] as const;
        const found = compared.map(([from, to]) => text(rulesMissingFrom(from, [to], ignore)));
        expect(found).toEqual(compared.map(([from, to]) => text(missingByReading(from, to, ignore))));
      }),
      { numRuns: 300 },
    );
  });

  it('sum up a ruleset (rules, user chains, policies, DOCKER) as reading every chain does', () => {
    fc.assert(
      fc.property(pair, ([live, saved]) => {
        for (const ruleset of [parseRuleset(live, { family: 4, mode: 'kernel' }), parseRuleset(saved, { family: 4, mode: 'file' })]) {
          const content = rulesetContent(ruleset);
          const chains = [...ruleset.tables.values()].flatMap((t) => [...t.chains.values()].map((c) => ({ t: t.name, c })));
          expect(content).toEqual({
            rules: chains.reduce((n, { c }) => n + c.rules.length, 0),
            userChains: chains.filter(({ c }) => !c.builtin).length,
            policies: chains.filter(({ c }) => c.builtin && c.policy !== 'ACCEPT').map(({ t, c }) => `${t}/${c.name} ${c.policy}`),
            dockerChains: chains.filter(({ c }) => c.name === 'DOCKER').map(({ t }) => `${t}/DOCKER`),
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('rule targets found in place', () => {
  // Lines of words that make and break targets: the finder remembers where the next ` -j `/` -g ` is across lines.
  const word = fc.constantFrom('-j', '-g', 'X', 'KUBE-A', '"a -j B"', '-jX', '', '--comment');
  const line = fc.array(word, { maxLength: 8 }).map((words) => words.join(' '));
  it('are what targetOf finds in each line sliced out, for any lines asked for in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.nat(12), fc.boolean()), { minLength: 1, maxLength: 12 }), (lines) => {
        const source = lines.map(([text]) => text).join('\n');
        const finder = new TargetFinder(source);
        let start = 0;
        for (const [text, skip, asked] of lines) {
          const from = start + Math.min(skip, text.length);
          if (asked) expect(finder.targetIn(from, start + text.length)).toBe(targetOf(source.slice(from, start + text.length)));
          start += text.length + 1;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
