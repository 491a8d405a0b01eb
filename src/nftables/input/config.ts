import { servicePortFor } from '../../iptables/netdb.js';
import { tryAddress } from '../../net/prefix.js';
import type { HostFile, NftInputChainsFact } from '../../snapshot/schema.js';
import type { Json } from '../json.js';
import { PRIORITY_NAMES } from '../model.js';

/**
 * The input chains of the nftables configuration files nftables.service loads (`/etc/nftables.conf`,
 * `/etc/sysconfig/nftables.conf` and what they include), in the shape the INPUT evaluator reads: each chain as the
 * `nft -j list chain` document nft would print once the file is loaded, each rule with the line it is on (`line`,
 * where nft prints a `handle`). Only the block syntax (`table inet filter { chain input { ... } }`) is read; a file
 * with anything else at its top level (`add rule ...`, `define`, a `$variable`) is not read at all, so that no rule
 * it adds is missed; a rule holding what the reader does not know is kept as an unread expression (the evaluator then
 * says "unknown").
 */
export interface NftConfigInput {
  fact: NftInputChainsFact;
  /** Where each chain is: the file of its block. */
  files: Map<string, string>;
}

type Statement = { line: number; text: string };

/**
 * The statements of a file with the line each starts on: split at newlines and at `;` outside quotes and anonymous
 * sets; a block's `{` ends its opening statement and its `}` is a statement of its own; comments dropped.
 */
function statements(text: string): Statement[] | null {
  const out: Statement[] = [];
  let current = '';
  let inSet = 0;
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const flush = (suffix = '') => {
    const trimmed = `${current.trim()}${suffix}`.replace(/\s+/g, ' ').trim();
    if (trimmed) out.push({ line: startLine, text: trimmed });
    current = '';
    startLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      if (inSet === 0 && !quoted) flush();
      else current += ' ';
      if (current === '') startLine = line;
      continue;
    }
    if (quoted) {
      if (c === '"') quoted = false;
      current += c;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    } else if (c === '{' && (inSet > 0 || (current.trim() !== '' && !/^(table|chain|set|map|flowtable)\b/.test(current.trim())))) inSet++;
    else if (c === '}' && inSet > 0) inSet--;
    else if (inSet === 0 && (c === ';' || c === '{' || c === '}')) {
      flush(c === '{' ? ' {' : '');
      if (c === '}') {
        out.push({ line, text: '}' });
        startLine = line;
      }
      continue;
    }
    current += c;
  }
  if (quoted || inSet > 0) return null;
  flush();
  return out;
}

const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);

