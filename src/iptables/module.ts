import type { OptionValue } from './spec.js';

/** What a match or target sees while its options are read: the state of the rule so far. */
export interface ModuleContext {
  family: 4 | 6;
  table: string;
  /** The `-p` protocol number given so far (null when none or negated), and its name for service lookups. */
  protocol: number | null;
  protocolName: string | null;
  /** Where options report what the kernel will change or refuse on one backend, without failing the rule. */
  warn: (warning: ModuleWarning) => void;
}

export interface ModuleWarning {
  message: string;
  /** The backend that refuses the rule (the other one loads it). */
  failsOn?: 'nft' | 'legacy';
}

export interface OptionDef {
  /** Long option name without the leading dashes. */
  name: string;
  aliases?: readonly string[];
  /** Number of arguments the option takes. */
  arity: 0 | 1 | 2;
  /** May be preceded by `!`. */
  invert?: boolean;
  /** Canonical printed form of the arguments; throws IptablesValueError with iptables' wording. */
  canonical?: (args: string[], context: ModuleContext) => string[];
}

/** A match (`-m name`) or target (`-j NAME`) extension, as far as dockdoc knows its canonical form. */
export interface ModuleDef {
  name: string;
  options: readonly OptionDef[];
  /** Print order of options; omitted: printed as written. Options missing from the list are appended as written. */
  order?: readonly string[];
  /** Rewrites after all options are read: defaults the kernel fills in, options it drops or merges. */
  finish?: (options: OptionValue[], context: ModuleContext) => OptionValue[];
}

export function option(options: OptionValue[], name: string): OptionValue | undefined {
  return options.find((o) => o.name === name);
}

export function withoutOption(options: OptionValue[], ...names: string[]): OptionValue[] {
  return options.filter((o) => !names.includes(o.name));
}

export function plain(name: string, ...args: string[]): OptionValue {
  return { name, negated: false, args };
}

/** Puts options in `order`; unknown ones keep their written order after the known ones. */
export function ordered(options: OptionValue[], order: readonly string[] | undefined): OptionValue[] {
  if (!order) return options;
  const rank = (o: OptionValue): number => {
    const i = order.indexOf(o.name);
    return i < 0 ? order.length : i;
  };
  return options
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map(({ o }) => o);
}
