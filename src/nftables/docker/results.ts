import type { RuleContext, RuleResult } from '../../engine/types.js';
import { dockerIntent } from '../../intent/index.js';
import type { FactName, Snapshot } from '../../snapshot/schema.js';
import { dockerNftables } from './analysis.js';
import { describePiece, type NftPiece } from './drift.js';
import { DOCKER_TABLE } from './render.js';
import { familyBreakage, nftWipeCause } from './wipe.js';

/**
 * The live fact a firewall check of this host needs: the nft ruleset under Docker's nftables backend (29+), the
 * iptables rules otherwise. A host whose backend cannot be told (no engine) needs the iptables rules, as before.
 */
export function firewallFactOfHost(snapshot: Snapshot, engineVersion: string): FactName[] {
  return dockerIntent(snapshot, engineVersion)?.settings.backend === 'nftables' ? ['nftRuleset'] : ['iptables'];
}

const NFT_REPAIR = {
  text:
    "Restart dockerd (`systemctl restart docker`): under the nftables backend it builds its docker-bridges tables only when it starts and never re-applies them after a flush (moby 29: \"ReapplyNetworkLevelRules is not implemented for nftables\"). Without live-restore every container restarts (DD501). To keep it from happening again, stop the nftables config from flushing the whole ruleset (flush or `destroy table` only your own tables), or bind docker.service to nftables.service (DD409, `dockdoc hook install --restart-docker`).",
  commands: ['systemctl restart docker'],
};

/** DD401 under the nftables backend: Docker's table gone, or a network's or published port's pieces gone. */
export function nftWipeResults(snapshot: Snapshot, context: RuleContext): RuleResult[] {
  const analysis = dockerNftables(snapshot, context.engineVersion);
  if (!analysis) return [];
  const results: RuleResult[] = [];
  const cause = nftWipeCause(snapshot);
  for (const family of analysis.families) {
    if (family.missing.length === 0) continue;
    const table = `${family.family} ${DOCKER_TABLE}`;
    const breakage = familyBreakage(family);
    const common = { backend: 'nftables', table, cause };
    if (!family.live) {
      results.push({
        subject: `nft:${table}`,
        message: `Docker's nftables table \`${table}\` is missing from the live ruleset: every network's forwarding, outbound NAT and published ports over ${family.family === 'ip' ? 'IPv4' : 'IPv6'} are gone${breakage.length > 0 ? ` (${breakage.map((b) => b.network).join(', ')})` : ''}. ${cause} dockerd does not rebuild it until it restarts, and \`docker network create\` / \`docker run -p\` add to a table that no longer has its base chains.`,
        evidence: { ...common, missing: family.missing.length },
        fix: NFT_REPAIR,
      });
    }
    for (const broken of breakage) {
      results.push({
        subject: `network:${broken.network}`,
        message: `network ${broken.network} (${broken.bridge}, ${family.family === 'ip' ? 'IPv4' : 'IPv6'}): ${broken.problems.join('; ')}.${family.live ? ` ${cause}` : ''}`,
        evidence: { ...common, network: broken.network, bridge: broken.bridge, problems: broken.problems, missing: broken.missing },
        fix: NFT_REPAIR,
      });
    }
  }
  return results;
}

/** `nft delete` commands for left-over pieces: map elements first (they reference the chains), then the chains. */
function deleteCommands(table: string, pieces: NftPiece[]): string[] {
  const elements = pieces.flatMap((p) => (p.kind === 'element' ? [`nft delete element ${table} ${p.map} '{ ${p.key} }'`] : []));
  const chains = pieces.flatMap((p) => (p.kind === 'chain' ? [`nft flush chain ${table} ${p.chain}`, `nft delete chain ${table} ${p.chain}`] : []));
  return [...elements, ...chains];
}

/** DD404 under the nftables backend: per-bridge chains and verdict-map elements of bridges no network has. */
export function nftStaleResults(snapshot: Snapshot, context: RuleContext): RuleResult[] {
  const analysis = dockerNftables(snapshot, context.engineVersion);
  if (!analysis) return [];
  return analysis.families.flatMap((family) =>
    family.stale.map(({ bridge, pieces }): RuleResult => {
      const table = `${family.family} ${DOCKER_TABLE}`;
      const commands = deleteCommands(table, pieces);
      return {
        subject: `bridge:${bridge}`,
        message: `Docker's nftables table \`${table}\` still has ${pieces.map(describePiece).join(', ')} for bridge ${bridge}, which no Docker network has. dockerd deletes them with the network; these were left behind (a failed removal, or a network of an earlier daemon).`,
        evidence: { backend: 'nftables', table, bridge, pieces: pieces.map(describePiece) },
        fix: { text: `Delete them (elements first, then the chains):\n${commands.join('\n')}`, commands },
      };
    }),
  );
}
