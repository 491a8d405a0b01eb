import { MAX_NFT_INPUT_CHAINS, MAX_NFT_JUMP_DEPTH } from '../limits/caps.js';
import { chainLabel, inputHookChains, jumpTargets, type NftChainName } from '../nftables/input/chains.js';
import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { NftInputChainsFact, NftListedChain, NftRulesetFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';

/**
 * The native nftables INPUT path, and only that: the input-hook filter base chains `nft -j list chains` names (in the
 * ruleset fact), then, breadth first, the regular chains their rules jump or go to, each with `nft -j list chain`.
 * Bounded by MAX_NFT_INPUT_CHAINS and MAX_NFT_JUMP_DEPTH; what lies beyond is named in `unlisted`. A chain whose
 * listing fails is kept with the reason. The gather script walks the same way (src/bundle/gather.sh).
 */
export async function gatherNftInputChains(ruleset: Fact<NftRulesetFact>, timeoutMs: number, io: HostIo = LIVE_HOST_IO): Promise<Fact<NftInputChainsFact>> {
  if (isUnavailable(ruleset)) return ruleset;
  if (!ruleset.chains) return unavailable('the nftables ruleset was read without `nft -j list chains`');
  const chains: NftListedChain[] = [];
  const unlisted: string[] = [];
  const seen = new Set<string>();
  let level: NftChainName[] = [];
  for (const chain of inputHookChains(ruleset.chains.json)) {
    seen.add(chainLabel(chain));
    if (seen.size > MAX_NFT_INPUT_CHAINS) unlisted.push(chainLabel(chain));
    else level.push(chain);
  }
  for (let depth = 0; level.length > 0; depth++) {
    const listed = await Promise.all(level.map((chain) => listChain(chain, timeoutMs, io)));
    chains.push(...listed);
    const next: NftChainName[] = [];
    for (const chain of listed) {
      for (const target of chain.json === undefined ? [] : jumpTargets(chain.json)) {
        const reached = { family: chain.family, table: chain.table, name: target };
        const label = chainLabel(reached);
        if (seen.has(label)) continue;
        seen.add(label);
        if (depth + 1 > MAX_NFT_JUMP_DEPTH || seen.size > MAX_NFT_INPUT_CHAINS) unlisted.push(label);
        else next.push(reached);
      }
    }
    level = next;
  }
  return { chains, unlisted };
}

async function listChain(chain: NftChainName, timeoutMs: number, io: HostIo): Promise<NftListedChain> {
  const listed = await io.run('nft', ['-j', 'list', 'chain', chain.family, chain.table, chain.name], timeoutMs);
  return isUnavailable(listed) ? { ...chain, unavailable: listed.unavailable } : { ...chain, json: listed.stdout };
}
