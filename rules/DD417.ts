import type { Location, Rule, RuleResult } from '../src/engine/types.js';
import { deviceToward } from '../src/iproute/lookup.js';
import { familyFirewall, hostFirewall } from '../src/iptables/host.js';
import { inputRefuses, type InputRefusal } from '../src/iptables/input-coverage.js';
import type { Rule as IptablesRule, Ruleset } from '../src/iptables/ruleset.js';
import { formatPrefix, prefixOrHost, tryAddress } from '../src/net/prefix.js';
import { chainLabel, inputHookChains } from '../src/nftables/input/chains.js';
import { readNftConfigInput } from '../src/nftables/input/config.js';
import { evaluateInputHook, type NftBaseChainVerdict } from '../src/nftables/input/evaluate.js';
import { firewalldCommands, firewalldZone, isFirewalldChain, nftAcceptRule, nftAdmitCommand } from '../src/nftables/input/fix.js';
import { available } from '../src/snapshot/fact.js';
import type { FactName, NftInputChainsFact, RouteEntry, Snapshot, SwarmFact } from '../src/snapshot/schema.js';
import { swarmFactsNeeded } from '../src/swarm/facts.js';
import { swarmNeeds, type SwarmNeed } from '../src/swarm/ports.js';

/** What stops working when a kind of swarm traffic is refused. */
const CONSEQUENCE: Record<SwarmNeed['kind'], string> = {
  manager: 'nodes cannot join this manager or report to it, and managers cannot keep their quorum',
  gossip: 'nodes cannot gossip, so overlay peers, service discovery and load-balancer entries stop reaching the other nodes',
  data: "containers on other nodes cannot reach this node's containers over overlay networks (VXLAN is dropped)",
  esp: 'encrypted overlay networks carry nothing between the nodes',
};

function needLabel(need: SwarmNeed): string {
  return need.port === null ? `${need.protocol} (IP protocol 50)` : `${need.protocol}/${need.port}`;
}

/** The ACCEPT rule for one peer as iptables-save prints it, so that the next check reads it back as the grant. */
function acceptRule(need: SwarmNeed, peer: string): string {
  const source = formatPrefix(prefixOrHost(peer));
  if (need.port === null) return `-s ${source} -p ${need.protocol} -j ACCEPT`;
  return `-s ${source} -p ${need.protocol} -m ${need.protocol} --dport ${need.port} -j ACCEPT`;
}

interface Source {
  where: string;
  family: 4 | 6;
  ruleset: Ruleset;
  /** A saved file (findings carry its line), or the live firewall (findings carry commands). */
  file: string | null;
}

function refusingPosition(ruleset: Ruleset, refusing: IptablesRule | null): number | null {
  if (refusing === null) return null;
  const rules = ruleset.tables.get('filter')?.chains.get('INPUT')?.rules ?? [];
  return rules.indexOf(refusing) + 1;
}

const rule: Rule = {
  id: 'DD417',
  title: 'the firewall shuts other swarm nodes out of the ports swarm needs',
  severity: 'error',
  area: 'firewall',
  needs: ['engine', 'iptables', 'routes'],
  needsOnHost: (snapshot) => [...swarmFactsNeeded(snapshot), ...nftInputNeeded(snapshot)],
  summary:
    "INPUT (live or in a saved rules file, or a native nftables input chain) refuses, from the swarm's other nodes, TCP 2377 (to managers), TCP or UDP 7946 (gossip), UDP 4789 or the cluster's data-path port (VXLAN), or ESP where an overlay is encrypted: nodes drop out and overlay traffic between nodes stops.",
  check(snapshot): RuleResult[] {
    const swarm = available(snapshot.facts.swarm);
    if (!swarm || swarm.localNodeState !== 'active') return [];
    const needs = swarmNeeds(swarm);
    if (needs.length === 0) return [];
    const routes = available(snapshot.facts.routes) ?? [];
    const sources: Source[] = hostFirewall(snapshot).saved.map((s) => ({ where: s.file, family: s.family, ruleset: s.ruleset, file: s.file }));
    for (const family of [4, 6] as const) {
      const live = familyFirewall(snapshot, family)?.live;
      if (live) sources.push({ where: 'the live firewall', family, ruleset: live, file: null });
    }
    // Saved files first: their findings carry file:line. The live firewall usually holds the same rules: its commands
    // then join the saved file's finding, and only what is refused live alone is reported on its own.
    const found = sources.flatMap((source) =>
      needs.flatMap((need) => {
        const refused: Refused[] = [];
        for (const peer of need.peers) {
          const address = prefixOrHost(peer);
          if (address.family !== source.family) continue;
          const refusal = inputRefuses(source.ruleset, { protocol: need.protocol, port: need.port, source: address, inInterface: deviceToward(routes, peer) });
          if (refusal) refused.push({ peer, refusal });
        }
        return refused.length === 0 ? [] : [{ key: `${needLabel(need)} ${refused.map((r) => r.peer).join(',')}`, source, need, refused }];
      }),
    );
    const liveCommands = new Map(found.filter((f) => f.source.file === null).map((f) => [f.key, liveFix(f.source, f.need, f.refused).commands ?? []]));
    const seen = new Set<string>();
    const results: RuleResult[] = [];
    for (const f of found) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      results.push(finding(f.source, f.need, f.refused, liveCommands.get(f.key) ?? []));
    }
    results.push(...nftFindings(snapshot, swarm, needs, routes));
    return results;
  },
};

