import type { Rule, RuleResult } from '../src/engine/types.js';
import { engineAtLeast } from '../src/engine/version.js';
import { settingLocation } from '../src/pools/findings.js';
import { poolsView } from '../src/pools/model.js';

const rule: Rule = {
  id: 'DD108',
  title: 'dockerd refuses this combination of options',
  severity: 'error',
  area: 'daemon',
  needs: ['daemonConfig'],
  summary: '`iptables: false` (or, 27+, `ip6tables: false` with `ipv6`) with `icc: false`; `ip6tables: true` without `experimental` on ≤26; `bip` or (28+) `bip6` with `bridge`: dockerd refuses to start.',
  check(snapshot, context): RuleResult[] {
    const { settings } = poolsView(snapshot, context.engineVersion, context.settings.reserved);
    const version = context.engineVersion;
    const out: RuleResult[] = [];
    // verifyDaemonSettings (daemon_unix.go), all versions.
    if (settings.iptables?.value === false && settings.icc?.value === false) {
      out.push({
        subject: 'daemon:icc',
        location: settingLocation(settings.icc),
        message: `icc is false while iptables is false. dockerd refuses to start: "failed to start daemon: You specified --iptables=false with --icc=false. ICC=false uses iptables to function. Please set --icc or --iptables to true".`,
        evidence: { iptables: false, icc: false },
        fix: { text: 'Remove "icc": false (inter-container isolation needs iptables), or let dockerd manage iptables again.' },
      });
    }
    // 27+ (ip6tables on by default): the same refusal for IPv6 when the default bridge has it and ip6tables is off.
    if (engineAtLeast(version, '27.0.0') && settings.icc?.value === false && settings.ipv6?.value === true && settings.ip6tables?.value === false) {
      out.push({
        subject: 'daemon:icc',
        location: settingLocation(settings.icc),
        message: `icc is false while ipv6 is on and ip6tables is false. Docker ${version} refuses to start: "failed to start daemon: You specified --ip6tables=false with --icc=false. ICC=false uses ip6tables to function. Please set --icc or --ip6tables to true".`,
        evidence: { icc: false, ipv6: true, ip6tables: false, engineVersion: version },
        fix: { text: 'Remove "ip6tables": false (the default is true from 27.0), or remove "icc": false.' },
      });
    }
    if (settings.ip6tables?.value === true && settings.experimental?.value !== true && !engineAtLeast(version, '27.0.0')) {
      out.push({
        subject: 'daemon:ip6tables',
        location: settingLocation(settings.ip6tables),
        message: `ip6tables is true without experimental. Docker ${version} refuses to start: "failed to start daemon: ip6tables rules are only available if experimental features are enabled" (allowed, and the default, from 27.0).`,
        evidence: { ip6tables: true, experimental: settings.experimental?.value ?? false, engineVersion: version },
        fix: { text: 'Add "experimental": true, or remove "ip6tables" until the engine is 27.0 or newer.' },
      });
    }
    if (settings.bip && settings.bridge) {
      out.push({
        subject: 'daemon:bip',
        location: settingLocation(settings.bip),
        message: `bip and bridge are both set. dockerd refuses to start: "failed to start daemon: You specified -b & --bip, mutually exclusive options. Please specify only one".`,
        evidence: { bip: settings.bip.value, bridge: settings.bridge.value },
        fix: { text: 'Keep one: bip to let dockerd address docker0, or bridge to use an existing bridge with its own address.' },
      });
    }
    // 28+ has bip6 for docker0's IPv6 address, refused with a user-managed bridge like bip.
    if (engineAtLeast(version, '28.0.0') && settings.bip6 && settings.bridge) {
      out.push({
        subject: 'daemon:bip6',
        location: settingLocation(settings.bip6),
        message: `bip6 and bridge are both set. Docker ${version} refuses to start: "failed to start daemon: You specified -b & --bip6, mutually exclusive options. Please specify only one".`,
        evidence: { bip6: settings.bip6.value, bridge: settings.bridge.value, engineVersion: version },
        fix: { text: 'Keep one: bip6 to let dockerd address docker0, or bridge to use an existing bridge with its own addresses.' },
      });
    }
    return out;
  },
};

export default rule;
