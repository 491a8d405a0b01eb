import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import type { RuleSettings } from '../../src/engine/types.js';
import type { EngineAnswers } from '../../src/gather/engineAnswers.js';
import type { HostIo } from '../../src/gather/hostIo.js';
import { checksReadNftChains, NFT_CHAINS_NOT_ASKED } from '../../src/gather/nftFacts.js';
import { gatherSnapshot } from '../../src/gather/snapshot.js';
import { HOST_CHECK_RULES } from '../../rules/index.js';
import { available, isUnavailable, unavailable } from '../../src/snapshot/fact.js';
import type { NftRulesetFact, Snapshot } from '../../src/snapshot/schema.js';
import { fixturePath } from '../helpers/cli.js';
import { recordedHealthyHost } from '../helpers/recorded-host.js';

/**
 * A live check lists every table's chains (`nft -j list chains`) and the input chains only where a check reads them
 * (src/gather/nftFacts.ts). The host is the real bundle of a healthy Debian 12 docker.io host (20.10, iptables, no
 * swarm), which recorded `nft -j list chains`; the engine's answer is changed where a case needs another engine.
 */
function recordedHost(engine: 'as recorded' | 'unreachable' | ((answers: EngineAnswers) => void)): { io: HostIo; ran: string[] } {
  const { bundle, io, ran } = recordedHealthyHost();
  if (engine === 'as recorded') return { io, ran };
  if (engine === 'unreachable') {
    const refused = async () => unavailable('connect ENOENT /var/run/docker.sock');
    return { io: { ...io, queryEngine: refused, querySwarm: refused }, ran };
  }
  const queryEngine: HostIo['queryEngine'] = async (...args) => {
    const answers = await bundle.queryEngine(...args);
    if (!isUnavailable(answers)) engine(answers);
    return answers;
  };
  return { io: { ...io, queryEngine }, ran };
}

const live = (io: HostIo): Promise<Snapshot> => gatherSnapshot({ root: '/', timeoutMs: 5000, io }, undefined, 'what-the-checks-read');
const chainRuns = (ran: string[]): string[] => ran.filter((command) => command.startsWith('nft') && command.endsWith(' chains'));

describe("a live check's nftables chains", () => {
  it('are not listed when the engine programs iptables and is in no swarm; Docker\'s tables still are', async () => {
    const { io, ran } = recordedHost('as recorded');
    const snapshot = await live(io);
    expect(chainRuns(ran)).toEqual([]);
    expect(ran.filter((command) => command.includes('docker-bridges'))).toEqual(['nft -j list table ip docker-bridges', 'nft -j list table ip6 docker-bridges']);
    expect(snapshot.facts.nftRuleset).toEqual({ json: '{"nftables":[]}', text: '' });
    expect(snapshot.facts.nftInputChains).toEqual(unavailable(NFT_CHAINS_NOT_ASKED));
  });

  it('are not listed when the engine does not answer: every check that reads them needs it', async () => {
    const { io, ran } = recordedHost('unreachable');
    const snapshot = await live(io);
    expect(chainRuns(ran)).toEqual([]);
    expect(snapshot.facts.nftRuleset).toEqual({ json: '{"nftables":[]}', text: '' });
  });

  it.each([
    ['reports the nftables backend', (a: EngineAnswers) => void (a.info.FirewallBackend = { Driver: 'nftables' })],
    ['is 29+ and does not say which backend', (a: EngineAnswers) => void (a.version.Version = '29.0.0')],
    ['is in a swarm', (a: EngineAnswers) => void (a.info.Swarm = { ...a.info.Swarm, LocalNodeState: 'active' })],
  ])('are listed, JSON only, with the input chains, when the engine %s', async (_, change) => {
    const { io, ran } = recordedHost(change);
    const snapshot = await live(io);
    expect(chainRuns(ran)).toEqual(['nft -j list chains']);
    expect((snapshot.facts.nftRuleset as NftRulesetFact).chains?.json).toContain('"chain"');
    expect(snapshot.facts.nftInputChains).toEqual({ chains: [], unlisted: [] });
  });

  it('are always listed, JSON and text, for a snapshot', async () => {
    const { io, ran } = recordedHost('as recorded');
    const snapshot = await gatherSnapshot({ root: '/', timeoutMs: 5000, io });
    expect(chainRuns(ran)).toEqual(['nft -j list chains', 'nft list chains']);
    expect((snapshot.facts.nftRuleset as NftRulesetFact).chains?.text).toContain('table ip filter');
  });
});

const SETTINGS: RuleSettings = { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } };
const report = (snapshot: Snapshot) => runRules(snapshot, { rules: HOST_CHECK_RULES, settings: SETTINGS, ignore: [], severityOverrides: {} });

/** The snapshot as a live check whose checks do not read the chains gathers it: the same, without them. */
function withoutChains(snapshot: Snapshot): Snapshot {
  const ruleset = available(snapshot.facts.nftRuleset);
  const tables = ruleset ? { json: ruleset.json, text: ruleset.text } : snapshot.facts.nftRuleset;
  return { ...snapshot, facts: { ...snapshot.facts, nftRuleset: tables, nftInputChains: unavailable(NFT_CHAINS_NOT_ASKED) } };
}

/** Every host snapshot of the fixtures, with the chains an iptables-nft host recorded where it has none of its own. */
function hostSnapshots(): [string, Snapshot][] {
  const chains = (JSON.parse(readFileSync(fixturePath('nftables/captures/iptables-nft-host.gathered.json'), 'utf8')) as NftRulesetFact).chains;
  return readdirSync(fixturePath('hosts')).map((host) => {
    const snapshot = JSON.parse(readFileSync(fixturePath(`hosts/${host}/snapshot.json`), 'utf8')) as Snapshot;
    const ruleset = available(snapshot.facts.nftRuleset);
    const nftRuleset = ruleset?.chains ? ruleset : { json: ruleset?.json ?? '{"nftables":[]}', text: ruleset?.text ?? '', chains };
    return [host, { ...snapshot, facts: { ...snapshot.facts, nftRuleset } }];
  });
}

describe('checksReadNftChains against the checks', () => {
  const hosts = hostSnapshots();
  const unread = hosts.filter(([, snapshot]) => !checksReadNftChains(snapshot.facts.engine ?? unavailable('not recorded')));

  it('says no on the hosts without a swarm, the engine answering or not (so the cases below are not empty)', () => {
    expect(unread.map(([host]) => host)).toEqual(expect.arrayContaining(['healthy-20.10', 'el7-iptables-restart', 'el8-iptables-restart', 'no-engine']));
  });

  it.each(unread)(
    'where it says no check reads them, %s gives the same report without them',
    (_, snapshot) => {
      expect(report(withoutChains(snapshot))).toEqual(report(snapshot));
    },
  );

  it('says a check reads them on the swarm manager whose nftables input chain refuses the swarm ports, where the report needs them', () => {
    const [, snapshot] = hosts.find(([host]) => host === 'swarm-manager-nft-input') as [string, Snapshot];
    expect(checksReadNftChains(snapshot.facts.engine ?? unavailable('not recorded'))).toBe(true);
    expect(report(withoutChains(snapshot))).not.toEqual(report(snapshot));
  });
});
