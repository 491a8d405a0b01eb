import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsAddress, prefixOrHost, tryAddress } from '../../src/net/prefix.js';
import { evaluateInputHook, type NftInputProbe } from '../../src/nftables/input/evaluate.js';
import { nftAdmitCommand } from '../../src/nftables/input/fix.js';
import type { NftInputChainsFact } from '../../src/snapshot/schema.js';

/**
 * Property: on chains made only of what the evaluator reads (source prefixes, ranges and sets, negations, protocols,
 * ports, ct state, interface names; accept, drop, reject, jump, goto, return, rules without a verdict), its verdict
 * is never "unknown" and always the one a plain first-match interpreter of the same chains gives; and the grant it
 * proposes, put where its command puts it, admits the packet.
 */

type Cond =
  | { kind: 'saddr'; negated: boolean; values: string[] }
  | { kind: 'l4proto'; values: string[] }
  | { kind: 'dport'; protocol: 'tcp' | 'udp'; values: (number | [number, number])[] }
  | { kind: 'ctstate'; values: readonly string[] }
  | { kind: 'iifname'; value: string };
type Verdict = 'accept' | 'drop' | 'reject' | 'none' | 'jump' | 'goto' | 'return';
interface ModelRule {
  conds: Cond[];
  verdict: Verdict;
}

