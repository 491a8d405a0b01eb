import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { parseRuleset, type Ruleset } from '../../src/iptables/ruleset.js';

/** fixtures/iptables: the corpus of rules files loaded into the kernel on both backends (fixtures/iptables/README.md). */
export const IPTABLES_CORPUS = new URL('../../fixtures/iptables/', import.meta.url).pathname;

export interface CorpusCase {
  name: string;
  family: 4 | 6;
  input: string;
}

function cases(dir: string): CorpusCase[] {
  return readdirSync(`${IPTABLES_CORPUS}${dir}`)
    .filter((f) => f.endsWith('.rules') || f.endsWith('.v6rules'))
    .sort()
    .map((f) => ({ name: f.replace(/\.(v6)?rules$/, ''), family: f.endsWith('.v6rules') ? 6 : 4, input: readFileSync(`${IPTABLES_CORPUS}${dir}/${f}`, 'utf8') }));
}

export const LOADED_CASES = cases('cases');
export const ERROR_CASES = cases('errors');

export function result(caseName: string, file: string): string | null {
  const path = `${IPTABLES_CORPUS}results/${caseName}/${file}`;
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/**
 * A ruleset as text for exact comparison: tables by name, built-in chains in hook order then user chains by name
 * (iptables -S order), each with its policy and its rules in order.
 */
export function dump(ruleset: Ruleset, only?: string): string {
  const lines: string[] = [];
  for (const table of [...ruleset.tables.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (only !== undefined && table.name !== only) continue;
    const chains = [...table.chains.values()];
    const ordered = [...chains.filter((c) => c.builtin), ...chains.filter((c) => !c.builtin).sort((a, b) => (a.name < b.name ? -1 : 1))];
    for (const chain of ordered) {
      lines.push(`*${table.name} :${chain.name} ${chain.policy ?? '-'}`);
      for (const rule of chain.rules) lines.push(`*${table.name} -A ${chain.name} ${rule.text}`);
    }
  }
  return lines.join('\n');
}

export function kernel(text: string, family: 4 | 6, table?: string): Ruleset {
  return parseRuleset(text, { family, mode: 'kernel', ...(table ? { table } : {}) });
}

export function file(text: string, family: 4 | 6): Ruleset {
  return parseRuleset(text, { family, mode: 'file' });
}
