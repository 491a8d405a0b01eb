import type { NftBaseChain, NftChain, NftFamily, NftMap, NftRuleset, NftTable } from './model.js';

/** A part of the `nft -j` output dockdoc could not read; the rest is still read. */
export interface NftJsonProblem {
  message: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `nft -j list ruleset` (libnftables-json(5), schema 1) into the canonical form; `nft -j list table` and, with
 * `chainsMakeTables`, `nft -j list chains` too. Rules are printed back in the
 * text `nft list ruleset` gives for the expressions Docker's nftables backend uses; any other expression is kept as
 * its JSON, so it never equals an expected rule by accident.
 */
export function readNftJson(text: string, { chainsMakeTables = false }: { chainsMakeTables?: boolean } = {}): { ruleset: NftRuleset; problems: NftJsonProblem[] } {
  const problems: NftJsonProblem[] = [];
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (error) {
    return { ruleset: { tables: [] }, problems: [{ message: `not JSON: ${(error as Error).message}` }] };
  }
  const items = isObject(parsed) && Array.isArray(parsed.nftables) ? parsed.nftables : null;
  if (!items) return { ruleset: { tables: [] }, problems: [{ message: 'no "nftables" array at the top level' }] };
  const tables = new Map<string, NftTable>();
  const tableOf = (o: JsonObject): NftTable | null => {
    const key = `${String(o.family)} ${String(o.table)}`;
    // `nft -j list chains` prints chains and no table objects: there each chain names its table.
    if (chainsMakeTables && !tables.has(key)) tables.set(key, { family: String(o.family) as NftFamily, name: String(o.table), chains: new Map(), maps: new Map() });
    const table = tables.get(key);
    if (!table) problems.push({ message: `${key}: an object refers to a table that was not listed before it` });
    return table ?? null;
  };
  for (const item of items) {
    if (!isObject(item)) continue;
    if (isObject(item.table)) {
      const t = item.table;
      tables.set(`${String(t.family)} ${String(t.name)}`, { family: String(t.family) as NftFamily, name: String(t.name), chains: new Map(), maps: new Map() });
    } else if (isObject(item.chain)) {
      const c = item.chain;
      const table = tableOf(c);
      if (table) table.chains.set(String(c.name), readChain(c));
    } else if (isObject(item.map)) {
      const m = item.map;
      const table = tableOf(m);
      if (table) table.maps.set(String(m.name), readMap(m));
    } else if (isObject(item.rule)) {
      const r = item.rule;
      const chain = tableOf(r)?.chains.get(String(r.chain));
      if (chain) chain.rules.push(printRule(r));
      else problems.push({ message: `a rule of chain ${String(r.chain)}, which is not listed` });
    }
  }
  return { ruleset: { tables: [...tables.values()] }, problems };
}

function readChain(c: JsonObject): NftChain {
  const base: NftBaseChain | null =
    typeof c.hook === 'string'
      ? { type: String(c.type), hook: c.hook, priority: Number(c.prio), policy: c.policy === 'drop' ? 'drop' : 'accept' }
      : null;
  return { name: String(c.name), base, rules: [] };
}

function readMap(m: JsonObject): NftMap {
  const elements = new Map<string, string>();
  for (const pair of Array.isArray(m.elem) ? m.elem : []) {
    if (Array.isArray(pair) && pair.length === 2) elements.set(printValue(pair[0]!, true), printStatement(pair[1]!));
  }
  return { name: String(m.name), type: `${String(m.type)} : ${String(m.map)}`, elements };
}

const BARE_META = new Set(['iifname', 'oifname', 'iif', 'oif', 'mark']);
const QUOTED_LEFT = new Set(['iifname', 'oifname']);

/** A rule's `expr` (and comment) as `nft list` prints it, for the expressions dockdoc reads. */
export function printRule(r: JsonObject): string {
  const parts = (Array.isArray(r.expr) ? r.expr : []).map((e) => (isObject(e) ? printStatement(e) : JSON.stringify(e)));
  if (typeof r.comment === 'string') parts.push(`comment "${r.comment}"`);
  return parts.join(' ');
}

/** The left side of a match: `ip daddr`, `tcp dport`, `iifname`, `meta l4proto`, `ct state`, `fib daddr type`. */
function printLeft(left: Json): { text: string; quoted: boolean } {
  if (isObject(left)) {
    if (isObject(left.meta)) {
      const key = String(left.meta.key);
      return { text: BARE_META.has(key) && key !== 'mark' ? key : `meta ${key}`, quoted: QUOTED_LEFT.has(key) };
    }
    if (isObject(left.payload)) return { text: `${String(left.payload.protocol)} ${String(left.payload.field)}`, quoted: false };
    if (isObject(left.ct)) return { text: `ct ${String(left.ct.key)}`, quoted: false };
    if (isObject(left.fib)) {
      const flags = Array.isArray(left.fib.flags) ? left.fib.flags.map(String).join(' . ') : '';
      return { text: `fib ${flags} ${String(left.fib.result)}`, quoted: false };
    }
  }
  return { text: JSON.stringify(left), quoted: false };
}

function printValue(value: Json, quoted: boolean): string {
  if (typeof value === 'string') return quoted ? `"${value}"` : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => printValue(v, quoted)).join(',');
  if (isObject(value)) {
    if (isObject(value.prefix)) return `${String(value.prefix.addr)}/${String(value.prefix.len)}`;
    if (Array.isArray(value.set)) return `{ ${value.set.map((v) => printValue(v, quoted)).join(', ')} }`;
    if (isObject(value.range) || Array.isArray(value.range)) {
      const range = value.range as Json[];
      return `${printValue(range[0]!, quoted)}-${printValue(range[1]!, quoted)}`;
    }
  }
  return JSON.stringify(value);
}

