import { protocolNumber } from '../../iptables/netdb.js';
import { containsAddress, tryAddress, tryPrefix } from '../../net/prefix.js';
import type { NftInputChainsFact } from '../../snapshot/schema.js';
import { isObject, printRule, type Json, type JsonObject } from '../json.js';
import { chainLabel, nftablesArray, type NftChainName } from './chains.js';

/** A new connection (or, for ESP and UDP, the first packet) from another host to this one, as the input hook sees it. */
export interface NftInputProbe {
  /** `tcp`, `udp`, `esp`, or any name /etc/protocols knows. */
  protocol: string;
  /** Destination port; null for protocols without ports (ESP). */
  port: number | null;
  /** The sending host's address. */
  source: string;
  /** This host's address the packet is sent to, when known (the swarm node address); else daddr matches are unknown. */
  destination: string | null;
  /** The interface the packet arrives on, when known; never the loopback for another host's packet. */
  inInterface: string | null;
}

/** A rule as the evaluator and the findings name it. */
export interface NftRuleRef {
  chain: NftChainName;
  /** The kernel's handle: what `nft insert rule ... handle N` puts a rule before. */
  handle: number | null;
  /** The line of a configuration file the rule is on (src/nftables/input/config.ts), for rules read from one. */
  line: number | null;
  /** As `nft list` prints it. */
  text: string;
}

export interface NftBaseChainVerdict {
  chain: NftChainName;
  priority: number;
  policy: 'accept' | 'drop';
  /** accept: every way through the chain admits the packet; refuse: every way drops or rejects it; unknown: it depends on what dockdoc could not read. */
  verdict: 'accept' | 'refuse' | 'unknown';
  /**
   * What refuses it on the first way that refuses: the rule, or null for the base chain's policy. Under the policy,
   * `chain` is where the way left the chains (the end of a chain reached by goto is the end of the base chain too) and
   * `exit` the `return` that left it, if one did: an accept must go before that.
   */
  refusedBy?: { rule: NftRuleRef | null; chain: NftChainName; exit: NftRuleRef | null };
  /** The chains the first refusing (or admitting) way went through, base chain first. */
  path: string[];
  /** Why the verdict is unknown: the rules, sets or chains dockdoc could not read. */
  doubts: string[];
}

interface Rule {
  handle: number | null;
  line: number | null;
  expr: Json[];
  text: string;
}

interface Chain {
  name: NftChainName;
  base: { priority: number; policy: 'accept' | 'drop' } | null;
  rules: Rule[];
}

/** The listed chains, read from their `nft -j list chain` documents; a chain that could not be listed is absent. */
function readChains(fact: NftInputChainsFact): Map<string, Chain> {
  const chains = new Map<string, Chain>();
  for (const listed of fact.chains) {
    if (listed.json === undefined) continue;
    const chain: Chain = { name: { family: listed.family, table: listed.table, name: listed.name }, base: null, rules: [] };
    for (const item of nftablesArray(listed.json)) {
      if (!isObject(item)) continue;
      // Only the filter base chains of the input hook are where packets to this host start (a configuration file has the others too).
      if (isObject(item.chain) && item.chain.name === listed.name && item.chain.hook === 'input' && item.chain.type === 'filter') {
        chain.base = { priority: Number(item.chain.prio), policy: item.chain.policy === 'drop' ? 'drop' : 'accept' };
      } else if (isObject(item.rule) && item.rule.chain === listed.name) {
        const r = item.rule;
        // A rule read from a configuration file carries its line and its text as written.
        chain.rules.push({
          handle: typeof r.handle === 'number' ? r.handle : null,
          line: typeof r.line === 'number' ? r.line : null,
          expr: Array.isArray(r.expr) ? r.expr : [],
          text: typeof r.text === 'string' ? r.text : printRule(r),
        });
      }
    }
    chains.set(chainLabel(listed), chain);
  }
  return chains;
}

type Truth = boolean | 'unknown';

/** A packet field as a match sees it: absent when the packet has no such header (the match then fails, as nft adds the protocol dependency). */
type Field =
  | { kind: 'absent' }
  | { kind: 'unknown'; why: string }
  | { kind: 'address'; family: 4 | 6; value: bigint }
  | { kind: 'number'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'flags'; values: string[] };