const SOURCES = ['192.0.2.2', '10.1.2.3', '198.51.100.7'];
const cond: fc.Arbitrary<Cond> = fc.oneof(
  fc.record({
    kind: fc.constant('saddr' as const),
    negated: fc.boolean(),
    values: fc.array(fc.constantFrom('192.0.2.2', '192.0.2.0/24', '10.0.0.0/8', '198.51.100.0-198.51.100.9', '203.0.113.1'), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('l4proto' as const), values: fc.array(fc.constantFrom('tcp', 'udp', 'esp', 'icmp'), { minLength: 1, maxLength: 2 }) }),
  fc.record({
    kind: fc.constant('dport' as const),
    protocol: fc.constantFrom('tcp' as const, 'udp' as const),
    values: fc.array(fc.oneof(fc.constantFrom(22, 2377, 4789, 7946), fc.constant<[number, number]>([7000, 8000])), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('ctstate' as const), values: fc.constantFrom(['established', 'related'], ['new'], ['new', 'untracked'], ['invalid']) }),
  fc.record({ kind: fc.constant('iifname' as const), value: fc.constantFrom('lo', 'eth0', 'eth*', 'swarm0') }),
);
const rule = (verdicts: Verdict[]): fc.Arbitrary<ModelRule> => fc.record({ conds: fc.array(cond, { maxLength: 3 }), verdict: fc.constantFrom(...verdicts) });
const ruleset = fc.record({
  input: fc.array(rule(['accept', 'drop', 'reject', 'none', 'jump', 'goto']), { maxLength: 6 }),
  sub: fc.array(rule(['accept', 'drop', 'none', 'return']), { maxLength: 4 }),
  policy: fc.constantFrom('accept' as const, 'drop' as const),
});
const packet = fc.record({
  protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'esp' as const),
  port: fc.constantFrom(22, 2377, 4789, 7946, 7500),
  source: fc.constantFrom(...SOURCES),
  inInterface: fc.constantFrom('eth0', 'swarm0'),
});
type Packet = { protocol: 'tcp' | 'udp' | 'esp'; port: number; source: string; inInterface: string };

/** The plain interpreter: the first rule whose conditions all hold decides; jump, goto and return as nft(8) says. */
function holds(c: Cond, p: Packet): boolean {
  const port = p.protocol === 'esp' ? null : p.port;
  switch (c.kind) {
    case 'saddr': {
      const address = tryAddress(p.source)!;
      const inside = c.values.some((v) => {
        if (v.includes('-')) {
          const [low, high] = v.split('-').map((x) => tryAddress(x)!.value);
          return low! <= address.value && address.value <= high!;
        }
        return containsAddress(prefixOrHost(v), 4, address.value);
      });
      return c.negated ? !inside : inside;
    }
    case 'l4proto':
      return c.values.includes(p.protocol);
    case 'dport':
      return p.protocol === c.protocol && port !== null && c.values.some((v) => (Array.isArray(v) ? v[0] <= port && port <= v[1] : v === port));
    case 'ctstate':
      return c.values.includes('new');
    case 'iifname':
      return c.value.endsWith('*') ? p.inInterface.startsWith(c.value.slice(0, -1)) : c.value === p.inInterface;
  }
}

function interpret(chains: { input: ModelRule[]; sub: ModelRule[]; policy: 'accept' | 'drop' }, p: Packet): 'accept' | 'refuse' {
  const walk = (rules: ModelRule[], from: number, stack: { rules: ModelRule[]; next: number }[]): 'accept' | 'refuse' => {
    for (let i = from; i < rules.length; i++) {
      const r = rules[i]!;
      if (!r.conds.every((c) => holds(c, p))) continue;
      if (r.verdict === 'accept') return 'accept';
      if (r.verdict === 'drop' || r.verdict === 'reject') return 'refuse';
      if (r.verdict === 'jump') return walk(chains.sub, 0, [...stack, { rules, next: i + 1 }]);
      if (r.verdict === 'goto') return walk(chains.sub, 0, stack);
      if (r.verdict === 'return') break;
    }
    const caller = stack.at(-1);
    if (caller) return walk(caller.rules, caller.next, stack.slice(0, -1));
    return chains.policy === 'drop' ? 'refuse' : 'accept';
  };
  return walk(chains.input, 0, []);
}

/** The same rules as `nft -j list chain` prints them. */
function condJson(c: Cond): unknown {
  const set = (values: unknown[]) => (values.length === 1 ? values[0] : { set: values });
  switch (c.kind) {
    case 'saddr':
      return {
        match: {
          op: c.negated ? '!=' : '==',
          left: { payload: { protocol: 'ip', field: 'saddr' } },
          right: set(c.values.map((v) => (v.includes('-') ? { range: v.split('-') } : v.includes('/') ? { prefix: { addr: v.split('/')[0], len: Number(v.split('/')[1]) } } : v))),
        },
      };
    case 'l4proto':
      return { match: { op: '==', left: { meta: { key: 'l4proto' } }, right: set(c.values) } };
    case 'dport':
      return { match: { op: '==', left: { payload: { protocol: c.protocol, field: 'dport' } }, right: set(c.values.map((v) => (Array.isArray(v) ? { range: v } : v))) } };
    case 'ctstate':
      return { match: { op: 'in', left: { ct: { key: 'state' } }, right: c.values.length === 1 ? c.values[0] : c.values } };
    case 'iifname':
      return { match: { op: '==', left: { meta: { key: 'iifname' } }, right: c.value } };
  }
}

function verdictJson(v: Verdict): unknown[] {
  if (v === 'none') return [{ counter: { packets: 0, bytes: 0 } }];
  if (v === 'jump' || v === 'goto') return [{ [v]: { target: 'sub' } }];
  if (v === 'reject') return [{ reject: { type: 'icmpx', expr: 'admin-prohibited' } }];
  return [{ [v]: null }];
}

function listing(name: string, rules: ModelRule[], policy: 'accept' | 'drop' | null, firstHandle: number): string {
  const chain = { family: 'inet', table: 'filter', name, handle: firstHandle - 1, ...(policy ? { type: 'filter', hook: 'input', prio: 0, policy } : {}) };
  const items = rules.map((r, i) => ({ rule: { family: 'inet', table: 'filter', chain: name, handle: firstHandle + i, expr: [...r.conds.map(condJson), ...verdictJson(r.verdict)] } }));
  return JSON.stringify({ nftables: [{ chain }, ...items] });
}

function fact(chains: { input: ModelRule[]; sub: ModelRule[]; policy: 'accept' | 'drop' }): NftInputChainsFact {
  return {
    chains: [
      { family: 'inet', table: 'filter', name: 'input', json: listing('input', chains.input, chains.policy, 100) },
      { family: 'inet', table: 'filter', name: 'sub', json: listing('sub', chains.sub, null, 200) },
    ],
    unlisted: [],
  };
}

/** `nft insert rule inet filter CHAIN [handle N] RULE` / `nft add rule ...` applied to the model. */
function apply(chains: { input: ModelRule[]; sub: ModelRule[]; policy: 'accept' | 'drop' }, command: string, p: Packet) {
  const match = /^nft (insert|add) rule inet filter (\S+) (?:handle (\d+) )?ip saddr (\S+) /.exec(command)!;
  const grant: ModelRule = {
    conds: [{ kind: 'saddr', negated: false, values: [match[4]!] }, ...(p.protocol === 'esp' ? [{ kind: 'l4proto' as const, values: ['esp'] }] : [{ kind: 'dport' as const, protocol: p.protocol, values: [p.port] }])],
    verdict: 'accept',
  };
  const key = match[2] === 'input' ? 'input' : 'sub';
  const rules = [...chains[key]];
  const first = key === 'input' ? 100 : 200;
  if (match[1] === 'add') rules.push(grant);
  else rules.splice(match[3] ? Number(match[3]) - first : 0, 0, grant);
  return { ...chains, [key]: rules };
}

describe('evaluateInputHook (property)', () => {
  it('decides every chain it fully reads exactly as a first-match interpreter does, and its fix admits the packet', () => {
    fc.assert(
      fc.property(ruleset, packet, (chains, p) => {
        const probe: NftInputProbe = { protocol: p.protocol, port: p.protocol === 'esp' ? null : p.port, source: p.source, destination: null, inInterface: p.inInterface };
        const [verdict] = evaluateInputHook(fact(chains), probe);
        expect(verdict!.verdict).toBe(interpret(chains, p));
        if (verdict!.verdict !== 'refuse') return;
        const command = nftAdmitCommand(verdict!, { protocol: p.protocol, port: probe.port, peer: p.source });
        expect(interpret(apply(chains, command, p), p)).toBe('accept');
      }),
      { numRuns: 500 },
    );
  });
});
