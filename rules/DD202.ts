import type { Rule, RuleResult } from '../src/engine/types.js';
import { formatPrefix } from '../src/net/prefix.js';
import { settingLocation } from '../src/pools/findings.js';
import { poolsView } from '../src/pools/model.js';

const rule: Rule = {
  id: 'DD202',
  title: 'a default-address-pools size is invalid',
  severity: 'error',
  area: 'pools',
  needs: ['daemonConfig'],
  summary: 'A pool size is 0, shorter than the base prefix, or longer than the address (32 / 128); or an IPv6 pool targets /64 or bigger on ≤26.',
  check(snapshot, context): RuleResult[] {
    const view = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    const { settings } = view;
    const version = context.engineVersion;
    const out: RuleResult[] = settings.pools.problems
      .filter((p) => p.field === 'size')
      .map((problem) => ({
        subject: `pool:${problem.index}`,
        location: settingLocation({ file: settings.pools.file, at: problem.at }),
        message: `default-address-pools entry ${problem.index}: ${problem.reason}. ${
          problem.dockerdError
            ? `Docker ${version} refuses to start: "${problem.dockerdError}".`
            : `Docker ${version} starts, but what it allocates from this pool is undefined.`
        }`,
        evidence: { index: problem.index, reason: problem.reason, dockerdError: problem.dockerdError, engineVersion: version },
        fix: { text: 'size is the prefix length of each network cut from base: at least the base\'s own length, at most 32 for IPv4 (128 for IPv6), e.g. base 10.10.0.0/16 with size 24.' },
      }));
    if (view.behaviour.allocator === 'round-robin') {
      // ≤26 computes each subnet's offset in a 64-bit int: targets of /64 or bigger all equal the base, and the
      // eager list of 2^(size-base) entries can exhaust memory (issues #40275, #42801).
      for (const pool of settings.pools.pools) {
        if (pool.base.family !== 6 || pool.size > 64) continue;
        out.push({
          subject: `pool:${pool.index}`,
          location: settingLocation({ file: settings.pools.file, at: pool.at }),
          message: `default-address-pools entry ${pool.index} (${formatPrefix(pool.base)}, size ${pool.size}) targets IPv6 subnets of /64 or bigger. Docker ${version} computes them in a 64-bit integer: every one equals ${formatPrefix({ ...pool.base, length: pool.size })}, so one network gets it and the rest fail, and dockerd builds the whole list of ${(1n << BigInt(pool.size - pool.base.length)).toString()} entries in memory (moby issues #40275, #42801).`,
          evidence: { index: pool.index, base: formatPrefix(pool.base), size: pool.size, engineVersion: version },
          fix: { text: 'On engines before 27.0 use IPv6 pool sizes longer than /64 (e.g. /80), or upgrade to 27.0+, whose allocator handles /64 targets.' },
        });
      }
    }
    return out;
  },
};

export default rule;