const PORTED = new Set(['tcp', 'udp', 'udplite', 'sctp', 'dccp']);

interface Packet {
  family: 4 | 6;
  protocol: number | null;
  protocolName: string;
  port: number | null;
  source: bigint;
  destination: bigint | null;
  inInterface: string | null;
}

function fieldOf(left: Json, packet: Packet): Field {
  if (!isObject(left)) return { kind: 'unknown', why: 'an expression dockdoc does not read' };
  if (isObject(left.payload)) {
    const { protocol, field } = left.payload;
    if (protocol === 'ip' || protocol === 'ip6') {
      if ((protocol === 'ip') !== (packet.family === 4)) return { kind: 'absent' };
      if (field === 'saddr') return { kind: 'address', family: packet.family, value: packet.source };
      if (field === 'daddr') return packet.destination === null ? { kind: 'unknown', why: "this host's address is not known" } : { kind: 'address', family: packet.family, value: packet.destination };
      if (field === 'protocol' || field === 'nexthdr') return packet.protocol === null ? { kind: 'unknown', why: `protocol ${packet.protocolName}` } : { kind: 'number', value: packet.protocol };
      return { kind: 'unknown', why: `${String(protocol)} ${String(field)}` };
    }
    if (PORTED.has(String(protocol)) || protocol === 'th') {
      const carried = protocol === 'th' ? PORTED.has(packet.protocolName) : protocol === packet.protocolName;
      if (!carried) return protocol === 'th' ? { kind: 'unknown', why: `th ${String(field)} on ${packet.protocolName}` } : { kind: 'absent' };
      if (field === 'dport' && packet.port !== null) return { kind: 'number', value: packet.port };
      return { kind: 'unknown', why: `${String(protocol)} ${String(field)}` };
    }
    return packet.protocolName === protocol ? { kind: 'unknown', why: `${String(protocol)} ${String(field)}` } : { kind: 'absent' };
  }
  if (isObject(left.meta)) {
    const key = String(left.meta.key);
    if (key === 'l4proto') return packet.protocol === null ? { kind: 'unknown', why: `protocol ${packet.protocolName}` } : { kind: 'number', value: packet.protocol };
    if (key === 'nfproto') return { kind: 'name', value: packet.family === 4 ? 'ipv4' : 'ipv6' };
    if (key === 'protocol') return { kind: 'name', value: packet.family === 4 ? 'ip' : 'ip6' };
    if (key === 'iifname' || key === 'iif') {
      // Another host's packet never arrives on the loopback; any other name needs the interface.
      return packet.inInterface === null ? { kind: 'unknown', why: 'the interface the packet arrives on is not known' } : { kind: 'name', value: packet.inInterface };
    }
    return { kind: 'unknown', why: `meta ${key}` };
  }
  if (isObject(left.ct)) {
    // A new connection: its conntrack state is `new`; no DNAT or other status reaches a packet addressed to this host.
    if (left.ct.key === 'state') return { kind: 'flags', values: ['new'] };
    if (left.ct.key === 'status') return { kind: 'flags', values: [] };
    return { kind: 'unknown', why: `ct ${String(left.ct.key)}` };
  }
  if (isObject(left.fib) && left.fib.result === 'type' && Array.isArray(left.fib.flags) && left.fib.flags.length === 1 && left.fib.flags[0] === 'daddr') {
    // On the input hook the destination is one of this host's addresses.
    return { kind: 'name', value: 'local' };
  }
  return { kind: 'unknown', why: 'an expression dockdoc does not read' };
}

