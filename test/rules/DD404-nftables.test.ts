import { describe, expect, it } from 'vitest';
import DD404 from '../../rules/DD404.js';
import { ruleContext } from '../iptables/rule-context.js';
import { nftablesEngine, nftablesHost } from '../nftables/host.js';

const context = ruleContext('29.7.2');

describe('DD404 under the nftables backend (29+)', () => {
  it('is silent while the bridge belongs to an engine network', () => {
    expect(DD404.check(nftablesHost(), context)).toEqual([]);
  });

  it('names the per-bridge chains and map elements of a bridge no network has, with nft delete commands', () => {
    const gone = nftablesHost('default-nat-both-families', { engine: nftablesEngine({ networks: [], containers: [] }) });
    const findings = DD404.check(gone, context);
    expect(findings.map((f) => f.subject)).toEqual(['bridge:br-dummy', 'bridge:br-dummy']);
    expect(findings[0]!.evidence).toEqual({
      backend: 'nftables',
      table: 'ip docker-bridges',
      bridge: 'br-dummy',
      pieces: [
        'chain filter-forward-in__br-dummy',
        'chain filter-forward-out__br-dummy',
        'chain nat-postrouting-in__br-dummy',
        'chain nat-postrouting-out__br-dummy',
        'element "br-dummy" : jump filter-forward-in__br-dummy of map filter-forward-in-jumps',
        'element "br-dummy" : jump filter-forward-out__br-dummy of map filter-forward-out-jumps',
        'element "br-dummy" : jump nat-postrouting-in__br-dummy of map nat-postrouting-in-jumps',
        'element "br-dummy" : jump nat-postrouting-out__br-dummy of map nat-postrouting-out-jumps',
      ],
    });
    expect(findings[0]!.fix.commands!.slice(0, 2)).toEqual([
      `nft delete element ip docker-bridges filter-forward-in-jumps '{ "br-dummy" }'`,
      `nft delete element ip docker-bridges filter-forward-out-jumps '{ "br-dummy" }'`,
    ]);
    expect(findings[0]!.fix.commands!.slice(-2)).toEqual(['nft flush chain ip docker-bridges nat-postrouting-out__br-dummy', 'nft delete chain ip docker-bridges nat-postrouting-out__br-dummy']);
  });
});
