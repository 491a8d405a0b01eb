import type { WATCHED_UNITS } from '../gather/systemd.js';

export type FirewallUnit = Exclude<(typeof WATCHED_UNITS)[number], 'docker.service'>;

export interface HookTarget {
  unit: FirewallUnit;
  /** What starting or reloading the service does to Docker's rules (printed by `hook install`). */
  effect: string;
  /**
   * firewalld: dockerd re-applies its rules itself when firewalld signals a reload, so the hook only verifies it did,
   * never repairs, and dockerd must not be restarted whenever firewalld restarts.
   */
  verifyOnly: boolean;
}

/** The firewall services a hook can follow, in the order `hook install` lists them. */
export const HOOK_TARGETS: readonly HookTarget[] = [
  { unit: 'iptables.service', effect: 'iptables-services flushes every IPv4 table and restores /etc/sysconfig/iptables', verifyOnly: false },
  { unit: 'ip6tables.service', effect: 'iptables-services flushes every IPv6 table and restores /etc/sysconfig/ip6tables', verifyOnly: false },
  { unit: 'netfilter-persistent.service', effect: 'netfilter-persistent restores /etc/iptables/rules.v4 and rules.v6 without --noflush', verifyOnly: false },
  { unit: 'nftables.service', effect: 'nftables loads /etc/nftables.conf, which usually starts with `flush ruleset`', verifyOnly: false },
  { unit: 'firewalld.service', effect: 'firewalld rebuilds the ruleset; dockerd re-applies its rules when firewalld signals the reload', verifyOnly: true },
];
