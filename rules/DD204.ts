import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { settingLocation } from '../src/pools/findings.js';
import { poolsView } from '../src/pools/model.js';

const rule: Rule = {
  id: 'DD204',
  title: 'pool order that 27+ ignores',
  severity: 'info',
  area: 'pools',
  needs: ['daemonConfig'],
  summary: 'default-address-pools is not written in address order; 27+ sorts the pools by address, so the written order no longer decides which pool is used first.',
  check(snapshot, context): RuleResult[] {
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    if (view.behaviour.allocator !== 'first-fit') return [];
    const written = view.settings.pools.pools;
    const walked = view.local.map((u) => u.pool);
    const writtenOrder = written.filter((p) => walked.some((w) => w.base === p.base)).map((p) => formatPrefix(p.base));
    const sortedOrder = walked.filter((w) => written.some((p) => p.base === w.base)).map((w) => formatPrefix(w.base));
    if (writtenOrder.join() === sortedOrder.join()) return [];
    return [
      {
        subject: 'daemon:default-address-pools',
        location: settingLocation({ file: view.settings.pools.file, at: written[0]?.at }),
        message: `default-address-pools is written as ${writtenOrder.join(', ')}, but Docker ${context.engineVersion} sorts pools by address and uses ${sortedOrder.join(', ')} in that order (engines up to 26 followed the written order).`,
        evidence: { written: writtenOrder, used: sortedOrder, engineVersion: context.engineVersion },
        fix: { text: 'Write the pools in address order so the file says what the engine does; to prefer a range, give it the lowest addresses or remove the others.' },
      },
    ];
  },
};

export default rule;