/** Whether one value of the right-hand side (a value, prefix, range) holds the field's value; unknown when it cannot be read. */
function valueHolds(right: Json, field: Field): Truth {
  if (field.kind === 'address') {
    if (typeof right === 'string') {
      const p = tryPrefix(right.includes('/') ? right : `${right}/${field.family === 4 ? 32 : 128}`);
      return p ? containsAddress(p, field.family, field.value) : 'unknown';
    }
    if (isObject(right) && isObject(right.prefix)) {
      const p = tryPrefix(`${String(right.prefix.addr)}/${String(right.prefix.len)}`);
      return p ? containsAddress(p, field.family, field.value) : 'unknown';
    }
    if (isObject(right) && Array.isArray(right.range)) {
      const [low, high] = right.range.map((v) => tryAddress(String(v)));
      if (!low || !high) return 'unknown';
      return low.family === field.family && low.value <= field.value && field.value <= high.value;
    }
    return 'unknown';
  }
  if (field.kind === 'number') {
    const number = (v: Json): number | null => (typeof v === 'number' ? v : typeof v === 'string' ? protocolNumber(v) : null);
    if (isObject(right) && Array.isArray(right.range)) {
      const [low, high] = right.range.map(number);
      return low === null || low === undefined || high === null || high === undefined ? 'unknown' : low <= field.value && field.value <= high;
    }
    const n = number(right);
    return n === null ? 'unknown' : n === field.value;
  }
  if (field.kind === 'name') {
    if (typeof right !== 'string') return 'unknown';
    if (right.endsWith('*') && !right.endsWith('\\*')) return field.value.startsWith(right.slice(0, -1));
    return right === field.value;
  }
  if (field.kind === 'flags') {
    return typeof right === 'string' ? field.values.includes(right) : 'unknown';
  }
  return 'unknown';
}

function anyOf(values: Truth[]): Truth {
  if (values.includes(true)) return true;
  return values.includes('unknown') ? 'unknown' : false;
}

function not(value: Truth): Truth {
  return value === 'unknown' ? 'unknown' : !value;
}

/** The truth of a `match` expression for the packet, and what made it unknown. */
function matchTruth(match: JsonObject, packet: Packet): { truth: Truth; why?: string } {
  const field = fieldOf(match.left ?? null, packet);
  if (field.kind === 'absent') return { truth: false };
  if (field.kind === 'unknown') {
    // Another host's packet is never on the loopback, whatever else is unknown about the interface.
    if (isObject(match.left) && isObject(match.left.meta) && (match.left.meta.key === 'iifname' || match.left.meta.key === 'iif') && match.right === 'lo') {
      return { truth: match.op === '!=' };
    }
    return { truth: 'unknown', why: field.why };
  }
  const right = match.right ?? null;
  if (typeof right === 'string' && right.startsWith('@')) return { truth: 'unknown', why: `the named set ${right}` };
  const op = String(match.op);
  if (op === '<' || op === '>' || op === '<=' || op === '>=') {
    if (field.kind !== 'number' || typeof right !== 'number') return { truth: 'unknown', why: `the comparison ${op}` };
    const truth = op === '<' ? field.value < right : op === '>' ? field.value > right : op === '<=' ? field.value <= right : field.value >= right;
    return { truth };
  }
  if (op !== '==' && op !== '!=' && op !== 'in') return { truth: 'unknown', why: `the operator ${op}` };
  const elements: Json[] = isObject(right) && Array.isArray(right.set) ? right.set : Array.isArray(right) ? right : [right];
  const held = anyOf(elements.map((e) => valueHolds(e, field)));
  const truth = op === '!=' ? not(held) : held;
  return truth === 'unknown' ? { truth, why: 'a value dockdoc does not read' } : { truth };
}

/** What a rule does to the packet: go on to the next rule, or a verdict. */
type Effect = { kind: 'next' } | { kind: 'accept' | 'refuse' | 'return' } | { kind: 'jump' | 'goto'; target: string } | { kind: 'unknown'; why: string };

/** Statements that leave the verdict alone: counting, logging, setting a mark (a later mark match is unknown anyway). */
const IGNORED = new Set(['counter', 'log', 'mangle']);

function verdictOf(e: JsonObject): Effect | null {
  if ('accept' in e) return { kind: 'accept' };
  if ('drop' in e || 'reject' in e) return { kind: 'refuse' };
  if ('return' in e) return { kind: 'return' };
  if ('continue' in e) return { kind: 'next' };
  if (isObject(e.jump)) return { kind: 'jump', target: String(e.jump.target) };
  if (isObject(e.goto)) return { kind: 'goto', target: String(e.goto.target) };
  if ('queue' in e) return { kind: 'unknown', why: 'queue (a user-space program decides)' };
  return null;
}

/**
 * The effects a rule may have on the packet: one when every match is decided, several when a match is unknown (the
 * rule may or may not apply), each with what made it uncertain.
 */
