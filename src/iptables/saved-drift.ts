import { derived } from '../snapshot/derive.js';
import type { Snapshot } from '../snapshot/schema.js';
import { rulesMissingFrom } from './compare.js';
import { isDockerChain, isDockerRule } from './docker/owned.js';
import { hostFirewall } from './host.js';
import type { Rule } from './ruleset.js';

export interface SavedDrift {
  /** Per saved file, its rules the live firewall does not hold (DD402). */
  notLive: { file: string; family: 4 | 6; rules: Rule[] }[];
  /** Per family with a saved file, live rules no saved file holds (DD403). */
  unsaved: { family: 4 | 6; files: string[]; rules: Rule[] }[];
}

/**
 * The saved files against the live rules, both ways, once per snapshot. Docker's rules are left out on both sides
 * (its own chains without comparing them): they are Docker's to manage, never the saved file's.
 */
export const savedDrift = derived((snapshot: Snapshot): SavedDrift => {
  const host = hostFirewall(snapshot);
  const notLive: SavedDrift['notLive'] = [];
  const unsaved: SavedDrift['unsaved'] = [];
  for (const saved of host.saved) {
    const live = host.families.find((f) => f.family === saved.family)?.live;
    if (live) notLive.push({ file: saved.file, family: saved.family, rules: rulesMissingFrom(saved.ruleset, [live], isDockerChain).filter((r) => !isDockerRule(r)) });
  }
  for (const family of host.families) {
    const saved = host.saved.filter((s) => s.family === family.family);
    if (saved.length === 0) continue;
    const rules = rulesMissingFrom(family.live, saved.map((s) => s.ruleset), isDockerChain).filter((r) => !isDockerRule(r));
    unsaved.push({ family: family.family, files: saved.map((s) => s.file), rules });
  }
  return { notLive, unsaved };
});
