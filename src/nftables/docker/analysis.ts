import { dockerIntent, type DockerIntent } from '../../intent/index.js';
import { derived } from '../../snapshot/derive.js';
import { available } from '../../snapshot/fact.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { readNftJson } from '../json.js';
import { readNftListing } from '../listing.js';
import { findTable, type NftRuleset, type NftTable } from '../model.js';
import type { NftIpFamily, NftNetworkConfig, NftPortBinding } from './config.js';
import { missingPieces, pieceKey, piecesAddedBy, type NftPiece } from './drift.js';
import { nftFirewallerInput, type NftFirewallerInput } from './fromIntent.js';
import { DOCKER_TABLE, bridgeChains, renderDockerTable } from './render.js';

/** What one network or one published port lost. */
export interface NftBrokenPart {
  network: string;
  bridge: string;
  /** Set for a port binding's own pieces. */
  binding?: NftPortBinding & { container: string };
  missing: NftPiece[];
}

export interface NftFamilyAnalysis {
  family: NftIpFamily;
  expected: NftTable;
  live: NftTable | undefined;
  missing: NftPiece[];
  /** Networks and port bindings whose pieces are missing, in Docker's terms. */
  broken: NftBrokenPart[];
  /** Bridges that have chains or map elements in Docker's table but no current network (DD404). */
  stale: { bridge: string; pieces: NftPiece[] }[];
}

export interface NftDockerAnalysis {
  intent: DockerIntent;
  input: NftFirewallerInput;
  ruleset: NftRuleset;
  /** Problems reading `nft -j` (the text listing was read instead when the JSON was unusable). */
  readProblems: string[];
  families: NftFamilyAnalysis[];
}

const cache = derived((_snapshot: Snapshot) => new Map<string, NftDockerAnalysis | null>());

/**
 * Docker's nftables tables as dockerd (29+, `firewall-backend: nftables`) would have programmed them for the live
 * networks, against the gathered ruleset. Null unless the nftables backend is in use and the ruleset was gathered.
 */
export function dockerNftables(snapshot: Snapshot, engineVersion: string): NftDockerAnalysis | null {
  const perVersion = cache(snapshot);
  if (!perVersion.has(engineVersion)) perVersion.set(engineVersion, analyse(snapshot, engineVersion));
  return perVersion.get(engineVersion) ?? null;
}

/**
 * The live ruleset as gathered: Docker's own tables in full, and, from snapshots that hold `chains`, every other
 * table with its chains (base chains' hooks and policies) but no rules.
 */
export function liveNftRuleset(snapshot: Snapshot): { ruleset: NftRuleset; problems: string[] } | null {
  const fact = available(snapshot.facts.nftRuleset);
  if (!fact) return null;
  const listed = readListing(fact.json, fact.text, { json: 'nft -j', text: 'nft list' });
  if (!fact.chains) return listed;
  const chains = readListing(fact.chains.json, fact.chains.text, { json: 'nft -j list chains', text: 'nft list chains' }, true);
  // Docker's tables come from their own listing only: a chains listing without rules would pass for a wiped table.
  const others = chains.ruleset.tables.filter((t) => t.name !== DOCKER_TABLE || (t.family !== 'ip' && t.family !== 'ip6'));
  return { ruleset: { tables: [...listed.ruleset.tables, ...others] }, problems: [...listed.problems, ...chains.problems] };
}

/**
 * `nft -j` output into the canonical form, or, when dockdoc cannot read it, the text listing of the same. A text left
 * out (a live check's `nft list chains`, gathered only when the JSON cannot be read) leaves what the JSON gave.
 */
function readListing(json: string, text: string | undefined, command: { json: string; text: string }, chainsMakeTables = false): { ruleset: NftRuleset; problems: string[] } {
  const fromJson = readNftJson(json, { chainsMakeTables });
  if (fromJson.problems.length === 0) return { ruleset: fromJson.ruleset, problems: [] };
  const jsonProblems = fromJson.problems.map((p) => `${command.json}: ${p.message}`);
  if (text === undefined) return { ruleset: fromJson.ruleset, problems: [...jsonProblems, `${command.text}: not recorded in this snapshot`] };
  const fromText = readNftListing(text);
  return {
    ruleset: fromText.ruleset,
    problems: [...jsonProblems, ...fromText.problems.map((p) => `${command.text} line ${p.line}: ${p.message}`)],
  };
}

