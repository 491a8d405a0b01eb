import { Chain, type Rule } from './chain.js';
import type { KernelReference } from './kernel-reference.js';
import { formatRuleSpec, parseRuleTokens, RuleParseError, UnsupportedCommandError, type ChainCommand } from './rule.js';
import { KNOWN_TARGET_NAMES } from './targets.js';
import { endsInsideQuote, MAX_RULE_ARGUMENTS, quoteStateAfter, tokenizeRuleLine, type Token } from './tokenize.js';

export const BUILTIN_CHAINS: Readonly<Record<string, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

const MAX_CHAIN_NAME = 28;
/**
 * The target of a rule in canonical form: the last `-j`/`-g`, since the target and its options come last (R1). A
 * comment holding " -j X" in a rule without target can fool it; callers that must be sure read `spec`.
 */
export function targetOf(text: string): string | undefined {
  const at = Math.max(text.lastIndexOf(' -j '), text.lastIndexOf(' -g '));
  const start = at >= 0 ? at + 4 : text.startsWith('-j ') || text.startsWith('-g ') ? 3 : -1;
  if (start < 0) return undefined;
  const end = text.indexOf(' ', start);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/**
 * `targetOf` over lines of one long source, in order, without slicing each line: the last ` -j `/` -g ` of a line is
 * found from where the next of each was found for the lines before (searching backwards for one a file does not hold,
 * such as ` -g `, would scan the whole source again for every line). Lines must be asked for in increasing order.
 */
export class TargetFinder {
  #nextJump = -1;
  #nextGoto = -1;
  constructor(private readonly source: string) {}

  /** targetOf(source.slice(from, to)), where source[to] is a line end or to is the source's length. */
  targetIn(from: number, to: number): string | undefined {
    const source = this.source;
    if (this.#nextJump < from) this.#nextJump = this.#next(' -j ', from);
    if (this.#nextGoto < from) this.#nextGoto = this.#next(' -g ', from);
    // No match runs over `to`: source[to] is a line end, which neither holds.
    let at = -1;
    while (this.#nextJump < to) {
      at = this.#nextJump;
      this.#nextJump = this.#next(' -j ', at + 1);
    }
    while (this.#nextGoto < to) {
      at = Math.max(at, this.#nextGoto);
      this.#nextGoto = this.#next(' -g ', this.#nextGoto + 1);
    }
    const start = at >= 0 ? at + 4 : to - from >= 3 && (source.startsWith('-j ', from) || source.startsWith('-g ', from)) ? from + 3 : -1;
    if (start < 0) return undefined;
    let end = source.indexOf(' ', start);
    if (end < 0 || end > to) end = to;
    return source.slice(start, end);
  }

  #next(pattern: string, from: number): number {
    const at = this.source.indexOf(pattern, from);
    return at < 0 ? this.source.length : at;
  }
}

export { Chain } from './chain.js';
export type { Rule } from './chain.js';

export interface Table {
  name: string;
  line: number;
  /** Built-in chains in hook order, then user chains in the order they were declared. */
  chains: Map<string, Chain>;
}

export interface RulesetProblem {
  /** error: iptables-restore refuses the file; warning: it loads, but not as written or not on both backends. */
  severity: 'error' | 'warning';
  line: number;
  column?: number;
  message: string;
  /** Set when only one backend refuses the line (corpus N2): the other loads it. */
  failsOn?: 'nft' | 'legacy';
}

export interface Ruleset {
  family: 4 | 6;
  tables: Map<string, Table>;
  problems: RulesetProblem[];
}

export interface ParseOptions {
  family: 4 | 6;
  /**
   * `file`: a rules file as iptables-restore reads it (every rule canonicalised and checked);
   * `kernel`: iptables-save or `iptables -S` output, whose rules are the canonical form already (the corpus shows the
   * kernel's output is a fixed point), read tolerantly: counters, the mixed-backend warning and a comment that
   * holds a newline (Q5) are all part of real output.
   */
  mode: 'file' | 'kernel';
  /** For `iptables -S` output, which has no `*table` lines. */
  table?: string;
  /**
   * In `file` mode: the live ruleset of the same family, whose rule texts are canonical already; a saved rule the
   * kernel printed for the same chain is taken as it is instead of being parsed again. Comparing a saved file with the
   * live rules uses this.
   */
  reference?: KernelReference;
  /** The line number of the source's first line, when the source is a part of a longer text (src/iptables/streamed-save.ts). */
  firstLine?: number;
}

function emptyTable(name: string, line: number, family: 4 | 6): Table {
  const chains = new Map<string, Chain>();
  for (const chain of BUILTIN_CHAINS[name] ?? []) chains.set(chain, new Chain(name, family, chain, true, 'ACCEPT', null));
  return { name, line, chains };
}

/** A user chain, declared at `line` (null when only its rules name it, as in kernel output). */
function userChain(table: Table, family: 4 | 6, name: string, line: number | null): Chain {
  const chain = new Chain(table.name, family, name, false, null, line);
  table.chains.set(name, chain);
  return chain;
}

/** A rule whose jump target must exist when the table is committed (e03): the rule, or where a canonical line is. */
interface PendingJump {
  chain: Chain;
  line: number;
  target: string;
  rule?: Rule;
}

/** Parses iptables-save / iptables-restore text or `iptables -S` output into tables, chains and canonical rules. */
export function parseRuleset(source: string, options: ParseOptions): Ruleset {
  const { family, mode } = options;
  const tables = new Map<string, Table>();
  const problems: RulesetProblem[] = [];
  const listing = options.table !== undefined;
  let table: Table | null = listing ? emptyTable(options.table as string, 1, family) : null;
  if (table) tables.set(table.name, table);
  let skippingTable = false;
  let lastTable: Table | null = null;
  let lastChain: Chain | null = null;
  let pendingJumps: PendingJump[] = [];

  const problem = (p: RulesetProblem): void => {
    problems.push(p);
  };

  const commit = (): void => {
    if (table && mode === 'file') {
      for (const pending of pendingJumps) {
        if (table.chains.has(pending.target)) continue;
        const rules = pending.chain.rules;
        const at = pending.rule ? rules.indexOf(pending.rule) : rules.findIndex((r) => r.line === pending.line);
        const rule = rules[at];
        const target = rule?.spec?.target?.name;
        if (rule && target && !KNOWN_TARGET_NAMES.has(target) && !table.chains.has(target)) {
          problem({ severity: 'error', line: rule.line, message: `Chain '${target}' does not exist (legacy: Couldn't load target \`${target}')` });
          rules.splice(at, 1);
        }
      }
    }
    pendingJumps = [];
  };

  /**
   * In file mode, the jump target of a canonical rule, source[from, to), not declared yet waits for COMMIT
   * (iptables-save declares chains first). Most targets are chains, so the table is asked first.
   */
  const targets = new TargetFinder(source);
  const checkJump = (chain: Chain, from: number, to: number, line: number): void => {
    const jump = targets.targetIn(from, to);
    if (jump && !(table as Table).chains.has(jump) && !KNOWN_TARGET_NAMES.has(jump)) pendingJumps.push({ chain, line, target: jump });
  };

  // Lines are found with indexOf rather than split: a big ruleset's lines are only ever sliced for their rule text.
  const length = source.length;
  let position = 0;
  let lineNumber = (options.firstLine ?? 1) - 1;
  /** Where the next double quote at or after the current line is (length: none), found once for all the lines before it. */
  let nextQuote = -1;
  const endsInQuote = (from: number, to: number): boolean => {
    if (nextQuote < from) {
      nextQuote = source.indexOf('"', from);
      if (nextQuote < 0) nextQuote = length;
    }
    return nextQuote < to && endsInsideQuote(source, from, to);
  };
  while (position < length) {
    const start = position;
    let end = source.indexOf('\n', start);
    if (end < 0) end = length;
    position = end + 1;
    lineNumber++;
    const first = source.charCodeAt(start);
    if (first === 45 /* - */ && source.charCodeAt(start + 1) === 65 /* A */ && source.charCodeAt(start + 2) === 32 && table) {
      // The bulk of any big ruleset: `-A CHAIN rule` in the kernel's canonical form (kernel output, or a saved rule
      // identical to one the kernel printed), kept as a line of the source until someone reads it (src/iptables/chain.ts).
      let space = source.indexOf(' ', start + 3);
      if (space > end) space = -1;
      // Consecutive rules are mostly in one chain: reuse its name and entry instead of looking them up again.
      const previous = (lastTable === table ? lastChain : null) as Chain | null;
      const sameChain: boolean = previous !== null && space === start + 3 + previous.name.length && source.startsWith(previous.name, start + 3);
      const chainName: string = sameChain && previous ? previous.name : source.slice(start + 3, space < 0 ? end : space);
      const textStart = space < 0 ? end : space + 1;
      let chain: Chain | undefined = sameChain && previous ? previous : table.chains.get(chainName);
      const reference = mode === 'file' ? options.reference : undefined;
      if (reference && chain) {
        // A saved chain byte-equal to the live one: all its lines at once.
        const lines = reference.blockAt(table.name, chainName, source, start);
        if (lines > 0) {
          let lineStart = start;
          for (let i = 0; i < lines; i++) {
            let lineEnd = source.indexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = length;
            checkJump(chain, Math.min(lineStart + chainName.length + 4, lineEnd), lineEnd, lineNumber + i);
            if (i < lines - 1) lineStart = lineEnd + 1;
            else end = lineEnd;
          }
          chain.appendLine(source, start, end, lineNumber, lines);
          lastTable = table;
          lastChain = chain;
          position = end + 1;
          lineNumber += lines - 1;
          continue;
        }
      }
      const canonical = mode === 'kernel' || reference?.has(table.name, chainName, source.slice(textStart, end)) === true;
      const endsInCr = end > textStart && source.charCodeAt(end - 1) === 13; /* \r */
      if (canonical && !endsInCr && !endsInQuote(textStart, end)) {
        if (!chain && mode === 'kernel') chain = userChain(table, family, chainName, null);
        if (chain) {
          lastTable = table;
          lastChain = chain;
          // `iptables -S -v` prints counters inside the rule; only that text is not the source's own.
          if (listing && source.slice(textStart, end).includes('-c ')) chain.appendText(withoutCounters(source.slice(textStart, end)), lineNumber);
          else chain.appendLine(source, start, end, lineNumber);
          if (mode === 'file') checkJump(chain, textStart, end, lineNumber);
          continue;
        }
      }
    }
    if (first === 58 /* : */ && table && !listing) {
      // The common declaration, `:NAME - [0:0]` for a new user chain, read straight off the source (a Kubernetes host
      // declares tens of thousands); anything else takes declareChain's full path below.
      const nameEnd = source.indexOf(' ', start);
      if (
        nameEnd > start + 1 &&
        nameEnd <= start + MAX_CHAIN_NAME + 1 &&
        nameEnd + 2 < end &&
        source.charCodeAt(nameEnd + 1) === 45 /* - */ &&
        source.charCodeAt(nameEnd + 2) === 32 &&
        source.charCodeAt(end - 1) !== 13 /* \r */
      ) {
        const name = source.slice(start + 1, nameEnd);
        if (!table.chains.has(name) && !name.includes('\t')) {
          userChain(table, family, name, lineNumber);
          continue;
        }
      }
    }
    if (end === start || first === 35 /* # */) continue;
    let raw = source.slice(start, end);
    if (raw.endsWith('\r')) {
      if (mode === 'file') {
        problem({ severity: 'error', line: lineNumber, message: 'line ends with a carriage return (DOS line endings): iptables-restore reads it as part of the last argument' });
        continue;
      }
      raw = raw.slice(0, -1);
    }
    if ((first === 32 || first === 9) && raw.trim() === '') continue;

    if (!listing && raw.startsWith('*')) {
      if (table && !skippingTable) {
        problem({ severity: 'error', line: lineNumber, message: `COMMIT expected before a new table at line ${lineNumber}` });
        commit();
      }
      const name = raw.slice(1).trim().split(/[ \t]/)[0] as string;
      if (!BUILTIN_CHAINS[name]) {
        problem({ severity: 'error', line: lineNumber, message: `table name '${name}' invalid` });
        table = null;
        skippingTable = true;
        continue;
      }
      skippingTable = false;
      // Restoring a table replaces all of it, so a table named twice keeps only its last block.
      table = emptyTable(name, lineNumber, family);
      tables.set(name, table);
      continue;
    }
    if (!listing && raw === 'COMMIT') {
      if (!table && !skippingTable) problem({ severity: 'error', line: lineNumber, message: `line ${lineNumber} failed: COMMIT outside a table` });
      commit();
      table = null;
      skippingTable = false;
      continue;
    }
    if (skippingTable) continue;
    if (!table) {
      problem({ severity: 'error', line: lineNumber, message: `line ${lineNumber} failed: rule or chain outside a table (no *filter / *nat line before it)` });
      continue;
    }
    if (!listing && first === 58 /* : */) {
      declareChain(table, family, raw, lineNumber, problem, mode);
      continue;
    }

    let body = raw;
    if (body.startsWith('[')) {
      const close = body.indexOf(']');
      if (close < 0 || !/^\[\d+:\d+\]$/.test(body.slice(0, close + 1))) {
        problem({ severity: 'error', line: lineNumber, message: `Bad counters \`${body.slice(0, close + 1 || undefined)}'` });
        continue;
      }
      body = body.slice(close + 1);
    }
    if (listing && mode === 'kernel' && (body.startsWith('-P ') || body.startsWith('-N '))) {
      const [flag, name = '', policy] = body.split(' ');
      const chain = table.chains.get(name);
      if (flag === '-P' && chain) chain.policy = policy ?? chain.policy;
      else if (flag === '-N' && !chain) userChain(table, family, name, lineNumber);
      continue;
    }
    const column = raw.length - body.length + 1;
    const ruleLine = lineNumber;
    if (mode === 'kernel' && endsInsideQuote(body)) {
      // Q5: the kernel printed a comment that holds a newline; the rule continues on the next lines.
      // Each next line is scanned once, from the quote state the lines before it ended in; the lines it takes
      // are contiguous in the source, so the rule is one slice of it, newlines included.
      let state = quoteStateAfter(body);
      const continuation = position;
      let continuationEnd = position - 1;
      while (state !== 'outside' && position < length) {
        let next = source.indexOf('\n', position);
        if (next < 0) next = length;
        state = quoteStateAfter(source, state, position - 1, next);
        continuationEnd = next;
        position = next + 1;
        lineNumber++;
      }
      body += source.slice(continuation - 1, continuationEnd);
    }
    const tokenized = tokenizeRuleLine(body, column);
    if (tokenized.tooMany) {
      const message = `Parser cannot handle more arguments (iptables-restore takes at most ${MAX_RULE_ARGUMENTS} from a line)`;
      if (mode === 'kernel') keepUnreadRule(table, family, tokenized.tokens, ruleLine, problem, message, body.slice((tokenized.tokens[2] as Token).column - column));
      else problem({ severity: 'error', line: ruleLine, column: (tokenized.tokens[tokenized.tokens.length - 1] as Token).column, message });
      continue;
    }
    if (tokenized.unterminatedQuote && mode === 'file') {
      problem({
        severity: 'warning',
        line: lineNumber,
        column: (tokenized.tokens[tokenized.tokens.length - 1] as Token).column,
        message: 'unterminated double quote: iptables-restore takes the rest of the line, newline included, as one argument, so this rule loads without the options that follow the quote',
      });
    }
    applyCommand(table, tokenized.tokens, ruleLine, family, mode, problem, pendingJumps);
  }
  if (table && !listing && !skippingTable && mode === 'file') {
    problem({ severity: 'error', line: lineNumber + 1, message: `COMMIT expected at line ${lineNumber + 1}` });
  }
  if (listing || mode === 'kernel') commit();
  return { family, tables, problems };
}

/** `iptables -S -v` prints rule counters as `-c p b` right before the target (S4); they are state, not the rule. */
function withoutCounters(text: string): string {
  return text.replace(/^-c \d+ \d+(?: |$)/, '').replace(/ -c \d+ \d+(?= |$)/, '');
}

function declareChain(table: Table, family: 4 | 6, raw: string, line: number, problem: (p: RulesetProblem) => void, mode: 'file' | 'kernel'): void {
  // The common case, `:NAME - [0:0]` for a new user chain, without splitting anything.
  const nameEnd = raw.indexOf(' ');
  if (nameEnd > 1 && nameEnd <= MAX_CHAIN_NAME + 1 && raw.charCodeAt(nameEnd + 1) === 45 /* - */ && raw.charCodeAt(nameEnd + 2) === 32) {
    const name = raw.slice(1, nameEnd);
    if (!table.chains.has(name) && !name.includes('\t')) {
      userChain(table, family, name, line);
      return;
    }
  }
  // `:NAME POLICY [p:b]`; split by hand, a big ruleset declares tens of thousands of chains.
  const body = raw.includes('\t') ? raw.slice(1).replace(/\t/g, ' ') : raw.slice(1);
  const space = body.indexOf(' ');
  const name = space < 0 ? body : body.slice(0, space);
  const after = space < 0 ? '' : body.slice(space + 1).trimStart();
  const policyEnd = after.indexOf(' ');
  const policy = (policyEnd < 0 ? after : after.slice(0, policyEnd)) || '-';
  if (name.length === 0 || name.length > MAX_CHAIN_NAME) {
    problem({ severity: 'error', line, message: `Invalid chain name \`${name}' (${MAX_CHAIN_NAME} chars max)` });
    return;
  }
  const existing = table.chains.get(name);
  if (existing?.builtin) {
    if (policy === '-') return;
    if (policy !== 'ACCEPT' && policy !== 'DROP') {
      problem({ severity: 'error', line, message: `Can't set policy \`${policy}' on \`${name}' line ${line}: Bad policy name` });
      return;
    }
    existing.policy = policy;
    existing.line = line;
    return;
  }
  if (existing && mode === 'file') {
    problem({ severity: 'warning', line, failsOn: 'legacy', message: `chain '${name}' declared twice: iptables-legacy-restore fails with "error creating chain '${name}':File exists"; nft accepts it` });
    return;
  }
  if (policy !== '-' && mode === 'file') {
    problem({ severity: 'warning', line, failsOn: 'legacy', message: `Can't set policy \`${policy}' on \`${name}' line ${line}: Bad built-in chain name (iptables-legacy-restore fails; nft creates the chain and ignores the policy)` });
  }
  userChain(table, family, name, line);
}

function applyCommand(
  table: Table,
  tokens: Token[],
  line: number,
  family: 4 | 6,
  mode: 'file' | 'kernel',
  problem: (p: RulesetProblem) => void,
  pendingJumps: PendingJump[],
): void {
  let command: ChainCommand;
  try {
    command = parseRuleTokens(tokens, family, table.name);
  } catch (error) {
    if (!(error instanceof RuleParseError)) throw error;
    if (mode === 'kernel') {
      keepUnreadRule(table, family, tokens, line, problem, error.message);
      return;
    }
    problem({
      severity: error instanceof UnsupportedCommandError ? 'warning' : 'error',
      line,
      ...(error.column !== null ? { column: error.column } : {}),
      message: error.message,
    });
    return;
  }
  switch (command.kind) {
    case 'other-family':
      return;
    case 'new-chain':
      if (!table.chains.has(command.chain)) userChain(table, family, command.chain, line);
      return;
    case 'policy': {
      const chain = table.chains.get(command.chain);
      if (!chain?.builtin) problem({ severity: 'error', line, message: `Can't set policy on \`${command.chain}': Bad built-in chain name` });
      else chain.policy = command.policy;
      return;
    }
    case 'flush':
      for (const chain of table.chains.values()) if (command.chain === null || chain.name === command.chain) chain.rules = [];
      return;
    case 'delete-chain':
      for (const chain of [...table.chains.values()]) {
        if (!chain.builtin && (command.chain === null || chain.name === command.chain)) table.chains.delete(chain.name);
      }
      return;
    case 'append':
    case 'insert': {
      const chain = table.chains.get(command.chain);
      if (!chain) {
        if (mode === 'kernel') {
          keepUnreadRule(table, family, tokens, line, problem, `chain ${command.chain} was not declared`);
        } else {
          problem({ severity: 'error', line, message: `Chain '${command.chain}' does not exist (legacy: No chain/target/match by that name)` });
        }
        return;
      }
      if (mode === 'file') for (const w of command.warnings) problem({ severity: 'warning', line, message: w.message, ...(w.failsOn ? { failsOn: w.failsOn } : {}) });
      const rules = command.specs.map((spec): Rule => ({ table: table.name, chain: chain.name, line, text: formatRuleSpec(spec), spec }));
      if (command.kind === 'insert') chain.rules.splice(command.position - 1, 0, ...rules);
      else chain.rules.push(...rules);
      for (const rule of rules) {
        const target = rule.spec?.target?.name;
        if (target && !KNOWN_TARGET_NAMES.has(target) && !table.chains.has(target)) pendingJumps.push({ chain, line, target, rule });
      }
      return;
    }
  }
}

/**
 * Kernel output dockdoc cannot read (an extension printed in a way its model does not know) is kept verbatim, so
 * comparisons still see it, and reported as a warning about dockdoc rather than about the host. A line with more
 * arguments than iptables-restore takes is not split further: `printedText` is its line after `-A CHAIN`, as printed.
 */
function keepUnreadRule(table: Table, family: 4 | 6, tokens: Token[], line: number, problem: (p: RulesetProblem) => void, why: string, printedText?: string): void {
  const texts = tokens.map((t) => t.text);
  const at = texts.findIndex((t) => t === '-A' || t === '--append');
  const chainName = at >= 0 ? texts[at + 1] : undefined;
  problem({ severity: 'warning', line, message: `dockdoc could not read this rule (${why}); it is compared as printed` });
  if (!chainName || (printedText !== undefined && at !== 0)) return;
  const chain = table.chains.get(chainName) ?? userChain(table, family, chainName, null);
  const text = printedText ?? [...texts.slice(0, at), ...texts.slice(at + 2)].join(' ');
  chain.rules.push({ table: table.name, chain: chainName, line, text, spec: null });
}