function hostPort(addr: Json | undefined, port: Json | undefined): string {
  const address = addr === undefined ? '' : printValue(addr, false);
  if (port === undefined) return address;
  return address.includes(':') ? `[${address}]:${printValue(port, false)}` : `${address}:${printValue(port, false)}`;
}

/** `{ "lo" : accept, "dmz0" : jump dmz }`, or a named map's `@name`. */
function printVmapData(data: Json, quoted: boolean): string {
  if (!isObject(data) || !Array.isArray(data.set)) return printValue(data, false);
  const pairs = data.set.map((pair) => (Array.isArray(pair) && pair.length === 2 ? `${printValue(pair[0]!, quoted)} : ${printStatement(pair[1]!)}` : printValue(pair, quoted)));
  return `{ ${pairs.join(', ')} }`;
}

function printStatement(e: JsonObject | Json): string {
  if (!isObject(e)) return JSON.stringify(e);
  if (isObject(e.match)) {
    const { op, left, right } = e.match;
    const l = printLeft(left!);
    const r = printValue(right!, l.quoted);
    return op === '==' || op === 'in' ? `${l.text} ${r}` : `${l.text} ${String(op)} ${r}`;
  }
  if ('counter' in e) return 'counter';
  for (const verdict of ['accept', 'drop', 'return', 'continue', 'masquerade']) if (verdict in e && e[verdict] === null) return verdict;
  if ('reject' in e) return isObject(e.reject) ? `reject with ${[e.reject.type, e.reject.expr].filter((v) => v !== undefined).map(String).join(' ')}` : 'reject';
  if (isObject(e.jump)) return `jump ${String(e.jump.target)}`;
  if (isObject(e.goto)) return `goto ${String(e.goto.target)}`;
  if (isObject(e.vmap)) {
    const left = printLeft(e.vmap.key!);
    return `${left.text} vmap ${printVmapData(e.vmap.data!, left.quoted)}`;
  }
  if (isObject(e.dnat)) return `dnat to ${hostPort(e.dnat.addr, e.dnat.port)}`;
  if (isObject(e.snat)) return `snat to ${hostPort(e.snat.addr, e.snat.port)}`;
  return JSON.stringify(e);
}
