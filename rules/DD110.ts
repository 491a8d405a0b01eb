import { daemonConfigModel } from '../src/daemon/config.js';
import type { JsonEntry } from '../src/daemon/json.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { engineAtLeast } from '../src/engine/version.js';
import { containsPrefix, formatAddress, overlaps, prefix, samePrefix, tryAddress } from '../src/net/prefix.js';
import { goParseCidr, netipParsePrefix } from '../src/pools/config.js';
import { configFileFailure, controllerStartFailure, jsonDecodeFailure } from '../src/pools/messages.js';

/** net.IP options: encoding/json calls net.IP's UnmarshalText, whose error is Go's net.ParseError (all releases). */
const IP_KEYS = ['default-gateway', 'default-gateway-v6', 'ip', 'host-gateway-ip'];
const MERGED_VALIDATION = 'merged configuration validation from file and command line flags failed';
const LINK_LOCAL = prefix('fe80::/64');
const MULTICAST_V6 = prefix('ff00::/8');

/** Go's net.ParseIP / netip.ParseAddr acceptance: no surrounding spaces, no zone. */
function goParsesIP(text: string): boolean {
  return text === text.trim() && !text.includes('%') && tryAddress(text) !== null;
}

interface Refusal {
  /** What is wrong, in words. */
  problem: string;
  /** dockerd's error; ends in "…" where Go's own parse error follows (netip, not reproduced). */
  dockerdSays: string;
}

/** dns: validated by opts.ValidateIPAddress (≤24, trims spaces), then decoded as []net.IP (25–28), []netip.Addr (29+). */
function dnsRefusal(value: string, version: string, path: string): Refusal | null {
  if (!engineAtLeast(version, '25.0.0')) {
    if (goParsesIP(value.trim())) return null;
    // 20.10 validated the file alone first (config.go "configuration validation from file failed"); 23 only the merge.
    const wrap = engineAtLeast(version, '23.0.0') ? MERGED_VALIDATION : 'configuration validation from file failed';
    return { problem: 'is not an IP address', dockerdSays: configFileFailure(path, `${wrap}: ${value} is not an ip address`) };
  }
  if (goParsesIP(value)) return null;
  const inner = engineAtLeast(version, '29.0.0') ? `ParseAddr(${JSON.stringify(value)}): …` : `invalid IP address: ${value}`;
  return { problem: 'is not an IP address', dockerdSays: jsonDecodeFailure(version, path, inner) };
}

/** fixed-cidr-v6: parsed at bridge setup (≤24), then validated with the config (25–26 net.ParseCIDR, 27+ netip). */
function fixedCidrV6Refusal(value: string, version: string, path: string): Refusal | null {
  if (!engineAtLeast(version, '25.0.0')) {
    if (goParseCidr(value)) return null;
    return { problem: 'is not CIDR', dockerdSays: controllerStartFailure(`invalid CIDR address: ${value}`) };
  }
  const validation = (inner: string): string => configFileFailure(path, `${MERGED_VALIDATION}: invalid fixed-cidr-v6: ${inner}`);
  if (!engineAtLeast(version, '27.0.0')) {
    const parsed = goParseCidr(value);
    if (!parsed) return { problem: 'is not CIDR', dockerdSays: validation(`invalid CIDR address: ${value}`) };
    if (parsed.prefix.family === 4) return { problem: 'is an IPv4 subnet', dockerdSays: validation('fixed-cidr-v6 is not an IPv6 subnet') };
    if (containsPrefix(LINK_LOCAL, { ...parsed.prefix, length: 64 }) && parsed.prefix.length !== 64) {
      return { problem: "clashes with the link-local fe80::/64", dockerdSays: validation("clash with the Link-Local prefix 'fe80::/64'") };
    }
    return null;
  }
  const parsed = netipParsePrefix(value);
  if (typeof parsed === 'string') return { problem: 'is not CIDR', dockerdSays: validation(`invalid fixed-cidr-v6: ${parsed}`) };
  // validateIPv6Subnet prints the prefix as netip does: the address as written, its length.
  const written = `${formatAddress(parsed.prefix.family, parsed.written)}/${parsed.prefix.length}`;
  if (parsed.prefix.family === 4) return { problem: 'is an IPv4 subnet', dockerdSays: validation(`invalid fixed-cidr-v6: '${written}' is not a valid IPv6 subnet`) };
  if (containsPrefix(MULTICAST_V6, parsed.prefix)) {
    return { problem: 'is IPv6 multicast space (ff00::/8)', dockerdSays: validation(`invalid fixed-cidr-v6: multicast subnet '${written}' is not allowed`) };
  }
  if (!samePrefix(parsed.prefix, LINK_LOCAL) && overlaps(LINK_LOCAL, parsed.prefix)) {
    return { problem: 'clashes with the link-local fe80::/64', dockerdSays: validation(`invalid fixed-cidr-v6: '${written}' clashes with the Link-Local prefix 'fe80::/64'`) };
  }
  return null;
}

