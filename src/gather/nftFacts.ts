import { engineAtLeast } from '../engine/version.js';
import { available, isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { EngineFact, NftInputChainsFact, NftRulesetFact } from '../snapshot/schema.js';
import type { Bounded } from './addressFacts.js';
import type { HostIo } from './hostIo.js';
import { gatherNftInputChains } from './nftInput.js';
import { gatherNftRuleset, listDockerTables, listNftChains, nftRulesetOf } from './nftables.js';
import type { Recording } from './snapshot.js';

export interface NftFacts {
  nftRuleset: Promise<Fact<NftRulesetFact>>;
  nftInputChains: Promise<Fact<NftInputChainsFact>>;
}

export const NFT_CHAINS_NOT_ASKED = 'not asked: no check reads the nftables chains on this host (its engine programs iptables and is in no swarm, or did not answer)';

/**
 * The nftables facts as `recording` asks (src/gather/snapshot.ts).
 *
 * `everything`: Docker's tables and every table's chains at once, then the input chains the listing names, each step
 * bounded by the timeout.
 *
 * `what-the-checks-read`: Docker's tables at once; every table's chains and the input chains only when a check will
 * read them (`checksReadNftChains`), decided once the engine has answered, and then within one timeout together, so
 * that a run still lasts at most two gatherer timeouts (docs/reliability.md). Where no check reads them (every engine
 * before 29 that is in no swarm), that is `nft -j list chains` not run beside iptables-save: on the bench host 0.2 s
 * of nft's CPU and two reads of its 20,000 chains in node (docs/performance.md).
 */
export function gatherNftFacts(recording: Recording, engine: Promise<Fact<EngineFact>>, timeoutMs: number, io: HostIo, bounded: Bounded): NftFacts {
  if (recording === 'everything') {
    const nftRuleset = bounded('reading the nftables ruleset', () => gatherNftRuleset(timeoutMs, io));
    // The INPUT chains are found in `nft list chains`, which the ruleset gatherer runs: they follow it.
    const nftInputChains = nftRuleset.then((ruleset) => bounded('reading the nftables input chains', () => gatherNftInputChains(ruleset, timeoutMs, io)));
    return { nftRuleset, nftInputChains };
  }
  const tables = bounded('reading the nftables ruleset', () => listDockerTables(timeoutMs, io));
  const chainsRead = engine.then((fact) =>
    checksReadNftChains(fact)
      ? bounded('reading the nftables chains', async () => {
          const ruleset = nftRulesetOf(await tables, await listNftChains(timeoutMs, io, 'if-json-unreadable'));
          return { ruleset, input: await gatherNftInputChains(ruleset, timeoutMs, io) };
        })
      : null,
  );
  return {
    nftRuleset: chainsRead.then(async (read) => (read === null ? nftRulesetOf(await tables, null) : isUnavailable(read) ? read : read.ruleset)),
    nftInputChains: chainsRead.then((read) => (read === null ? unavailable(NFT_CHAINS_NOT_ASKED) : isUnavailable(read) ? read : read.input)),
  };
}

/**
 * Whether any check reads every table's chains (`nftRuleset.chains`, and the input chains found through them), given
 * the engine's answer. They are read by the analysis of Docker's nftables backend (29+: DD401, DD404, DD412's other
 * forward chains) and by DD417 on a swarm node; every one of those needs the engine. So: not when the engine did not
 * answer; else when it reports the nftables backend, or is 29+ without saying (the backend then comes from
 * daemon.json, src/intent/settings.ts), or is in a swarm in any state. test/gather/nft-facts.test.ts checks that
 * where this says no, the findings are the same without the chains.
 */
export function checksReadNftChains(engine: Fact<EngineFact>): boolean {
  const answered = available(engine);
  if (!answered) return false;
  const [driver] = answered.firewallBackend.split('+');
  if (driver === 'nftables' || (driver === '' && engineAtLeast(answered.version, '29.0.0'))) return true;
  return answered.swarm.state !== 'inactive';
}
