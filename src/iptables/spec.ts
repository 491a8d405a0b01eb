import type { IptablesAddress } from './address.js';

/**
 * One option of a match or target, canonical: `negated` prints as `! --name args...`, and `args` are already in
 * the printed form (quoted where iptables-save quotes them).
 */
export interface OptionValue {
  name: string;
  negated: boolean;
  args: string[];
}

export interface MatchSpec {
  /** Module name as printed after `-m`. */
  name: string;
  options: OptionValue[];
}

export interface TargetSpec {
  name: string;
  /** `-g CHAIN` rather than `-j CHAIN`. */
  goto: boolean;
  options: OptionValue[];
}

export interface Negatable<T> {
  negated: boolean;
  value: T;
}

/** A rule as the kernel holds it: the fields iptables-save prints, already canonical. */
export interface RuleSpec {
  source: Negatable<IptablesAddress> | null;
  destination: Negatable<IptablesAddress> | null;
  inInterface: Negatable<string> | null;
  outInterface: Negatable<string> | null;
  /** Protocol name as printed (`tcp`, `ipv6-icmp`, `47` when it has no name). */
  protocol: Negatable<string> | null;
  fragment: Negatable<true> | null;
  matches: MatchSpec[];
  /** Null for a rule without target (it only counts packets). */
  target: TargetSpec | null;
}
