import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostIo } from '../../src/gather/hostIo.js';
import { gatherNftRuleset, listDockerTables, listNftChains, nftRulesetOf } from '../../src/gather/nftables.js';
import { unavailable } from '../../src/snapshot/fact.js';
import type { NftRulesetFact } from '../../src/snapshot/schema.js';

/** What the gatherer recorded on a real iptables-nft host with Docker 29's tables (fixtures/nftables/README.md). */
const gathered = JSON.parse(readFileSync(new URL('../../fixtures/nftables/captures/iptables-nft-host.gathered.json', import.meta.url), 'utf8')) as NftRulesetFact;

type Answer = string | ((args: string[]) => ReturnType<HostIo['run']>);

const ABSENT = (args: string[]): ReturnType<HostIo['run']> => Promise.resolve(unavailable(`\`nft ${args.join(' ')}\` failed (exit 1): Error: No such file or directory`));

/** A host whose nft answers from `answers` (keyed by the arguments joined), and records every run asked for. */
function nftHost(answers: Map<string, Answer>): HostIo & { asked: string[] } {
  const asked: string[] = [];
  const io = {
    asked,
    run: async (file: string, args: string[]) => {
      asked.push(`${file} ${args.join(' ')}`);
      const answer = answers.get(args.join(' '));
      if (answer === undefined) throw new Error(`not expected: ${file} ${args.join(' ')}`);
      return typeof answer === 'string' ? { stdout: answer, stderr: '' } : answer(args);
    },
  };
  return io as unknown as HostIo & { asked: string[] };
}

const CHAINS: [string, Answer][] = [
  ['-j list chains', gathered.chains!.json],
  ['list chains', gathered.chains!.text!],
];
const NO_DOCKER_TABLES: [string, Answer][] = ['ip', 'ip6'].map((family) => [`-j list table ${family} docker-bridges`, ABSENT]);

describe("gatherNftRuleset: Docker's own tables", () => {
  it('asks for the text of a table only once its JSON listing did not say it is absent (Docker before 29: two runs, not four)', async () => {
    const io = nftHost(new Map([...CHAINS, ...NO_DOCKER_TABLES]));
    expect(await gatherNftRuleset(1000, io)).toEqual({ json: '{"nftables":[]}', text: '', chains: gathered.chains });
    expect(io.asked.filter((a) => a.includes('docker-bridges'))).toEqual(['nft -j list table ip docker-bridges', 'nft -j list table ip6 docker-bridges']);
  });

  it('lists both forms of a table that is there, as before', async () => {
    const json = (family: string): string => JSON.stringify({ nftables: [{ metainfo: { version: '1.0.9' } }, { table: { family, name: 'docker-bridges', handle: 1 } }] });
    const text = (family: string): string => `table ${family} docker-bridges {\n}\n`;
    const io = nftHost(new Map([...CHAINS, ...['ip', 'ip6'].flatMap((f): [string, Answer][] => [[`-j list table ${f} docker-bridges`, json(f)], [`list table ${f} docker-bridges`, text(f)]])]));
    const fact = (await gatherNftRuleset(1000, io)) as NftRulesetFact;
    expect(fact.text).toBe(`${text('ip')}${text('ip6')}`);
    expect(JSON.parse(fact.json)).toEqual({ nftables: [{ metainfo: { version: '1.0.9' } }, { table: { family: 'ip', name: 'docker-bridges', handle: 1 } }, { table: { family: 'ip6', name: 'docker-bridges', handle: 1 } }] });
    expect(io.asked.filter((a) => a.includes('docker-bridges'))).toHaveLength(4);
  });

  it('still asks for the text when the JSON listing fails for another reason, and says why the fact is unavailable', async () => {
    const noJson = (): ReturnType<HostIo['run']> => Promise.resolve(unavailable('`nft -j list table ip docker-bridges` failed (exit 1): Error: JSON support not compiled-in'));
    const io = nftHost(new Map<string, Answer>([...CHAINS, ['-j list table ip docker-bridges', noJson], ['list table ip docker-bridges', 'table ip docker-bridges {\n}\n'], ['-j list table ip6 docker-bridges', ABSENT]]));
    expect(await gatherNftRuleset(1000, io)).toEqual(unavailable('`nft -j list table ip docker-bridges` failed (exit 1): Error: JSON support not compiled-in'));
    expect(io.asked).toContain('nft list table ip docker-bridges');
  });
});

/** The ruleset fact as a live check whose checks read the chains gathers it (src/gather/nftFacts.ts). */
const liveRuleset = async (io: HostIo) => nftRulesetOf(await listDockerTables(1000, io), await listNftChains(1000, io, 'if-json-unreadable'));

describe('listNftChains: `nft list chains` as text, for a live check', () => {
  it('is not asked when the JSON listing reads without problems (the analysis reads only the JSON then)', async () => {
    const io = nftHost(new Map([...CHAINS, ...NO_DOCKER_TABLES]));
    expect(await liveRuleset(io)).toEqual({ json: '{"nftables":[]}', text: '', chains: { json: gathered.chains!.json } });
    expect(io.asked).not.toContain('nft list chains');
  });

  it('is asked and recorded when the JSON listing cannot be read (the analysis reads the text then)', async () => {
    const io = nftHost(new Map([...CHAINS, ...NO_DOCKER_TABLES, ['-j list chains', '{"nftables": "not an array"}']]));
    expect(await liveRuleset(io)).toEqual({ json: '{"nftables":[]}', text: '', chains: { json: '{"nftables": "not an array"}', text: gathered.chains!.text } });
  });

  it('is not asked when the JSON listing fails: the fact is unavailable for the reason nft gave', async () => {
    const failed = unavailable('`nft -j list chains` failed (exit 1): Error: Operation not permitted');
    const io = nftHost(new Map([...CHAINS, ...NO_DOCKER_TABLES, ['-j list chains', () => Promise.resolve(failed)]]));
    expect(await liveRuleset(io)).toEqual(failed);
    expect(io.asked).not.toContain('nft list chains');
  });
});
