import { available } from '../../snapshot/fact.js';
import type { HostFile, Snapshot } from '../../snapshot/schema.js';
import type { NftBrokenPart, NftFamilyAnalysis } from './analysis.js';
import { describePiece, type NftPiece } from './drift.js';
import { NAT_CHAIN } from './render.js';

const FLUSH_RULESET = /^\s*flush\s+ruleset\b/m;

/** A config nftables.service loads that empties every table, Docker's docker-bridges included. */
export interface FlushingConfig {
  file: HostFile;
  line: number;
}

/**
 * The files nftables.service loads that start with (or contain) `flush ruleset`: Debian's /etc/nftables.conf,
 * RHEL's /etc/sysconfig/nftables.conf, and what they include.
 */
export function flushingConfigs(snapshot: Snapshot): FlushingConfig[] {
  const files = [available(snapshot.facts.nftablesConf), ...(available(snapshot.facts.nftablesConfigFiles)?.files ?? [])];
  return files
    .filter((f): f is HostFile => f !== undefined && f.present && FLUSH_RULESET.test(f.text ?? ''))
    .map((file) => ({ file, line: (file.text ?? '').split('\n').findIndex((l) => /^\s*flush\s+ruleset\b/.test(l)) + 1 }));
}

/** What most likely emptied Docker's nft table, in words. */
export function nftWipeCause(snapshot: Snapshot): string {
  const configs = flushingConfigs(snapshot);
  const state = available(snapshot.facts.firewallUnitStates)?.units['nftables.service'];
  if (configs.length > 0) {
    const where = configs.map((c) => `${c.file.path}:${c.line}`).join(', ');
    const unit = state ? ` (nftables.service is ${state.enabled}${state.active ? `, ${state.active}` : ''})` : '';
    return `Likely cause: a start or restart of nftables.service${unit}, whose config runs \`flush ruleset\` (${where}).`;
  }
  return 'No nftables config here flushes the ruleset: something ran `nft flush ruleset` (or deleted the table) by hand or from a script.';
}

type RulePiece = Extract<NftPiece, { kind: 'rule' }>;
const isRuleIn = (piece: NftPiece, chain: string): piece is RulePiece => piece.kind === 'rule' && piece.chain === chain;

/** A port binding as Docker users write it: `0.0.0.0:8080 → web:80/tcp`. */
export function describeBinding(binding: Omit<NonNullable<NftBrokenPart['binding']>, 'containerIp'>): string {
  const host = binding.hostIp.includes(':') ? `[${binding.hostIp}]` : binding.hostIp;
  return `published port ${host}:${binding.hostPort} → ${binding.container}:${binding.containerPort}/${binding.protocol}`;
}

/** What a broken network or port binding means for traffic, in Docker's terms. */
export function describeBreakage(part: NftBrokenPart): string[] {
  const problems: string[] = [];
  const missing = part.missing;
  if (part.binding) {
    const what = describeBinding(part.binding);
    if (missing.some((p) => isRuleIn(p, NAT_CHAIN) && p.rule.includes('dnat to'))) problems.push(`${what} has no DNAT`);
    if (missing.some((p) => p.kind === 'rule' && p.chain.startsWith('filter-forward-in__') && / dport \d+ counter accept$/.test(p.rule))) {
      problems.push(`${what} is not accepted in filter-forward-in__${part.bridge} (its "UNPUBLISHED PORT DROP" drops it)`);
    }
    if (problems.length === 0) problems.push(`${what}: ${missing.map(describePiece).join('; ')} missing`);
    return problems;
  }
  if (missing.some((p) => (p.kind === 'chain' && p.chain.startsWith('filter-forward-')) || (p.kind === 'element' && p.map.startsWith('filter-forward-')))) {
    problems.push(`nothing is forwarded to or from bridge ${part.bridge}: its filter-forward chains or their verdict-map elements are gone, so Docker's accepts are never reached`);
  }
  if (missing.some((p) => p.kind === 'rule' && /comment "(MASQUERADE|SNAT)"$/.test(p.rule))) problems.push('outbound traffic of its containers is not masqueraded (no outside access)');
  if (missing.some((p) => isRuleIn(p, 'raw-PREROUTING') && p.rule.endsWith('comment "DROP DIRECT ACCESS"'))) problems.push('packets from other hosts addressed directly to its containers are no longer dropped');
  if (problems.length === 0) problems.push(`${missing.length} of Docker's pieces for it are missing: ${missing.map(describePiece).join('; ')}`);
  return problems;
}

/** Table-level and per-network findings of one family, for DD401. */
export function familyBreakage(family: NftFamilyAnalysis): { network: string; bridge: string; problems: string[]; missing: string[] }[] {
  const byNetwork = new Map<string, { network: string; bridge: string; problems: string[]; missing: string[] }>();
  for (const part of family.broken) {
    const entry = byNetwork.get(part.network) ?? { network: part.network, bridge: part.bridge, problems: [], missing: [] };
    entry.problems.push(...describeBreakage(part));
    entry.missing.push(...part.missing.map(describePiece));
    byNetwork.set(part.network, entry);
  }
  return [...byNetwork.values()];
}