/** bip6 (28+): parsed like bip when the default bridge gets IPv6 (daemon_unix.go getDefaultBridgeIPAMConf). */
function bip6Refusal(value: string): Refusal | null {
  if (goParseCidr(value)) return null;
  return { problem: 'is not CIDR', dockerdSays: controllerStartFailure(`parse bip6 failed: invalid CIDR address: ${value}`) };
}

function stringEntry(entries: JsonEntry[], key: string): (JsonEntry & { value: { kind: 'string'; value: string } }) | undefined {
  const entry = entries.filter((e) => e.key === key).at(-1);
  return entry?.value.kind === 'string' && entry.value.value !== '' ? (entry as JsonEntry & { value: { kind: 'string'; value: string } }) : undefined;
}

const rule: Rule = {
  id: 'DD110',
  title: 'an address option of daemon.json does not parse',
  severity: 'error',
  area: 'daemon',
  needs: ['daemonConfig'],
  summary: 'fixed-cidr-v6, bip6, default-gateway(-v6), ip, host-gateway-ip or a dns entry is not an address dockerd accepts (`2800:db8:4000:::/80`); dockerd refuses to start.',
  check(snapshot, context): RuleResult[] {
    const model = daemonConfigModel(snapshot);
    if (model?.state !== 'parsed') return [];
    const version = context.engineVersion;
    const out: RuleResult[] = [];
    const report = (key: string, value: string, at: { line: number; column: number }, refusal: Refusal | null): void => {
      if (!refusal) return;
      const partial = refusal.dockerdSays.endsWith('…');
      out.push({
        subject: `daemon:${key}`,
        location: { file: model.path, line: at.line, column: at.column },
        message: `${key} "${value}" ${refusal.problem}. Docker ${version} refuses to start${partial ? ' with an error beginning' : ''}: "${refusal.dockerdSays.replace(/…$/, '')}".`,
        evidence: { key, value, engineVersion: version },
        fix: { text: `Correct ${key} (${key.startsWith('fixed-cidr') || key === 'bip6' ? 'an address with a prefix length, e.g. "fd00:1::/64"' : 'a single IP address'}) or remove it; an empty string means unset.` },
      });
    };
    for (const key of IP_KEYS) {
      const entry = stringEntry(model.entries, key);
      if (entry && !goParsesIP(entry.value.value)) {
        report(key, entry.value.value, entry.value.at, { problem: 'is not an IP address', dockerdSays: jsonDecodeFailure(version, model.path, `invalid IP address: ${entry.value.value}`) });
      }
    }
    const dns = model.entries.filter((e) => e.key === 'dns').at(-1);
    if (dns?.value.kind === 'array') {
      for (const item of dns.value.items) {
        if (item.kind === 'string') report('dns', item.value, item.at, dnsRefusal(item.value, version, model.path));
      }
    }
    const fixedV6 = stringEntry(model.entries, 'fixed-cidr-v6');
    if (fixedV6) report('fixed-cidr-v6', fixedV6.value.value, fixedV6.value.at, fixedCidrV6Refusal(fixedV6.value.value, version, model.path));
    const bip6 = stringEntry(model.entries, 'bip6');
    const ipv6 = model.entries.filter((e) => e.key === 'ipv6').at(-1)?.value;
    if (bip6 && engineAtLeast(version, '28.0.0') && ipv6?.kind === 'boolean' && ipv6.value) report('bip6', bip6.value.value, bip6.value.at, bip6Refusal(bip6.value.value));
    return out;
  },
};

export default rule;
