import { IptablesValueError, parseHostNetwork, type IptablesAddress } from './address.js';
import { MATCHES, MATCH_PROTOCOL, protocolMatchName } from './matches.js';
import { ordered, type ModuleContext, type ModuleDef, type ModuleWarning, type OptionDef } from './module.js';
import { protocolName, protocolNumber } from './netdb.js';
import type { MatchSpec, Negatable, OptionValue, RuleSpec, TargetSpec } from './spec.js';
import { KNOWN_TARGET_NAMES, TARGETS, TARGET_TABLE } from './targets.js';
import type { Token } from './tokenize.js';

/** A rule line that iptables-restore refuses; `column` points at the offending argument when there is one. */
export class RuleParseError extends Error {
  constructor(message: string, readonly column: number | null) {
    super(message);
  }
}

/** A line dockdoc reads but cannot model (e.g. `-D` in a rules file): reported as a warning, never guessed. */
export class UnsupportedCommandError extends RuleParseError {}

export type ChainCommand =
  | { kind: 'append'; chain: string; specs: RuleSpec[]; warnings: ModuleWarning[] }
  | { kind: 'insert'; chain: string; position: number; specs: RuleSpec[]; warnings: ModuleWarning[] }
  | { kind: 'new-chain'; chain: string }
  | { kind: 'policy'; chain: string; policy: string }
  | { kind: 'flush'; chain: string | null }
  | { kind: 'delete-chain'; chain: string | null }
  /** The line carries `-6` for iptables (or `-4` for ip6tables): iptables-restore skips it silently. */
  | { kind: 'other-family' };

interface CoreOption {
  key: string;
  short?: string;
  long: readonly string[];
  arity: 0 | 1 | 2;
}

const CORE: readonly CoreOption[] = [
  { key: 'append', short: 'A', long: ['append'], arity: 1 },
  { key: 'insert', short: 'I', long: ['insert'], arity: 1 },
  { key: 'new-chain', short: 'N', long: ['new-chain'], arity: 1 },
  { key: 'policy', short: 'P', long: ['policy'], arity: 1 },
  { key: 'flush', short: 'F', long: ['flush'], arity: 0 },
  { key: 'delete-chain', short: 'X', long: ['delete-chain'], arity: 0 },
  { key: 'zero', short: 'Z', long: ['zero'], arity: 0 },
  { key: 'delete', short: 'D', long: ['delete'], arity: 1 },
  { key: 'replace', short: 'R', long: ['replace'], arity: 1 },
  { key: 'check', short: 'C', long: ['check'], arity: 1 },
  { key: 'rename-chain', short: 'E', long: ['rename-chain'], arity: 1 },
  { key: 'list', short: 'L', long: ['list'], arity: 0 },
  { key: 'list-rules', short: 'S', long: ['list-rules'], arity: 0 },
  { key: 'source', short: 's', long: ['source', 'src'], arity: 1 },
  { key: 'destination', short: 'd', long: ['destination', 'dst'], arity: 1 },
  { key: 'in-interface', short: 'i', long: ['in-interface'], arity: 1 },
  { key: 'out-interface', short: 'o', long: ['out-interface'], arity: 1 },
  { key: 'protocol', short: 'p', long: ['protocol'], arity: 1 },
  { key: 'fragment', short: 'f', long: ['fragment'], arity: 0 },
  { key: 'match', short: 'm', long: ['match'], arity: 1 },
  { key: 'jump', short: 'j', long: ['jump'], arity: 1 },
  { key: 'goto', short: 'g', long: ['goto'], arity: 1 },
  { key: 'set-counters', short: 'c', long: ['set-counters'], arity: 2 },
  { key: 'ipv4', short: '4', long: ['ipv4'], arity: 0 },
  { key: 'ipv6', short: '6', long: ['ipv6'], arity: 0 },
  { key: 'table', short: 't', long: ['table'], arity: 1 },
  { key: 'verbose', short: 'v', long: ['verbose'], arity: 0 },
  { key: 'numeric', short: 'n', long: ['numeric'], arity: 0 },
  { key: 'exact', short: 'x', long: ['exact'], arity: 0 },
  { key: 'wait', short: 'w', long: ['wait'], arity: 0 },
];
const CORE_BY_SHORT = new Map(CORE.filter((c) => c.short).map((c) => [c.short as string, c]));
const CORE_BY_LONG = new Map(CORE.flatMap((c) => c.long.map((l) => [l, c] as const)));
const INVERTIBLE_CORE = new Set(['source', 'destination', 'in-interface', 'out-interface', 'protocol', 'fragment']);

