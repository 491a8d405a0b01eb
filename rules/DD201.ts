import type { Rule, RuleResult } from '../src/engine/types.js';
import { settingLocation } from '../src/pools/findings.js';
import { poolsView } from '../src/pools/model.js';

const rule: Rule = {
  id: 'DD201',
  title: 'a default-address-pools base is not a CIDR',
  severity: 'error',
  area: 'pools',
  needs: ['daemonConfig'],
  summary: 'A `default-address-pools` entry has a base that is not address/prefix-length (or the list is malformed); dockerd refuses to start.',
  check(snapshot, context): RuleResult[] {
    const { settings } = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    return settings.pools.problems
      .filter((p) => p.field === 'base' || p.field === 'list')
      .map((problem) => ({
        subject: `pool:${problem.index}`,
        location: settingLocation({ file: settings.pools.file, at: problem.at }),
        message: `default-address-pools entry ${problem.index}: ${problem.reason}. ${
          problem.dockerdError ? `Docker ${context.engineVersion} refuses to start: "${problem.dockerdError}".` : ''
        }`.trim(),
        evidence: { index: problem.index, reason: problem.reason, dockerdError: problem.dockerdError, engineVersion: context.engineVersion },
        fix: { text: 'Write each pool as {"base": "10.10.0.0/16", "size": 24}: base is a network with its prefix length, size the prefix length of each network cut from it.' },
      }));
  },
};

export default rule;