function analyse(snapshot: Snapshot, engineVersion: string): NftDockerAnalysis | null {
  const intent = dockerIntent(snapshot, engineVersion);
  // dockerd's `iptables`/`ip6tables` options switch its firewalling on and off whichever backend does it.
  if (!intent || intent.settings.backend !== 'nftables' || !intent.settings.iptables) return null;
  const live = liveNftRuleset(snapshot);
  if (!live) return null;
  const input = nftFirewallerInput(intent);
  const enabled: NftIpFamily[] = ['ip', ...(intent.settings.ip6tables ? (['ip6'] as const) : [])];
  const families = enabled.map((family) => analyseFamily(family, input, intent.present.bridges, findTable(live.ruleset, family, DOCKER_TABLE)));
  return { intent, input, ruleset: live.ruleset, readProblems: live.problems, families };
}

function analyseFamily(family: NftIpFamily, input: NftFirewallerInput, bridges: ReadonlySet<string>, live: NftTable | undefined): NftFamilyAnalysis {
  const expected = renderDockerTable(family, input.daemon, input.networks);
  const missing = missingPieces(expected, live);
  const missingKeys = new Set(missing.map(pieceKey));
  const broken: NftBrokenPart[] = [];
  for (const network of input.networks.filter((n) => n[family] !== null)) {
    const others = input.networks.filter((n) => n !== network);
    const own = piecesAddedBy(expected, renderDockerTable(family, input.daemon, others));
    const name = input.names.get(network) ?? network.bridge;
    const portPieces = new Set<string>();
    for (const binding of network.ports) {
      const withoutBinding: NftNetworkConfig = { ...network, ports: network.ports.filter((p) => p !== binding) };
      const pieces = piecesAddedBy(expected, renderDockerTable(family, input.daemon, [...others, withoutBinding]));
      for (const p of pieces) portPieces.add(pieceKey(p));
      const lost = pieces.filter((p) => missingKeys.has(pieceKey(p)));
      const owner = input.owners.get(binding);
      if (lost.length > 0) broken.push({ network: name, bridge: network.bridge, binding: { ...binding, container: owner?.container ?? '?' }, missing: lost });
    }
    const lost = own.filter((p) => missingKeys.has(pieceKey(p)) && !portPieces.has(pieceKey(p)));
    if (lost.length > 0) broken.unshift({ network: name, bridge: network.bridge, missing: lost });
  }
  return { family, expected, live, missing, broken, stale: staleBridges(bridges, live) };
}

/**
 * Per-bridge chains and map elements whose bridge no engine network has, modelled or not (dockerd deletes them with
 * the network, so they are left over from a failed removal or a previous engine).
 */
function staleBridges(current: ReadonlySet<string>, live: NftTable | undefined): NftFamilyAnalysis['stale'] {
  if (!live) return [];
  const byBridge = new Map<string, NftPiece[]>();
  const add = (bridge: string, piece: NftPiece): void => {
    if (current.has(bridge)) return;
    byBridge.set(bridge, [...(byBridge.get(bridge) ?? []), piece]);
  };
  for (const chain of live.chains.values()) {
    const match = /^(?:filter-forward-(?:in|out)|nat-postrouting-(?:in|out))__(.+)$/.exec(chain.name);
    if (match) add(match[1]!, { kind: 'chain', chain: chain.name });
  }
  for (const map of live.maps.values()) {
    for (const [key, value] of map.elements) {
      const bridge = key.replace(/^"(.*)"$/, '$1');
      if (Object.values(bridgeChains(bridge)).some((c) => value === `jump ${c}`)) add(bridge, { kind: 'element', map: map.name, key, value });
    }
  }
  return [...byBridge].map(([bridge, pieces]) => ({ bridge, pieces }));
}
