import { FACT_AREA } from '../src/engine/areas.js';
import { missingFact, notModelledFor } from '../src/engine/run.js';
import type { Fix, Rule, RuleResult } from '../src/engine/types.js';
import type { FactName } from '../src/snapshot/schema.js';

/** One finding per fact that could not be gathered, naming the rules that were skipped because of it. */
const rule: Rule = {
  id: 'DD002',
  title: 'A fact could not be gathered',
  severity: 'info',
  area: 'engine',
  needs: [],
  versionIndependent: true,
  summary:
    'A fact could not be gathered (no Docker engine, permission denied, command missing, timeout); names the rules skipped because of it.',
  check(snapshot, context) {
    const skippedByFact = new Map<FactName, { reason: string; rules: string[] }>();
    for (const other of context.rules) {
      // A rule not modelled for this engine did not run for that reason (DD003), whatever facts it lacks.
      if (notModelledFor(other, context.engineVersion)) continue;
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
      fix: fixFor(fact, reason),
    }));
  },
};

function fixFor(fact: FactName, reason: string): Fix {
  switch (fact) {
    case 'engine':
      return engineFix(reason);
    case 'iptables':
    case 'ip6tables':
    case 'savedRules':
      return { text: 'Run dockdoc as root with the iptables tools installed, so it can read the live and saved rules.' };
    case 'nftRuleset':
      return { text: 'Run dockdoc as root (nft needs CAP_NET_ADMIN) with the nftables package installed, so it can read `nft list ruleset`.' };
    case 'compose':
      return { text: 'Name the compose files with -f, or run from the project directory.' };
    default:
      return { text: 'Run dockdoc as root on the Docker host, or take the snapshot there with `dockdoc snapshot -o host.json`.' };
  }
}

const CHECK_DOCKERD = 'systemctl status docker';

/**
 * The advice follows the way the connection failed (the errno in the gatherer's reason): a missing socket means
 * dockerd is not running or listens elsewhere, a refused one that it stopped, a denied one the caller's rights.
 */
function engineFix(reason: string): Fix {
  if (/\bEACCES\b|\bEPERM\b/.test(reason)) {
    return { text: 'The socket refused this user: run dockdoc as root or as a member of the docker group (the socket is root:docker, mode 660).' };
  }
  if (/\bENOENT\b/.test(reason)) {
    return {
      text: 'Nothing listens at that address: check that dockerd runs, or point dockdoc at the address it listens on with --docker-host / DOCKER_HOST.',
      commands: [CHECK_DOCKERD],
    };
  }
  if (/\bECONNREFUSED\b/.test(reason)) {
    return { text: 'The address exists but nothing accepts connections there: dockerd has stopped, crashed or is restarting; see its status and log.', commands: [CHECK_DOCKERD, 'journalctl -u docker --since -1h'] };
  }
  if (/timed out|\bETIMEDOUT\b|\btimeout\b/i.test(reason)) {
    return { text: 'The engine did not answer in time: dockerd may be hung or overloaded; if it is merely slow, raise --timeout.', commands: [CHECK_DOCKERD] };
  }
  if (reason.startsWith('unsupported Docker host address') || reason.startsWith('TLS engine connections')) {
    return { text: 'Point --docker-host / DOCKER_HOST at unix:///path/to/docker.sock or tcp://host:port.' };
  }
  return { text: 'Run dockdoc where it can reach the Docker engine, or point it at the engine with --docker-host / DOCKER_HOST.', commands: [CHECK_DOCKERD] };
}

export default rule;