/**
 * The native nftables chains on the input hook matter on a swarm node that has any besides iptables-nft's own: then
 * their rules must have been read (a snapshot from before that fact is skipped, not passed).
 */
function nftInputNeeded(snapshot: Snapshot): FactName[] {
  if (swarmFactsNeeded(snapshot).length === 0) return [];
  const chains = available(snapshot.facts.nftRuleset)?.chains;
  return chains && inputHookChains(chains.json).length > 0 ? ['nftInputChains'] : [];
}

interface NftRefused {
  need: SwarmNeed;
  verdict: NftBaseChainVerdict;
  peers: string[];
}

/**
 * The nftables configuration nftables.service loads at boot, when it is enabled: its input chains are what the next
 * boot or `systemctl restart nftables` brings back. Null when the unit is not enabled (or not known to be), or when
 * the files hold what dockdoc does not read (src/nftables/input/config.ts).
 */
function savedNftInput(snapshot: Snapshot): { fact: NftInputChainsFact; files: Map<string, string> } | null {
  if (available(snapshot.facts.firewallUnitStates)?.units['nftables.service']?.enabled !== 'enabled') return null;
  const files = [available(snapshot.facts.nftablesConf), ...(available(snapshot.facts.nftablesConfigFiles)?.files ?? [])].filter((f) => f !== undefined);
  return readNftConfigInput(files);
}

/** What each native input base chain of `input` does to each peer's packets, grouped by need, chain and what refuses. */
function nftRefusals(input: NftInputChainsFact, swarm: SwarmFact, needs: SwarmNeed[], routes: readonly RouteEntry[]): Map<string, NftRefused> {
  const destination = tryAddress(swarm.nodeAddr) ? swarm.nodeAddr : null;
  const groups = new Map<string, NftRefused>();
  for (const need of needs) {
    for (const peer of need.peers) {
      const verdicts = evaluateInputHook(input, { protocol: need.protocol, port: need.port, source: peer, destination, inInterface: deviceToward(routes, peer) });
      const refusing = verdicts.filter((v) => v.verdict === 'refuse');
      // A chain that refuses for sure drops the packet whatever the undecided ones do.
      for (const verdict of refusing.length > 0 ? refusing : verdicts.filter((v) => v.verdict === 'unknown')) {
        const at = verdict.refusedBy?.rule;
        const key = `${needLabel(need)} ${chainLabel(verdict.chain)} ${verdict.verdict} ${at ? `${at.handle ?? at.line}` : 'policy'} ${verdict.doubts.join(' ')}`;
        const group = groups.get(key) ?? { need, verdict, peers: [] };
        group.peers.push(peer);
        groups.set(key, group);
      }
    }
  }
  return groups;
}

/**
 * The native nftables findings: a chain that refuses for sure is an error with the `nft` (or firewall-cmd) commands
 * that admit the peers; one dockdoc cannot decide (a named set, a jump past the caps, a match it does not read) is a
 * warning that says why, never an error. The saved configuration's findings come first with file:line; the live
 * chain's commands join the one about the same chain, ports and peers, and what is refused live alone is its own.
 */
