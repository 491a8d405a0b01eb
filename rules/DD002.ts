import { FACT_AREA } from '../src/engine/areas.js';
import { missingFact } from '../src/engine/run.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import type { FactName } from '../src/snapshot/schema.js';

/** One finding per fact that could not be gathered, naming the rules that were skipped because of it. */
const rule: Rule = {
  id: 'DD002',
  title: 'A fact could not be gathered',
  severity: 'info',
  area: 'engine',
  needs: [],
  summary:
    'A fact could not be gathered (no Docker engine, permission denied, command missing, timeout); names the rules skipped because of it.',
  check(snapshot, context) {
    const skippedByFact = new Map<FactName, { reason: string; rules: string[] }>();
    for (const other of context.rules) {
      const missing = missingFact(other, snapshot, context.engineVersion);
      if (!missing) continue;
      const entry = skippedByFact.get(missing.fact) ?? { reason: missing.reason, rules: [] };
      entry.rules.push(other.id);
      skippedByFact.set(missing.fact, entry);
    }
    return [...skippedByFact].map(([fact, { reason, rules }]): RuleResult => ({
      subject: `fact:${fact}`,
      message: `Could not gather ${fact}: ${reason}. Skipped ${rules.join(', ')}: these checks did not run, so this report cannot vouch for what they cover.`,
      evidence: { fact, reason, skippedRules: rules, area: FACT_AREA[fact] },
      fix: { text: fixFor(fact) },
    }));
  },
};

function fixFor(fact: FactName): string {
  switch (fact) {
    case 'engine':
      return 'Run dockdoc where it can reach the Docker engine (as root or a member of the docker group), or point it at the engine with --docker-host / DOCKER_HOST.';
    case 'iptables':
    case 'ip6tables':
    case 'savedRules':
      return 'Run dockdoc as root with the iptables tools installed, so it can read the live and saved rules.';
    case 'nftRuleset':
      return 'Run dockdoc as root (nft needs CAP_NET_ADMIN) with the nftables package installed, so it can read `nft list ruleset`.';
    case 'compose':
      return 'Name the compose files with -f, or run from the project directory.';
    default:
      return 'Run dockdoc as root on the Docker host, or take the snapshot there with `dockdoc snapshot -o host.json`.';
  }
}

export default rule;
