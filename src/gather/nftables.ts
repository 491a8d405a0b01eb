import { isUnavailable, type Fact } from '../snapshot/fact.js';
import type { NftRulesetFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';

/**
 * The live nftables ruleset in the caller's network namespace: JSON for the canonical form, text as people read it.
 * `nft list` needs CAP_NET_ADMIN; without it, or without nft, the fact is unavailable (DD002 names what is skipped).
 */
export async function gatherNftRuleset(timeoutMs: number, io: HostIo = LIVE_HOST_IO): Promise<Fact<NftRulesetFact>> {
  const json = await io.run('nft', ['-j', 'list', 'ruleset'], timeoutMs);
  if (isUnavailable(json)) return json;
  const text = await io.run('nft', ['list', 'ruleset'], timeoutMs);
  if (isUnavailable(text)) return text;
  return { json: json.stdout, text: text.stdout };
}