function nftFindings(snapshot: Snapshot, swarm: SwarmFact, needs: SwarmNeed[], routes: readonly RouteEntry[]): RuleResult[] {
  const liveInput = available(snapshot.facts.nftInputChains);
  const live = liveInput ? [...nftRefusals(liveInput, swarm, needs, routes).values()] : [];
  const saved = savedNftInput(snapshot);
  const sameRefusal = (a: NftRefused, b: NftRefused) =>
    needLabel(a.need) === needLabel(b.need) && chainLabel(a.verdict.chain) === chainLabel(b.verdict.chain) && a.verdict.verdict === b.verdict.verdict && a.peers.join() === b.peers.join();
  const joined = new Set<NftRefused>();
  const fromFile = saved
    ? [...nftRefusals(saved.fact, swarm, needs, routes).values()].map((refused) => {
        const twin = live.find((l) => !joined.has(l) && sameRefusal(l, refused));
        if (twin) joined.add(twin);
        return nftFinding(refused, { files: saved.files, live: twin ?? null });
      })
    : [];
  return [...fromFile, ...live.filter((l) => !joined.has(l)).map((l) => nftFinding(l, null))];
}

/** The commands that admit the peers where the live chain refuses them. */
function nftCommands({ need, verdict, peers }: NftRefused): string[] {
  const grants = peers.map((peer) => ({ protocol: need.protocol, port: need.port, peer }));
  return isFirewalldChain(verdict.chain) ? firewalldCommands(firewalldZone(verdict.path), grants) : grants.map((g) => nftAdmitCommand(verdict, g));
}

