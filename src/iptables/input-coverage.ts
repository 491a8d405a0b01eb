import { rangeOfPrefix, RangeSet } from '../net/range-set.js';
import { formatPrefix, type Prefix } from '../net/prefix.js';
import type { BridgeNetwork } from '../intent/index.js';
import type { Rule, Ruleset } from './ruleset.js';
import type { RuleSpec } from './spec.js';

/** A host port the INPUT chain opens only to sources that leave out some Docker networks. */
export interface InputGap {
  protocol: string;
  port: string;
  /** The rule that restricts the port to its sources (its line locates the finding in a saved file). */
  rule: Rule;
  /** Every source INPUT admits for this port before traffic is refused. */
  allowed: string[];
  networks: BridgeNetwork[];
  /** What refuses the rest: the policy or the catch-all rule. */
  refusedBy: string;
}

interface Grant {
  source: Prefix | null;
  inInterface: string | null;
  protocol: string | null;
  /** Port ranges, or null for every port. */
  ports: [number, number][] | null;
}

const UNDERSTOOD = new Set(['tcp', 'udp', 'multiport', 'state', 'conntrack', 'comment']);

function portRanges(text: string): [number, number][] {
  return text.split(',').map((item) => {
    const [low, high] = item.split(':').map(Number) as [number, number | undefined];
    return [low, high ?? low];
  });
}

/**
 * What an ACCEPT rule admits for new connections, or null when it cannot be read as a plain grant (negations, rate
 * limits, established-only state): such rules neither open nor restrict anything in this analysis.
 */
function grantOf(spec: RuleSpec): Grant | null {
  if (spec.target?.name !== 'ACCEPT' || spec.source?.negated || spec.inInterface?.negated || spec.protocol?.negated || spec.fragment) return null;
  if (spec.source && spec.source.value.prefix === null) return null;
  let ports: [number, number][] | null = null;
  for (const match of spec.matches) {
    if (!UNDERSTOOD.has(match.name)) return null;
    for (const o of match.options) {
      if (o.negated) return null;
      if (o.name === 'dport' || o.name === 'dports' || o.name === 'ports') ports = portRanges(o.args[0] as string);
      else if (o.name === 'sport' || o.name === 'sports') return null;
      else if ((o.name === 'state' || o.name === 'ctstate') && !(o.args[0] as string).split(',').includes('NEW')) return null;
    }
  }
  return {
    source: spec.source?.value.any ? null : (spec.source?.value.prefix ?? null),
    inInterface: spec.inInterface?.value ?? null,
    protocol: spec.protocol?.value ?? null,
    ports,
  };
}

function interfaceMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** An unconditional DROP or REJECT: everything not accepted before it is refused. */
function refuses(spec: RuleSpec): boolean {
  const target = spec.target?.name;
  return (
    (target === 'DROP' || target === 'REJECT') &&
    !spec.source && !spec.destination && !spec.inInterface && !spec.outInterface && !spec.protocol && !spec.fragment &&
    spec.matches.every((m) => m.name === 'comment')
  );
}

/**
 * Host ports INPUT admits only from some sources, checked against every Docker network: a container's packets reach
 * INPUT from its bridge with its own address as source, so a rule like `-s 172.16.0.0/12 --dport 38888 -j ACCEPT`
 * followed by a REJECT (the stock RHEL file) shuts out networks in 192.168.0.0/20 (the seed's own case).
 */
export function inputGaps(ruleset: Ruleset, networks: BridgeNetwork[]): InputGap[] {
  const input = ruleset.tables.get('filter')?.chains.get('INPUT');
  if (!input) return [];
  let end = input.rules.length;
  let refusedBy = input.policy !== 'ACCEPT' ? `the INPUT policy ${input.policy}` : '';
  for (let i = 0; i < input.rules.length; i++) {
    const spec = input.rules[i]?.spec;
    if (spec && refuses(spec)) {
      end = i;
      refusedBy = `\`-A INPUT ${input.rules[i]?.text}\``;
      break;
    }
  }
  if (!refusedBy) return [];
  const considered = input.rules.slice(0, end);
  const grants = considered.map((rule) => ({ rule, grant: rule.spec ? grantOf(rule.spec) : null }));
  const gaps = new Map<string, InputGap>();
  for (const { rule, grant } of grants) {
    if (!grant?.source || !grant.ports || !grant.protocol) continue;
    for (const [low, high] of grant.ports) {
      const port = low === high ? String(low) : `${low}:${high}`;
      const key = `${grant.protocol}/${port}`;
      if (gaps.has(key)) continue;
      const applicable = grants
        .map((g) => g.grant)
        .filter((g): g is Grant => g !== null)
        .filter((g) => (g.protocol === null || g.protocol === grant.protocol) && (g.ports === null || g.ports.some(([a, b]) => a <= low && high <= b)));
      const uncovered = networks.filter((n) => {
        if (n.ipv4 === null) return false;
        const sources = applicable.filter((g) => g.inInterface === null || interfaceMatches(g.inInterface, n.bridge));
        if (sources.some((g) => g.source === null)) return false;
        return !RangeSet.ofPrefixes(sources.map((g) => g.source as Prefix)).coversRange(rangeOfPrefix(n.ipv4));
      });
      if (uncovered.length === 0) continue;
      const allowed = [...new Set(applicable.filter((g) => g.inInterface === null && g.source).map((g) => formatPrefix(g.source as Prefix)))];
      gaps.set(key, { protocol: grant.protocol, port, rule, allowed, networks: uncovered, refusedBy });
    }
  }
  return [...gaps.values()];
}
