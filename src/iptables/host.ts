import { derived } from '../snapshot/derive.js';
import { available } from '../snapshot/fact.js';
import type { FirewallFamilyFact, Snapshot } from '../snapshot/schema.js';
import { overCap } from '../limits/caps.js';
import { parseRuleset, type Chain, type Ruleset } from './ruleset.js';

export interface FamilyFirewall {
  family: 4 | 6;
  /** Backend of the `iptables` binary dockerd runs. */
  backend: FirewallFamilyFact['backend'];
  /** The live ruleset of that backend. */
  live: Ruleset;
  /** The other backend's ruleset, when its tools exist. */
  other: { backend: 'nf_tables' | 'legacy'; ruleset: Ruleset } | null;
}

export interface SavedRuleset {
  file: string;
  family: 4 | 6;
  ruleset: Ruleset;
}

export interface HostFirewall {
  families: FamilyFirewall[];
  saved: SavedRuleset[];
}

/**
 * Which saved rule texts the kernel printed for the same chain. A file written by iptables-save follows the live rules
 * line by line, so each chain is matched in order, stepping over a few rules added live since; a text out of place is
 * simply not known (it is then parsed, which is always correct, only slower).
 */
class LiveTexts {
  private table = '';
  private chain: Chain | undefined;
  private cursor = 0;
  /** Cursors of chains left, for files that interleave chains (iptables-restore accepts any order). */
  private readonly cursors = new Map<Chain, number>();

  constructor(private readonly live: Ruleset) {}

  has(table: string, chain: string, text: string): boolean {
    if (this.chain?.name !== chain || this.table !== table) {
      if (this.chain) this.cursors.set(this.chain, this.cursor);
      this.table = table;
      this.chain = this.live.tables.get(table)?.chains.get(chain);
      this.cursor = this.chain ? (this.cursors.get(this.chain) ?? 0) : 0;
    }
    const rules = this.chain?.rules ?? [];
    for (let ahead = 0; ahead < 4; ahead++) {
      if (rules[this.cursor + ahead]?.text === text) {
        this.cursor += ahead + 1;
        return true;
      }
    }
    return false;
  }
}

/**
 * Every ruleset of the snapshot, parsed once per snapshot: live rules in kernel mode, saved files in file mode. A saved
 * rule whose text the kernel printed for the same table is canonical already and is not parsed again, which is what
 * keeps a 50,000-rule host fast (bench/firewall.js).
 */
export const hostFirewall = derived((snapshot: Snapshot): HostFirewall => {
  const families: FamilyFirewall[] = [];
  for (const family of [4, 6] as const) {
    const fact = available(family === 4 ? snapshot.facts.iptables : snapshot.facts.ip6tables);
    if (!fact) continue;
    const live = parseRuleset(fact.save, { family, mode: 'kernel' });
    const otherFact = available(fact.otherBackend);
    const other = otherFact ? { backend: otherFact.backend, ruleset: parseRuleset(otherFact.save, { family, mode: 'kernel' }) } : null;
    families.push({ family, backend: fact.backend, live, other });
  }
  const saved: SavedRuleset[] = [];
  for (const file of available(snapshot.facts.savedRules)?.files ?? []) {
    if (!file.present || file.text === undefined) continue;
    const tooLarge = overCap('savedRules', file.text);
    if (tooLarge) {
      saved.push({ file: file.path, family: file.family, ruleset: { family: file.family, tables: new Map(), problems: [{ line: 1, column: 1, message: tooLarge, severity: 'error' }] } });
      continue;
    }
    const live = families.find((f) => f.family === file.family)?.live;
    const known = live ? new LiveTexts(live) : null;
    saved.push({
      file: file.path,
      family: file.family,
      ruleset: parseRuleset(file.text, { family: file.family, mode: 'file', ...(known ? { knownCanonical: (table, chain, text) => known.has(table, chain, text) } : {}) }),
    });
  }
  return { families, saved };
});

export function familyFirewall(snapshot: Snapshot, family: 4 | 6): FamilyFirewall | undefined {
  return hostFirewall(snapshot).families.find((f) => f.family === family);
}
