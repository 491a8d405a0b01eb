import { PRIORITY_NAMES, type NftBaseChain, type NftChain, type NftFamily, type NftMap, type NftRuleset, type NftTable } from './model.js';

/** A line of `nft list` output dockdoc could not read, 1-based. */
export interface NftListingProblem {
  line: number;
  message: string;
}

const COUNTER_VALUES = /\bcounter packets \d+ bytes \d+/g;

/**
 * Reads the text of `nft list ruleset` (or `nft list table`) into the canonical form: the form moby's golden files
 * and dockdoc's snapshots keep. Counter values are dropped; base-chain priority names become their numbers.
 */
export function readNftListing(text: string): { ruleset: NftRuleset; problems: NftListingProblem[] } {
  const problems: NftListingProblem[] = [];
  const tables: NftTable[] = [];
  let table: NftTable | null = null;
  let chain: NftChain | null = null;
  let map: NftMap | null = null;
  let pendingElements: string | null = null;
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    if (pendingElements !== null && map) {
      pendingElements += ` ${line}`;
      if (line.endsWith('}')) {
        readElements(map, pendingElements);
        pendingElements = null;
      }
      return;
    }
    if (line === '' || line.startsWith('#')) return;
    let match: RegExpExecArray | null;
    if (!table) {
      if ((match = /^table (\S+) (\S+) \{$/.exec(line))) {
        table = { family: match[1] as NftFamily, name: match[2]!, chains: new Map(), maps: new Map() };
        tables.push(table);
      } else problems.push({ line: lineNo, message: `expected \`table FAMILY NAME {\`, found \`${line}\`` });
      return;
    }
    if (line === '}') {
      if (chain) chain = null;
      else if (map) map = null;
      else table = null;
      return;
    }
    if (chain) {
      if ((match = /^type (\S+) hook (\S+)(?: device \S+)? priority ([^;]+); policy (accept|drop);$/.exec(line))) {
        chain.base = { type: match[1]!, hook: match[2]!, priority: priorityNumber(match[3]!), policy: match[4] as NftBaseChain['policy'] };
      } else chain.rules.push(line.replace(COUNTER_VALUES, 'counter'));
      return;
    }
    if (map) {
      if ((match = /^type (.+)$/.exec(line))) map.type = match[1]!;
      else if (/^elements = \{/.test(line)) {
        if (line.endsWith('}')) readElements(map, line);
        else pendingElements = line;
      } else if (!/^flags /.test(line)) problems.push({ line: lineNo, message: `unexpected line in map ${map.name}: \`${line}\`` });
      return;
    }
    if ((match = /^chain (\S+) \{$/.exec(line))) {
      chain = { name: match[1]!, base: null, rules: [] };
      table.chains.set(chain.name, chain);
    } else if ((match = /^map (\S+) \{$/.exec(line))) {
      map = { name: match[1]!, type: '', elements: new Map() };
      table.maps.set(map.name, map);
    } else problems.push({ line: lineNo, message: `unexpected line in table ${table.family} ${table.name}: \`${line}\`` });
  });
  return { ruleset: { tables }, problems };
}

/** `filter`, `dstnat`, `-100`, `filter + 10`, `srcnat - 5`. */
function priorityNumber(text: string): number {
  const match = /^([a-z]+)?\s*([+-]?\s*\d+)?$/.exec(text.trim());
  if (!match) return Number.NaN;
  const base = match[1] ? (PRIORITY_NAMES[match[1]] ?? Number.NaN) : 0;
  return base + (match[2] ? Number(match[2].replace(/\s+/g, '')) : 0);
}

/** `elements = { "br-a" : jump x, "br-b" : jump y }` */
function readElements(map: NftMap, text: string): void {
  const inner = text.replace(/^elements = \{/, '').replace(/\}$/, '');
  for (const element of inner.split(',')) {
    const [key, value] = element.split(' : ').map((s) => s.trim());
    if (key && value) map.elements.set(key, value);
  }
}
