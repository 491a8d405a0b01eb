import { derived } from '../snapshot/derive.js';
import { available } from '../snapshot/fact.js';
import type { FirewallFamilyFact, Snapshot } from '../snapshot/schema.js';
import { overCap } from '../limits/caps.js';
import { KernelReference } from './kernel-reference.js';
import { parsedSaveOf } from './parsed-saves.js';
import { parseRuleset, type Ruleset } from './ruleset.js';

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
 * Every ruleset of the snapshot, parsed once per snapshot: live rules in kernel mode, saved files in file mode. A saved
 * rule whose text the kernel printed for the same chain is canonical already and is not parsed again, and rules in
 * canonical form stay lines of the snapshot's text until read (src/iptables/chain.ts), which is what keeps a
 * 50,000-rule host fast (bench/firewall.js).
 */
export const hostFirewall = derived((snapshot: Snapshot): HostFirewall => {
  const families: FamilyFirewall[] = [];
  for (const family of [4, 6] as const) {
    const fact = available(family === 4 ? snapshot.facts.iptables : snapshot.facts.ip6tables);
    if (!fact) continue;
    const live = parsedSaveOf(fact) ?? parseRuleset(fact.save, { family, mode: 'kernel' });
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
    saved.push({
      file: file.path,
      family: file.family,
      ruleset: parseRuleset(file.text, { family: file.family, mode: 'file', ...(live ? { reference: new KernelReference(live) } : {}) }),
    });
  }
  return { families, saved };
});

export function familyFirewall(snapshot: Snapshot, family: 4 | 6): FamilyFirewall | undefined {
  return hostFirewall(snapshot).families.find((f) => f.family === family);
}
