import type { Rule, RuleResult } from '../src/engine/types.js';
import { comparePrefixes, formatPrefix, overlaps } from '../src/net/prefix.js';
import { settingLocation } from '../src/pools/findings.js';
import { poolsView } from '../src/pools/model.js';

const rule: Rule = {
  id: 'DD203',
  title: 'configured pools overlap each other',
  severity: 'warning',
  area: 'pools',
  needs: ['daemonConfig'],
  summary: 'Two `default-address-pools` entries overlap: ≤26 keeps both and skips the clashes at allocation time; 27+ silently drops the later one.',
  check(snapshot, context): RuleResult[] {
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    const pools = [...view.settings.pools.pools].sort((a, b) => comparePrefixes(a.base, b.base) || a.index - b.index);
    const out: RuleResult[] = [];
    const modern = view.behaviour.allocator === 'first-fit';
    for (let i = 0; i < pools.length; i++) {
      for (let j = i + 1; j < pools.length && overlaps(pools[i]!.base, pools[j]!.base); j++) {
        const [first, second] = pools[i]!.index < pools[j]!.index ? [pools[i]!, pools[j]!] : [pools[j]!, pools[i]!];
        const what = `${formatPrefix(first.base)} (entry ${first.index}) and ${formatPrefix(second.base)} (entry ${second.index})`;
        const consequence = modern
          ? `Docker ${context.engineVersion} sorts the pools by address and silently drops every pool that overlaps the one kept before it, so ${formatPrefix(pools[j]!.base)} /${pools[j]!.size} is never used.`
          : `Docker ${context.engineVersion} keeps both lists, so the same addresses appear twice; whichever network comes first takes them and the overlapping entries are skipped, which makes the pool hold fewer networks than it seems.`;
        out.push({
          subject: `pool:${second.index}`,
          location: settingLocation({ file: view.settings.pools.file, at: second.at }),
          message: `default-address-pools entries ${what} overlap. ${consequence}`,
          evidence: { first: formatPrefix(first.base), second: formatPrefix(second.base), engineVersion: context.engineVersion },
          fix: { text: 'Make the pools disjoint: remove the contained pool, or give each pool its own address range.' },
        });
      }
    }
    return out;
  },
};

export default rule;