function ruleEffects(rule: Rule, packet: Packet, doubts: Set<string>): Effect[] {
  const effects: Effect[] = [];
  for (const e of rule.expr) {
    if (!isObject(e)) return [{ kind: 'unknown', why: `\`${rule.text}\`` }];
    if (isObject(e.match)) {
      const { truth, why } = matchTruth(e.match, packet);
      if (truth === false) return [...effects, { kind: 'next' }];
      if (truth === 'unknown') {
        doubts.add(`\`${rule.text}\` (${why ?? 'unknown'})`);
        if (!effects.some((x) => x.kind === 'next')) effects.push({ kind: 'next' });
      }
      continue;
    }
    const verdict = verdictOf(e);
    if (verdict) return [...effects, verdict];
    if (isObject(e.vmap)) return [...effects, ...vmapEffects(e.vmap, rule, packet, doubts)];
    if (Object.keys(e).some((key) => IGNORED.has(key))) continue;
    // A statement dockdoc does not read (limit, meter, set updates, xt): it may stop the rule from applying.
    doubts.add(`\`${rule.text}\``);
    if (!effects.some((x) => x.kind === 'next')) effects.push({ kind: 'next' });
  }
  // No verdict: the packet goes on to the next rule whether or not the rule applied.
  return [...effects, { kind: 'next' }];
}

function vmapEffects(vmap: JsonObject, rule: Rule, packet: Packet, doubts: Set<string>): Effect[] {
  const data = vmap.data ?? null;
  const pairs = isObject(data) && Array.isArray(data.set) ? data.set : null;
  if (!pairs) {
    doubts.add(`\`${rule.text}\` (a named verdict map)`);
    return [{ kind: 'unknown', why: `\`${rule.text}\`` }];
  }
  const effects: Effect[] = [];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2 || !isObject(pair[1]!)) continue;
    const { truth, why } = matchTruth({ op: '==', left: vmap.key ?? null, right: pair[0]! }, packet);
    if (truth === false) continue;
    const verdict = verdictOf(pair[1]) ?? { kind: 'unknown', why: `\`${rule.text}\`` };
    if (truth === true) return [...effects, verdict];
    doubts.add(`\`${rule.text}\` (${why ?? 'unknown'})`);
    effects.push(verdict);
  }
  return [...effects, { kind: 'next' }];
}

interface Terminal {
  kind: 'accept' | 'refuse' | 'unknown';
  rule: NftRuleRef | null;
  chain: NftChainName;
  exit: NftRuleRef | null;
  path: string[];
}

/** Ways explored through one base chain before the verdict is given up as unknown: each unknown match doubles them. */
const MAX_WAYS = 1024;
/** Returns to remember: the kernel's own limit (NFT_JUMP_STACK_SIZE); deeper means a loop in what was read. */
const MAX_STACK = 16;

/**
 * Whether the input hook lets a packet from another host through, for each base chain on the input hook of the
 * packet's family (ip or ip6, and inet), in priority order. Statements: accept, drop, reject, jump, goto, return,
 * continue, verdict maps; matches on ip/ip6 saddr and daddr (addresses, prefixes, ranges, anonymous sets), meta
 * l4proto / ip protocol / ip6 nexthdr, tcp/udp/th dport (values, ranges, sets), ct state (the packet is `new`), ct
 * status (none), iifname/iif, meta nfproto and protocol, fib daddr type (local). Anything else makes the verdict
 * unknown rather than guessed; each base chain ends in its policy. The packet passes the hook only when every base
 * chain accepts it; one that refuses drops it.
 */
