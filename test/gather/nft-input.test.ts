import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unavailable } from '../../src/snapshot/fact.js';
import type { HostIo } from '../../src/gather/hostIo.js';
import { gatherNftInputChains } from '../../src/gather/nftInput.js';
import { MAX_NFT_INPUT_CHAINS, MAX_NFT_JUMP_DEPTH } from '../../src/limits/caps.js';
import type { NftInputChainsFact, NftRulesetFact } from '../../src/snapshot/schema.js';

/** Real captures (fixtures/nftables/input/README.md). */
const firewalld = JSON.parse(readFileSync(new URL('../../fixtures/nftables/input/firewalld.gathered.json', import.meta.url), 'utf8')) as {
  chains: { json: string; text: string };
  nftInputChains: NftInputChainsFact;
};

/** A host whose nft answers `nft -j list chain` from `documents` (by `FAMILY TABLE NAME`); a missing chain fails as nft does. */
function nftHost(documents: Map<string, string>): HostIo & { asked: string[] } {
  const asked: string[] = [];
  const io = {
    asked,
    run: async (file: string, args: string[]) => {
      const key = args.slice(3).join(' ');
      asked.push(key);
      const json = documents.get(key);
      if (file !== 'nft' || json === undefined) return unavailable(`\`nft ${args.join(' ')}\` failed (exit 1): Error: No such file or directory`);
      return { stdout: json, stderr: '' };
    },
  };
  return io as unknown as HostIo & { asked: string[] };
}

const ruleset = (chainsJson: string): NftRulesetFact => ({ json: '', text: '', chains: { json: chainsJson, text: '' } });

/** `nft -j list chains` of one input base chain in `inet t`. */
const baseChainListing = JSON.stringify({ nftables: [{ chain: { family: 'inet', table: 't', name: 'input', handle: 1, type: 'filter', hook: 'input', prio: 0, policy: 'drop' } }] });

/** A chain whose only rules jump to `targets`. */
function jumping(name: string, targets: string[]): string {
  return JSON.stringify({ nftables: targets.map((target, i) => ({ rule: { family: 'inet', table: 't', chain: name, handle: i + 2, expr: [{ jump: { target } }] } })) });
}

describe('gatherNftInputChains', () => {
  it("lists firewalld's input path as the real gatherer did, from the chains nft listed", async () => {
    const documents = new Map(firewalld.nftInputChains.chains.map((c) => [`${c.family} ${c.table} ${c.name}`, c.json!]));
    expect(await gatherNftInputChains(ruleset(firewalld.chains.json), 1000, nftHost(documents))).toEqual(firewalld.nftInputChains);
  });

  it(`follows jumps at most ${MAX_NFT_JUMP_DEPTH} deep and names the chain past that`, async () => {
    const documents = new Map<string, string>([['inet t input', jumping('input', ['c1'])]]);
    for (let i = 1; i <= 20; i++) documents.set(`inet t c${i}`, jumping(`c${i}`, [`c${i + 1}`]));
    const fact = (await gatherNftInputChains(ruleset(baseChainListing), 1000, nftHost(documents))) as NftInputChainsFact;
    expect(fact.chains.map((c) => c.name)).toEqual(['input', ...Array.from({ length: MAX_NFT_JUMP_DEPTH }, (_, i) => `c${i + 1}`)]);
    expect(fact.unlisted).toEqual([`inet t c${MAX_NFT_JUMP_DEPTH + 1}`]);
  });

  it(`lists at most ${MAX_NFT_INPUT_CHAINS} chains in all, breadth first, and names the rest`, async () => {
    const targets = Array.from({ length: 200 }, (_, i) => `zone${i}`);
    const documents = new Map<string, string>([['inet t input', jumping('input', targets)], ...targets.map((t) => [`inet t ${t}`, jumping(t, [])] as [string, string])]);
    const host = nftHost(documents);
    const fact = (await gatherNftInputChains(ruleset(baseChainListing), 1000, host)) as NftInputChainsFact;
    expect(fact.chains).toHaveLength(MAX_NFT_INPUT_CHAINS);
    expect(fact.unlisted).toEqual(targets.slice(MAX_NFT_INPUT_CHAINS - 1).map((t) => `inet t ${t}`));
    expect(host.asked).toHaveLength(MAX_NFT_INPUT_CHAINS);
  });

  it('keeps a chain whose listing failed with the reason, and is unavailable when the chains could not be listed', async () => {
    const fact = (await gatherNftInputChains(ruleset(baseChainListing), 1000, nftHost(new Map([['inet t input', jumping('input', ['gone'])]])))) as NftInputChainsFact;
    expect(fact.chains[1]).toEqual({ family: 'inet', table: 't', name: 'gone', unavailable: expect.stringContaining('No such file or directory') });
    expect(await gatherNftInputChains(unavailable('nft: command not found'), 1000, nftHost(new Map()))).toEqual({ unavailable: 'nft: command not found' });
    expect(await gatherNftInputChains({ json: '{}', text: '' }, 1000, nftHost(new Map()))).toEqual({ unavailable: 'the nftables ruleset was read without `nft -j list chains`' });
  });
});