function nftFinding(refused: NftRefused, saved: { files: Map<string, string>; live: NftRefused | null } | null): RuleResult {
  const { need, verdict, peers } = refused;
  const label = needLabel(need);
  const chain = chainLabel(verdict.chain);
  const shown = `\`${chain}\``;
  const rules = peers.map((peer) => nftAcceptRule({ protocol: need.protocol, port: need.port, peer }));
  const firewalld = isFirewalldChain(verdict.chain);
  const zone = firewalldZone(verdict.path);
  const commands = saved ? (saved.live ? nftCommands(saved.live) : []) : nftCommands(refused);
  const at = verdict.refusedBy?.rule ?? null;
  const file = saved?.files.get(chainLabel(at?.chain ?? verdict.refusedBy?.chain ?? verdict.chain)) ?? null;
  const line = at?.line ?? verdict.refusedBy?.exit?.line ?? null;
  const position = at ? (at.handle !== null ? `handle ${at.handle}` : at.line !== null ? `line ${at.line}` : null) : null;
  const inOther = at && chainLabel(at.chain) !== chain ? ` in \`${chainLabel(at.chain)}\`` : '';
  const refusedBy = at ? `\`${at.text}\`${position ? ` (${position}${inOther})` : ''}` : `the policy ${verdict.policy} of ${shown}`;
  const who = `from the swarm node${peers.length > 1 ? 's' : ''} ${peers.join(', ')}`;
  const assumption = need.assumption ? ` Assumed: ${need.assumption}.` : '';
  const added = rules.map((r) => `\`${r}\``).join(', ');
  let where: string;
  if (firewalld) {
    where = `firewalld keeps its rules in this table and rewrites it on every reload: open ${label} in ${zone ? `the zone ${zone}` : 'the default zone'} with firewall-cmd (a zone's port is open to every source; a rich rule \`rule family="${tryAddress(peers[0]!)?.family === 6 ? 'ipv6' : 'ipv4'}" source address="${peers[0]}" ${need.port === null ? `protocol value="${need.protocol}"` : `port port="${need.port}" protocol="${need.protocol}"`} accept\` admits one peer only)`;
  } else if (file) {
    const spot = line !== null ? `before line ${line}${at ? ` (\`${at.text}\`)` : ''}` : `at the end of the chain ${verdict.refusedBy?.chain.name ?? verdict.chain.name} (its policy refuses the rest)`;
    where = `add ${added} to ${file} ${spot}, so nftables.service loads it at every start${commands.length > 0 ? '; the live chain refuses it too: run the commands' : ''}`;
  } else {
    where = `add ${added} to ${shown} ${at ? `before \`${at.text}\`` : verdict.verdict === 'refuse' ? '(its policy refuses the rest)' : 'at its top'}, live with the commands and in the nftables configuration that loads the table (/etc/nftables.conf, /etc/sysconfig/nftables.conf or what they include), so every reload keeps it`;
  }
  const evidence = {
    protocol: need.protocol,
    port: need.port,
    purpose: need.purpose,
    peers,
    chain,
    rules,
    ...(need.assumption ? { assumption: need.assumption } : {}),
  };
  const subject = `swarm-input:${label}`;
  const location = file ? { location: { file, ...(line !== null ? { line } : {}) } } : {};
  const source = file ? ` in ${file}` : '';
  const fix = (text: string) => ({ text, ...(commands.length > 0 ? { commands } : {}) });
  if (verdict.verdict === 'unknown') {
    return {
      subject,
      ...location,
      severity: 'warning',
      message: `The nftables input chain ${shown}${source} may refuse ${label}, ${need.purpose}, ${who}: dockdoc could not decide it, because it does not read ${verdict.doubts.join(', ')}. If it is refused, ${CONSEQUENCE[need.kind]}.${assumption}`,
      evidence: { ...evidence, undecided: verdict.doubts },
      fix: fix(`Check that ${shown} admits ${label} ${who}; if not, ${where}.`),
    };
  }
  return {
    subject,
    ...location,
    message: `The nftables input chain ${shown}${source} refuses ${label}, ${need.purpose}, ${who}: ${refusedBy} refuses ${peers.length > 1 ? 'them' : 'it'} before any rule admits ${label}, so ${CONSEQUENCE[need.kind]}.${assumption}`,
    evidence: { ...evidence, refusedBy },
    fix: fix(`Admit the other nodes on ${label}: ${where}.`),
  };
}

interface Refused {
  peer: string;
  refusal: InputRefusal & { opaque: IptablesRule[] };
}

/** The commands that admit the peers live: inserted before the catch-all rule, or appended under a refusing policy. */
function liveFix(source: Source, need: SwarmNeed, refused: Refused[]): RuleResult['fix'] {
  const { refusal } = refused[0]!;
  const position = refusingPosition(source.ruleset, refusal.refusing);
  const binary = source.family === 4 ? 'iptables' : 'ip6tables';
  const label = needLabel(need);
  return {
    text: `Admit the other nodes on ${label} ${position !== null ? `before ${refusal.refusedBy} (INPUT position ${position})` : '(the INPUT policy refuses everything not admitted)'}, and keep the rules in the saved rules file too.`,
    commands: refused.map((r) => `${binary} ${position !== null ? `-I INPUT ${position}` : '-A INPUT'} ${acceptRule(need, r.peer)}`),
  };
}

function finding(source: Source, need: SwarmNeed, refused: Refused[], liveCommands: string[]): RuleResult {
  const { refusal } = refused[0]!;
  const peers = refused.map((r) => r.peer);
  const label = needLabel(need);
  const rules = peers.map((peer) => acceptRule(need, peer));
  const opaque = [...new Set(refused.flatMap((r) => r.refusal.opaque.map((o) => `\`-A INPUT ${o.text}\``)))];
  let location: Location | undefined;
  let fix: RuleResult['fix'];
  if (source.file !== null) {
    const line = refusal.refusing?.line ?? source.ruleset.tables.get('filter')?.chains.get('INPUT')?.line ?? undefined;
    location = { file: source.file, ...(line ? { line } : {}) };
    fix = {
      text: `Add ${rules.map((r) => `\`-A INPUT ${r}\``).join(', ')} to ${source.file} ${refusal.refusing ? `before line ${refusal.refusing.line} (\`-A INPUT ${refusal.refusing.text}\`)` : 'in its *filter section'}, so every restore keeps ${label} open to the other nodes${liveCommands.length > 0 ? '; the live firewall refuses it too: run the commands' : ''}.`,
      ...(liveCommands.length > 0 ? { commands: liveCommands } : {}),
    };
  } else {
    fix = liveFix(source, need, refused);
  }
  const assumption = need.assumption ? ` Assumed: ${need.assumption}.` : '';
  const caveat = opaque.length > 0 ? ` Unless a chain that INPUT jumps to admits it (${opaque.join(', ')}: dockdoc does not follow jumps there).` : '';
  return {
    subject: `swarm-input:${label}`,
    ...(location ? { location } : {}),
    ...(opaque.length > 0 ? { severity: 'warning' as const } : {}),
    message: `INPUT in ${source.where} refuses ${label}, ${need.purpose}, from the swarm node${peers.length > 1 ? 's' : ''} ${peers.join(', ')}: ${refusal.refusedBy} refuses ${peers.length > 1 ? 'them' : 'it'} before any rule admits ${label}, so ${CONSEQUENCE[need.kind]}.${assumption}${caveat}`,
    evidence: {
      protocol: need.protocol,
      port: need.port,
      purpose: need.purpose,
      peers,
      refusedBy: refusal.refusedBy,
      rules: rules.map((r) => `-A INPUT ${r}`),
      ...(need.assumption ? { assumption: need.assumption } : {}),
    },
    fix,
  };
}

export default rule;