export function evaluateInputHook(fact: NftInputChainsFact, probe: NftInputProbe): NftBaseChainVerdict[] {
  const chains = readChains(fact);
  const source = tryAddress(probe.source);
  if (!source) return [];
  const destination = probe.destination === null ? null : tryAddress(probe.destination);
  const packet: Packet = {
    family: source.family,
    protocol: protocolNumber(probe.protocol),
    protocolName: probe.protocol,
    port: probe.port,
    source: source.value,
    destination: destination && destination.family === source.family ? destination.value : null,
    inInterface: probe.inInterface,
  };
  const family = source.family === 4 ? 'ip' : 'ip6';
  const unlisted = new Set(fact.unlisted);
  const unavailable = new Map(fact.chains.filter((c) => c.json === undefined).map((c) => [chainLabel(c), c.unavailable ?? 'not listed']));
  const bases = [...chains.values()]
    .filter((c) => c.base !== null && (c.name.family === 'inet' || c.name.family === family))
    .sort((a, b) => a.base!.priority - b.base!.priority);
  return bases.map((base) => {
    const doubts = new Set<string>();
    const terminals: Terminal[] = [];
    let ways = 0;
    const walk = (chain: Chain, from: number, stack: { chain: Chain; next: number }[], path: string[]): void => {
      if (++ways > MAX_WAYS) {
        doubts.add(`more than ${MAX_WAYS} ways through the chains`);
        terminals.push({ kind: 'unknown', rule: null, chain: chain.name, exit: null, path });
        return;
      }
      const enter = (target: string, nextStack: typeof stack): void => {
        const label = chainLabel({ ...chain.name, name: target });
        const next = chains.get(label);
        if (!next || nextStack.length > MAX_STACK) {
          const why = unlisted.has(label) ? 'not listed: past the gatherer\'s caps' : unavailable.get(label) ?? (next ? 'too deep' : 'not listed');
          doubts.add(`the chain ${label} (${why})`);
          terminals.push({ kind: 'unknown', rule: null, chain: chain.name, exit: null, path });
          return;
        }
        walk(next, 0, nextStack, [...path, next.name.name]);
      };
      for (let i = from; i < chain.rules.length; i++) {
        const rule = chain.rules[i]!;
        const ref: NftRuleRef = { chain: chain.name, handle: rule.handle, line: rule.line, text: rule.text };
        let goesOn = false;
        for (const effect of ruleEffects(rule, packet, doubts)) {
          if (effect.kind === 'next') goesOn = true;
          else if (effect.kind === 'accept' || effect.kind === 'refuse') terminals.push({ kind: effect.kind, rule: ref, chain: chain.name, exit: null, path });
          else if (effect.kind === 'unknown') {
            doubts.add(effect.why);
            terminals.push({ kind: 'unknown', rule: ref, chain: chain.name, exit: null, path });
          } else if (effect.kind === 'jump') enter(effect.target, [...stack, { chain, next: i + 1 }]);
          else if (effect.kind === 'goto') enter(effect.target, stack);
          else returnTo(stack, chain, path, ref);
        }
        if (!goesOn) return;
      }
      returnTo(stack, chain, path, null);
    };
    // The end of a chain, or `return`: back to the rule after the last jump, or the base chain's policy.
    const returnTo = (stack: { chain: Chain; next: number }[], chain: Chain, path: string[], exit: NftRuleRef | null): void => {
      const caller = stack.at(-1);
      if (caller) walk(caller.chain, caller.next, stack.slice(0, -1), path);
      else terminals.push({ kind: base.base!.policy === 'drop' ? 'refuse' : 'accept', rule: null, chain: chain.name, exit, path });
    };
    walk(base, 0, [], [base.name.name]);
    const kinds = new Set(terminals.map((t) => t.kind));
    const verdict = kinds.size === 1 && !kinds.has('unknown') ? (kinds.has('accept') ? 'accept' : 'refuse') : 'unknown';
    const first = terminals.find((t) => t.kind === 'refuse') ?? terminals[0];
    return {
      chain: base.name,
      priority: base.base!.priority,
      policy: base.base!.policy,
      verdict,
      ...(verdict === 'refuse' && first ? { refusedBy: { rule: first.rule, chain: first.chain, exit: first.exit } } : {}),
      path: first?.path ?? [base.name.name],
      doubts: verdict === 'unknown' ? [...doubts] : [],
    };
  });
}

/** The hook's answer: refused when a base chain refuses for sure; admitted when every one accepts; else unknown. */
export function hookVerdict(verdicts: NftBaseChainVerdict[]): 'accept' | 'refuse' | 'unknown' {
  if (verdicts.some((v) => v.verdict === 'refuse')) return 'refuse';
  return verdicts.every((v) => v.verdict === 'accept') ? 'accept' : 'unknown';
}