/** Reads every file's blocks; null when a file holds something at its top level this reader does not read. */
export function readNftConfigInput(files: HostFile[]): NftConfigInput | null {
  const chains = new Map<string, { family: string; table: string; name: string; items: Json[]; base: { type: string; hook: string; prio: number; policy: string } | null }>();
  const where = new Map<string, string>();
  for (const file of files) {
    if (!file.present || file.text === undefined) continue;
    const parsed = statements(file.text);
    if (!parsed) return null;
    let table: { family: string; name: string } | null = null;
    let chain: string | null = null;
    let other = 0;
    for (const { line, text } of parsed) {
      if (other > 0) {
        if (text === '}') other--;
        else if (text.endsWith('{')) other++;
        continue;
      }
      if (!table) {
        let match: RegExpExecArray | null;
        if ((match = /^table (?:(\S+) )?(\S+) \{$/.exec(text))) {
          const family = match[1] ?? 'ip';
          if (!FAMILIES.has(family)) return null;
          table = { family, name: match[2]! };
        } else if (!/^(flush ruleset|include "[^"]*")$/.test(text) && !text.startsWith('#!')) return null;
        continue;
      }
      if (!chain) {
        let match: RegExpExecArray | null;
        if (text === '}') table = null;
        else if ((match = /^chain (\S+) \{$/.exec(text))) {
          chain = match[1]!;
          const key = `${table.family} ${table.name} ${chain}`;
          if (!chains.has(key)) chains.set(key, { family: table.family, table: table.name, name: chain, items: [], base: null });
          if (!where.has(key)) where.set(key, file.path);
        } else if (/^(set|map|flowtable|counter|quota|ct) /.test(text) && text.endsWith('{')) other = 1;
        else if (!/^(flags|comment) /.test(text)) return null;
        continue;
      }
      const entry = chains.get(`${table.family} ${table.name} ${chain}`)!;
      if (text === '}') {
        chain = null;
        continue;
      }
      const base = /^type (\S+) hook (\S+)(?: device \S+)? priority (.+)$/.exec(text);
      if (base) {
        entry.base = { type: base[1]!, hook: base[2]!, prio: priorityOf(base[3]!), policy: 'accept' };
        continue;
      }
      const policy = /^policy (accept|drop)$/.exec(text);
      if (policy && entry.base) {
        entry.base.policy = policy[1]!;
        continue;
      }
      if (/^comment "/.test(text)) continue;
      entry.items.push({ rule: { family: table.family, table: table.name, chain, line, text, expr: ruleExpr(text) } });
    }
  }
  const listed = [...chains.values()].map((c) => ({
    family: c.family,
    table: c.table,
    name: c.name,
    json: JSON.stringify({ nftables: [{ chain: { family: c.family, table: c.table, name: c.name, ...(c.base ?? {}) } }, ...c.items] }),
  }));
  return { fact: { chains: listed, unlisted: [] }, files: where };
}

/** `filter`, `0`, `filter + 10`, `-150`. */
function priorityOf(text: string): number {
  const match = /^([a-z]+)?\s*([+-]?\s*\d+)?$/.exec(text.trim());
  if (!match) return Number.NaN;
  const base = match[1] ? (PRIORITY_NAMES[match[1]] ?? Number.NaN) : 0;
  return base + (match[2] ? Number(match[2].replace(/\s+/g, '')) : 0);
}

/** Words, with `{ ... }` and quoted strings kept whole. */
function words(text: string): string[] {
  const out: string[] = [];
  const pattern = /"[^"]*"|\{[^}]*\}|\S+/g;
  for (const match of text.matchAll(pattern)) out.push(match[0]);
  return out;
}

const PAYLOAD: Record<string, string[]> = { ip: ['saddr', 'daddr', 'protocol'], ip6: ['saddr', 'daddr', 'nexthdr'], tcp: ['dport', 'sport'], udp: ['dport', 'sport'], th: ['dport', 'sport'] };
const META = new Set(['l4proto', 'nfproto', 'protocol', 'iifname', 'iif']);

/** One value as `nft -j` prints it: a set, a range, a prefix, a quoted name, a number, or a word. */
function value(text: string, port: string | null): Json {
  if (text.startsWith('{')) {
    const inner = text.slice(1, -1).split(',').map((v) => v.trim()).filter(Boolean);
    return { set: inner.map((v) => value(v, port)) };
  }
  if (text.startsWith('"')) return text.slice(1, -1);
  if (/^\d+$/.test(text)) return Number(text);
  // A range of ports or of addresses; `dhcpv6-client` is a service name, not a range.
  const range = /^([^-\s]+)-([^-\s]+)$/.exec(text);
  const bound = (part: string) => /^\d+$/.test(part) || tryAddress(part) !== null;
  if (range && bound(range[1]!) && bound(range[2]!)) return { range: [value(range[1]!, port), value(range[2]!, port)] };
  const prefix = /^(.+)\/(\d+)$/.exec(text);
  if (prefix) return { prefix: { addr: prefix[1]!, len: Number(prefix[2]) } };
  if (port) return servicePortFor(text, port === 'th' ? 'tcp' : port) ?? text;
  return text;
}

/** A rule's text as the expressions `nft -j` would print for it; what the reader does not know becomes `{ "unread": text }`. */
export function ruleExpr(text: string): Json[] {
  const w = words(text);
  const expr: Json[] = [];
  const unread = (): Json[] => [...expr, { unread: text }];
  let i = 0;
  const match = (left: Json, port: string | null): boolean => {
    let op = '==';
    if (w[i] === '!=' || w[i] === '==') op = w[i++]!;
    if (w[i] === 'vmap' && w[i + 1]?.startsWith('{')) {
      const pairs = w[i + 1]!.slice(1, -1).split(',').map((pair) => pair.split(' : ').map((part) => part.trim()));
      i += 2;
      if (pairs.some((pair) => pair.length !== 2)) return false;
      const data = pairs.map(([key, verdict]) => [value(key!, port), verdictOf(verdict!)]);
      if (data.some(([, verdict]) => verdict === null)) return false;
      expr.push({ vmap: { key: left, data: { set: data } } });
      return true;
    }
    const right = w[i++];
    if (right === undefined || right.startsWith('$')) return false;
    // ct state a,b and flag lists: a comma list without braces.
    const parsed = !right.startsWith('{') && !right.startsWith('"') && right.includes(',') && !/\d/.test(right) ? right.split(',') : value(right, port);
    expr.push({ match: { op: isObject(left) && 'ct' in left && op === '==' ? 'in' : op, left, right: parsed } });
    return true;
  };
  while (i < w.length) {
    const word = w[i++]!;
    if (PAYLOAD[word] && PAYLOAD[word]!.includes(w[i] ?? '')) {
      const field = w[i++]!;
      if (!match({ payload: { protocol: word, field } }, field.endsWith('port') ? word : null)) return unread();
    } else if (word === 'meta' && META.has(w[i] ?? '')) {
      if (!match({ meta: { key: w[i++]! } }, null)) return unread();
    } else if (word === 'iifname' || word === 'iif') {
      if (!match({ meta: { key: word } }, null)) return unread();
    } else if (word === 'ct' && (w[i] === 'state' || w[i] === 'status')) {
      if (!match({ ct: { key: w[i++]! } }, null)) return unread();
    } else if (word === 'counter') {
      if (w[i] === 'packets') i += 4;
      expr.push({ counter: null });
    } else if (word === 'accept' || word === 'drop' || word === 'return' || word === 'continue') {
      expr.push({ [word]: null });
    } else if (word === 'reject') {
      expr.push({ reject: w[i] === 'with' ? { type: w.slice(i + 1).join(' ') } : null });
      break;
    } else if ((word === 'jump' || word === 'goto') && w[i]) {
      expr.push({ [word]: { target: w[i++]! } });
    } else if (word === 'comment' && w[i]?.startsWith('"')) {
      i++;
    } else return unread();
  }
  return expr;
}

/** `accept`, `jump dmz`: a verdict as `nft -j` prints it, or null. */
function verdictOf(text: string): Json {
  const [word, target] = text.split(' ');
  if ((word === 'accept' || word === 'drop' || word === 'return' || word === 'continue') && target === undefined) return { [word]: null };
  if ((word === 'jump' || word === 'goto') && target !== undefined) return { [word]: { target } };
  return null;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