/** A loaded match or target: known ones canonicalise, unknown ones keep their options exactly as written. */
interface Instance {
  name: string;
  def: ModuleDef | null;
  options: OptionValue[];
  loadOrder: number;
}

type Resolved =
  | { kind: 'core'; core: CoreOption }
  | { kind: 'module'; instance: Instance; option: OptionDef }
  | { kind: 'generic'; instance: Instance };

const IFNAMSIZ = 16;
const VERDICTS = new Set(['ACCEPT', 'DROP', 'RETURN', 'QUEUE']);

/** Target extensions dockdoc does not model take options; verdicts and chain jumps take none. */
function takesOptions(targetName: string): boolean {
  return KNOWN_TARGET_NAMES.has(targetName) && !VERDICTS.has(targetName);
}

/**
 * Reads one rule line's arguments the way iptables (do_parse, xtables 1.8) reads them, and returns the command with
 * its rules in canonical form. Module options are resolved as getopt_long resolves them against the merged option
 * table: core options first, then the most recently loaded module; unique prefixes are accepted; an option nobody
 * knows loads the protocol's match when `-p` was given (R2). Values are checked as they are read, so order matters
 * exactly as it does for iptables (R6: `--dport` before `-p tcp` is an unknown option).
 */
export function parseRuleTokens(tokens: readonly Token[], family: 4 | 6, table: string): ChainCommand {
  const warnings: ModuleWarning[] = [];
  const context: ModuleContext = { family, table, protocol: null, protocolName: null, warn: (w) => warnings.push(w) };
  let command: { key: string; chain: string | null; extra: string[] } | null = null;
  let source: (Negatable<string> & { token: Token }) | null = null;
  let destination: (Negatable<string> & { token: Token }) | null = null;
  let inInterface: Negatable<string> | null = null;
  let outInterface: Negatable<string> | null = null;
  let protocol: Negatable<string> | null = null;
  let fragment: Negatable<true> | null = null;
  const matches: Instance[] = [];
  let target: (Instance & { goto: boolean }) | null = null;
  let loads = 0;
  let protocolMatchLoaded = false;
  let invert: Token | null = null;
  let otherFamily = false;

  const fail = (message: string, token: Token | null): never => {
    throw new RuleParseError(message, token ? token.column : null);
  };
  const takeInvert = (allowed: boolean, what: string): boolean => {
    if (!invert) return false;
    if (!allowed) fail(`unexpected ! flag before --${what}`, invert);
    invert = null;
    return true;
  };
  const instances = (): Instance[] => {
    const all: Instance[] = [...matches];
    if (target) all.push(target);
    return all.sort((a, b) => b.loadOrder - a.loadOrder);
  };
  const loadMatch = (name: string): Instance => {
    const instance: Instance = { name, def: MATCHES.get(name) ?? null, options: [], loadOrder: loads++ };
    matches.push(instance);
    if (name === protocolMatchName(context.protocol ?? -1)) protocolMatchLoaded = true;
    return instance;
  };

  const resolveLong = (name: string): Resolved | null => {
    const core = CORE_BY_LONG.get(name);
    if (core) return { kind: 'core', core };
    const loaded = instances();
    for (const instance of loaded) {
      const found = instance.def?.options.find((o) => o.name === name || o.aliases?.includes(name));
      if (found) return { kind: 'module', instance, option: found };
    }
    const candidates: Resolved[] = [];
    for (const core of CORE) if (core.long.some((l) => l.startsWith(name))) candidates.push({ kind: 'core', core });
    for (const instance of loaded) {
      for (const o of instance.def?.options ?? []) {
        if (o.name.startsWith(name) || o.aliases?.some((a) => a.startsWith(name))) candidates.push({ kind: 'module', instance, option: o });
      }
    }
    if (candidates.length > 1) throw new RuleParseError(`option "--${name}" is ambiguous`, null);
    return candidates[0] ?? null;
  };

  let i = 0;
  const takeArgs = (count: number, inline: string | null, token: Token, display: string): string[] => {
    const args: string[] = [];
    if (inline !== null) args.push(inline);
    while (args.length < count) {
      const next = tokens[i];
      if (next === undefined) fail(`option "${display}" requires an argument`, token);
      args.push((next as Token).text);
      i++;
    }
    return args;
  };
  /** Positional arguments some commands take (`-I CHAIN 3`, `-P CHAIN DROP`). */
  const takePositional = (): string | null => {
    const next = tokens[i];
    if (next === undefined || next.text.startsWith('-') || next.text === '!') return null;
    i++;
    return next.text;
  };

  /** The argument just read (for columns in errors about it). */
  const argToken = (): Token => tokens[i - 1] as Token;
  const applyCore = (core: CoreOption, args: string[], token: Token): void => {
    const negated = takeInvert(INVERTIBLE_CORE.has(core.key), core.long[0] as string);
    const once = <T>(current: T | null, flag: string): void => {
      if (current !== null) fail(`multiple ${flag} flags not allowed`, token);
    };
    switch (core.key) {
      case 'append': case 'insert': case 'new-chain': case 'policy': case 'flush': case 'delete-chain': case 'zero':
      case 'delete': case 'replace': case 'check': case 'rename-chain': case 'list': case 'list-rules': {
        if (command) fail('Cannot use more than one command', token);
        const chain = core.arity === 1 ? (args[0] as string) : takePositional();
        const extra: string[] = [];
        if (core.key === 'insert' || core.key === 'policy' || core.key === 'rename-chain') {
          const positional = takePositional();
          if (positional !== null) extra.push(positional);
        }
        command = { key: core.key, chain, extra };
        return;
      }
      case 'source': once(source, '-s'); source = { negated, value: args[0] as string, token: argToken() }; return;
      case 'destination': once(destination, '-d'); destination = { negated, value: args[0] as string, token: argToken() }; return;
      case 'in-interface': case 'out-interface': {
        const name = args[0] as string;
        if (name.length >= IFNAMSIZ) fail(`interface name \`${name}' must be shorter than IFNAMSIZ (${IFNAMSIZ - 1})`, token);
        if (core.key === 'in-interface') { once(inInterface, '-i'); inInterface = { negated, value: name }; }
        else { once(outInterface, '-o'); outInterface = { negated, value: name }; }
        return;
      }
      case 'protocol': {
        once(protocol, '-p');
        const n = protocolNumber(args[0] as string);
        if (n === null) fail(`unknown protocol "${args[0]}" specified`, token);
        protocol = { negated, value: n === 0 ? '' : protocolName(n as number) };
        context.protocol = negated || n === 0 ? null : n;
        context.protocolName = context.protocol === null ? null : protocolName(n as number);
        return;
      }
      case 'fragment':
        if (family === 6) fail('unknown option "-f"', token);
        once(fragment, '-f');
        fragment = { negated, value: true };
        return;
      case 'match': loadMatch(args[0] as string); return;
      case 'jump': case 'goto': {
        if (target) fail('multiple -j flags not allowed', token);
        const name = args[0] as string;
        target = { name, def: TARGETS.get(name) ?? null, options: [], loadOrder: loads++, goto: core.key === 'goto' };
        return;
      }
      case 'set-counters':
        // Counters are state, not configuration: comparisons ignore them (S4).
        if (!args.every((a) => /^\d+$/.test(a))) fail(`Bad counters \`${args.join(' ')}'`, token);
        return;
      case 'table': fail(`The -t option (seen in this line) cannot be used in ${family === 4 ? 'iptables' : 'ip6tables'}-restore.`, token); return;
      case 'ipv4': otherFamily ||= family === 6; return;
      case 'ipv6': otherFamily ||= family === 4; return;
      default: return; // -v/-n/-x/-w change nothing in a rules file.
    }
  };

  const applyModuleOption = (instance: Instance, def: OptionDef, args: string[], token: Token): void => {
    const negated = takeInvert(def.invert === true, def.name);
    if (instance.options.some((o) => o.name === def.name)) fail(`${instance.name}: option "--${def.name}" can only be used once`, token);
    let canonical: string[];
    try {
      canonical = def.canonical ? def.canonical(args, context) : args;
    } catch (error) {
      if (error instanceof IptablesValueError) fail(error.message, token);
      throw error;
    }
    instance.options.push({ name: def.name, negated, args: canonical });
  };

  /** Unknown modules: the option takes every following argument that is not itself an option. */
  const applyGeneric = (instance: Instance, name: string, inline: string | null): void => {
    const negated = invert !== null;
    invert = null;
    const args: string[] = inline === null ? [] : [inline];
    while (tokens[i] !== undefined && !(tokens[i] as Token).text.startsWith('-') && (tokens[i] as Token).text !== '!') {
      args.push((tokens[i] as Token).text);
      i++;
    }
    instance.options.push({ name, negated, args });
  };

  // iptables-restore drops a line for the other family as soon as it reads `-6` / `-4`.
  while (i < tokens.length && !otherFamily) {
    const token = tokens[i] as Token;
    const text = token.text;
    i++;
    if (text === '!') {
      if (invert) fail("Multiple `!' flags not allowed", token);
      invert = token;
      continue;
    }
    if (text.startsWith('--') && text.length > 2) {
      const eq = text.indexOf('=');
      const name = eq < 0 ? text.slice(2) : text.slice(2, eq);
      const inline = eq < 0 ? null : text.slice(eq + 1);
      let resolved: Resolved | null;
      try {
        resolved = resolveLong(name);
      } catch (error) {
        if (error instanceof RuleParseError) fail(error.message, token);
        throw error;
      }
      if (!resolved) {
        const implicit = context.protocol === null || protocolMatchLoaded ? null : protocolMatchName(context.protocol);
        const implicitDef = implicit ? MATCHES.get(implicit) : undefined;
        const knows = implicitDef?.options.find((o) => o.name === name || o.aliases?.includes(name) || o.name.startsWith(name));
        if (implicit && implicitDef && knows) {
          resolved = { kind: 'module', instance: loadMatch(implicit), option: knows };
        } else {
          const generic = instances().find((inst) => inst.def === null && (inst !== target || takesOptions(inst.name)));
          if (!generic) fail(`unknown option "${text}"`, token);
          resolved = { kind: 'generic', instance: generic as Instance };
        }
      }
      if (resolved.kind === 'core') applyCore(resolved.core, takeArgs(resolved.core.arity, inline, token, text), token);
      else if (resolved.kind === 'module') applyModuleOption(resolved.instance, resolved.option, takeArgs(resolved.option.arity, inline, token, text), token);
      else applyGeneric(resolved.instance, name, inline);
      continue;
    }
    if (text.startsWith('-') && text.length > 1) {
      const core = CORE_BY_SHORT.get(text[1] as string);
      if (!core) fail(`unknown option "${text}"`, token);
      const attached = text.length > 2 ? text.slice(2) : null;
      if ((core as CoreOption).arity === 0 && attached !== null) fail(`unknown option "${text}"`, token);
      applyCore(core as CoreOption, takeArgs((core as CoreOption).arity, attached, token, text), token);
      continue;
    }
    fail(`Bad argument \`${text}'`, token);
  }
  if (otherFamily) return { kind: 'other-family' };
  if (invert) fail("unexpected ! flag", invert);
  if (!command) throw new RuleParseError('no command specified', null);
  const cmd = command as { key: string; chain: string | null; extra: string[] };
  const chain = cmd.chain;

  switch (cmd.key) {
    case 'new-chain': return { kind: 'new-chain', chain: chain as string };
    case 'policy': {
      const policy = cmd.extra[0];
      if (!policy) throw new RuleParseError('-P requires a chain and a policy', null);
      return { kind: 'policy', chain: chain as string, policy };
    }
    case 'flush': return { kind: 'flush', chain };
    case 'delete-chain': return { kind: 'delete-chain', chain };
    case 'append': case 'insert': break;
    default: throw new UnsupportedCommandError(`dockdoc does not model \`-${CORE.find((c) => c.key === cmd.key)?.short}' lines in a rules file; this line is left out of the comparison`, null);
  }

  // iptables checks interfaces against the built-in hook the chain is named after (xshared.c).
  if (inInterface && (chain === 'OUTPUT' || chain === 'POSTROUTING')) throw new RuleParseError(`Can't use -i with ${chain}`, null);
  if (outInterface && (chain === 'INPUT' || chain === 'PREROUTING')) throw new RuleParseError(`Can't use -o with ${chain}`, null);

  const finish = (instance: Instance): OptionValue[] => {
    const def = instance.def;
    if (!def) return instance.options;
    try {
      return ordered(def.finish ? def.finish(instance.options, context) : instance.options, def.order);
    } catch (error) {
      if (error instanceof IptablesValueError) throw new RuleParseError(error.message, null);
      throw error;
    }
  };
  const finishedMatches: MatchSpec[] = matches.map((m) => {
    const required = MATCH_PROTOCOL[m.name];
    if (required !== undefined && context.protocol !== required) {
      throw new RuleParseError(`x_tables: ${family === 4 ? 'ip' : 'ip6'}_tables: ${m.name} match: only valid for protocol ${required}`, null);
    }
    return { name: m.name, options: finish(m) };
  });
  const t = target as (Instance & { goto: boolean }) | null;
  if (t && TARGET_TABLE[t.name] && TARGET_TABLE[t.name] !== table) {
    throw new RuleParseError(`x_tables: ${family === 4 ? 'ip' : 'ip6'}_tables: ${t.name} target: only valid in ${TARGET_TABLE[t.name]} table, not ${table}`, null);
  }
  const finishedTarget: TargetSpec | null = t ? { name: t.name, goto: t.goto, options: finish(t) } : null;
  const spec = (sourceAddress: IptablesAddress | null, destinationAddress: IptablesAddress | null): RuleSpec => ({
    source: sourceAddress && source ? { negated: source.negated, value: sourceAddress } : null,
    destination: destinationAddress && destination ? { negated: destination.negated, value: destinationAddress } : null,
    inInterface: inInterface && inInterface.value !== '+' ? inInterface : null,
    outInterface: outInterface && outInterface.value !== '+' ? outInterface : null,
    protocol: protocol && protocol.value !== '' ? protocol : null,
    fragment,
    matches: finishedMatches,
    target: finishedTarget,
  });

  const addresses = (operand: (Negatable<string> & { token: Token }) | null, flag: string): (IptablesAddress | null)[] => {
    if (!operand) return [null];
    try {
      const list = operand.value.split(',').map((a) => parseHostNetwork(a, family));
      // A6: a comma list becomes one rule per address; "any" is dropped from the printed rule (A4) unless negated.
      return list.map((a) => {
        if (a.any && operand.negated) {
          warnings.push({ failsOn: 'nft', message: `\`! ${flag} ${a.text}' matches nothing: iptables-nft refuses it (RULE_APPEND failed (Invalid argument)), legacy loads it` });
        }
        return a.any && !operand.negated ? null : a;
      });
    } catch (error) {
      if (error instanceof IptablesValueError) throw new RuleParseError(error.message, operand.token.column);
      throw error;
    }
  };
  const specs: RuleSpec[] = [];
  for (const s of addresses(source, '-s')) for (const d of addresses(destination, '-d')) specs.push(spec(s, d));

  if (cmd.key === 'insert') {
    const position = cmd.extra[0] === undefined ? 1 : Number(cmd.extra[0]);
    if (!Number.isInteger(position) || position < 1) throw new RuleParseError(`Invalid rule number \`${cmd.extra[0]}'`, null);
    return { kind: 'insert', chain: chain as string, position, specs, warnings };
  }
  return { kind: 'append', chain: chain as string, specs, warnings };
}

