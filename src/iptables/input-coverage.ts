import { rangeOfPrefix, RangeSet } from '../net/range-set.js';
import { containsPrefix, formatPrefix, type Prefix } from '../net/prefix.js';
import type { BridgeNetwork } from '../intent/index.js';
import { protocolNumber } from './netdb.js';
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

/** The part of INPUT a new connection walks before it is refused, and what refuses it. */
interface InputPath {
  grants: { rule: Rule; grant: Grant | null }[];
  refusedBy: string;
  /** The catch-all rule, or null when the chain's policy refuses. */
  refusing: Rule | null;
}

function inputPath(ruleset: Ruleset): InputPath | null {
  const input = ruleset.tables.get('filter')?.chains.get('INPUT');
  if (!input) return null;
  let end = input.rules.length;
  let refusedBy = input.policy !== 'ACCEPT' ? `the INPUT policy ${input.policy}` : '';
  let refusing: Rule | null = null;
  for (let i = 0; i < input.rules.length; i++) {
    const spec = input.rules[i]?.spec;
    if (spec && refuses(spec)) {
      end = i;
      refusing = input.rules[i]!;
      refusedBy = `\`-A INPUT ${refusing.text}\``;
      break;
    }
  }
  if (!refusedBy) return null;
  const considered = input.rules.slice(0, end);
  return { grants: considered.map((rule) => ({ rule, grant: rule.spec ? grantOf(rule.spec) : null })), refusedBy, refusing };
}

/** What a new connection from one source looks like to INPUT. */
export interface InputProbe {
  /** `tcp`, `udp`, `esp`, or any name or number `-p` takes. */
  protocol: string;
  /** Destination port; null for protocols without ports (ESP). */
  port: number | null;
  source: Prefix;
  /** The interface the packet arrives on, or null when not known (then interface-bound grants are given the benefit of the doubt). */
  inInterface: string | null;
}

export interface InputRefusal {
  refusedBy: string;
  /** The catch-all rule (an ACCEPT must go before it), or null when the policy refuses (an appended ACCEPT works). */
  refusing: Rule | null;
}

function sameProtocol(grant: string | null, probe: string): boolean {
  if (grant === null) return true;
  const number = protocolNumber(grant);
  return number === 0 || (number !== null && number === protocolNumber(probe));
}

/**
 * Whether INPUT refuses a new connection: null when a grant before the refusal admits it, or when nothing refuses
 * (policy ACCEPT, no catch-all). Rules the analysis cannot read as plain grants (jumps, negations, rate limits) admit
 * nothing here; `opaque` says when such a jump could have admitted it after all.
 */
export function inputRefuses(ruleset: Ruleset, probe: InputProbe): (InputRefusal & { opaque: Rule[] }) | null {
  const path = inputPath(ruleset);
  if (!path) return null;
  for (const { grant } of path.grants) {
    if (!grant || !sameProtocol(grant.protocol, probe.protocol)) continue;
    if (grant.ports !== null && (probe.port === null || !grant.ports.some(([low, high]) => low <= probe.port! && probe.port! <= high))) continue;
    if (grant.source !== null && !containsPrefix(grant.source, probe.source)) continue;
    if (grant.inInterface !== null && probe.inInterface !== null && !interfaceMatches(grant.inInterface, probe.inInterface)) continue;
    return null;
  }
  // A jump to a chain of the admin's own (ufw, firewalld's INPUT_direct) may hold the grant this analysis cannot see.
  const opaque = path.grants.filter(({ rule }) => {
    const target = rule.spec?.target;
    return target !== null && target !== undefined && !BUILTIN_TARGETS.has(target.name);
  }).map(({ rule }) => rule);
  return { refusedBy: path.refusedBy, refusing: path.refusing, opaque };
}

const BUILTIN_TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'LOG', 'NFLOG', 'RETURN', 'MARK', 'CONNMARK', 'CT', 'NOTRACK', 'TRACE', 'AUDIT']);

/**
 * Host ports INPUT admits only from some sources, checked against every Docker network: a container's packets reach
 * INPUT from its bridge with its own address as source, so a rule like `-s 172.16.0.0/12 --dport 38888 -j ACCEPT`
 * followed by a REJECT (the stock RHEL file) shuts out networks in 192.168.0.0/20 (the seed's own case).
 */
export function inputGaps(ruleset: Ruleset, networks: BridgeNetwork[]): InputGap[] {
  const path = inputPath(ruleset);
  if (!path) return [];
  const { grants, refusedBy } = path;
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