/** The rule as iptables-save prints it after `-A CHAIN` (R1: fixed field order, then matches, then the target). */
export function formatRuleSpec(spec: RuleSpec): string {
  const parts: string[] = [];
  const field = (flag: string, value: Negatable<string> | null): void => {
    if (!value) return;
    parts.push(value.negated ? `! ${flag} ${value.value}` : `${flag} ${value.value}`);
  };
  field('-s', spec.source && { negated: spec.source.negated, value: spec.source.value.text });
  field('-d', spec.destination && { negated: spec.destination.negated, value: spec.destination.value.text });
  field('-i', spec.inInterface);
  field('-o', spec.outInterface);
  field('-p', spec.protocol);
  if (spec.fragment) parts.push(spec.fragment.negated ? '! -f' : '-f');
  for (const match of spec.matches) {
    parts.push(`-m ${match.name}`);
    for (const o of match.options) parts.push(formatOption(o));
  }
  if (spec.target) {
    parts.push(`${spec.target.goto ? '-g' : '-j'} ${spec.target.name}`);
    for (const o of spec.target.options) parts.push(formatOption(o));
  }
  return parts.join(' ');
}

function formatOption(o: OptionValue): string {
  const text = o.args.length > 0 ? `--${o.name} ${o.args.join(' ')}` : `--${o.name}`;
  return o.negated ? `! ${text}` : text;
}
