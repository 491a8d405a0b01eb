import { parseRuleTokens, RuleParseError } from './rule.js';
import type { RuleSpec } from './spec.js';
import { tokenizeRuleLine } from './tokenize.js';

export interface Rule {
  readonly table: string;
  readonly chain: string;
  /** 1-based line of the rule in the parsed text. */
  readonly line: number;
  /** The rule exactly as iptables-save prints it after `-A CHAIN`: equal texts mean equal rules. */
  readonly text: string;
  /** Structured form; null for kernel output dockdoc could not read (then `text` is the kernel's own text). */
  readonly spec: RuleSpec | null;
}

/**
 * A rule whose text is already canonical (printed by the kernel, or identical to a rule the kernel printed):
 * its structure is read on first use only. The corpus shows iptables-save output is a fixed point of dockdoc's
 * canonical form, and a 50,000-rule host needs the structure of a few hundred Docker rules at most.
 */
class CanonicalRule implements Rule {
  #spec: RuleSpec | null | undefined;
  constructor(
    readonly table: string,
    readonly chain: string,
    readonly line: number,
    readonly text: string,
    private readonly family: 4 | 6,
  ) {}

  get spec(): RuleSpec | null {
    if (this.#spec === undefined) {
      try {
        const tokenized = tokenizeRuleLine(`-A ${this.chain} ${this.text}`);
        const command = tokenized.tooMany ? null : parseRuleTokens(tokenized.tokens, this.family, this.table);
        this.#spec = command?.kind === 'append' && command.specs.length === 1 ? (command.specs[0] as RuleSpec) : null;
      } catch (error) {
        if (!(error instanceof RuleParseError)) throw error;
        this.#spec = null;
      }
    }
    return this.#spec;
  }
}

/**
 * One chain of a table. Its rules in canonical form are kept as they came, a run of consecutive `-A NAME text` lines
 * of the source, and become Rule objects only when someone reads `rules`: a Kubernetes host has tens of thousands of
 * chains that are compared as text (`sameRulesAs`) and never read one by one (issue 12).
 */
export class Chain {
  #source = '';
  /** The run: source[runStart, runEnd) holds runCount lines, the first at line runLine; runEnd < 0 when none. */
  #runStart = 0;
  #runEnd = -1;
  #runLine = 0;
  #runCount = 0;
  #rules: Rule[] | null = null;

  constructor(
    readonly table: string,
    readonly family: 4 | 6,
    readonly name: string,
    readonly builtin: boolean,
    /** ACCEPT / DROP for built-in chains, null for user chains. */
    public policy: string | null,
    /** Line that declared the chain, null for built-in chains the text did not mention. */
    public line: number | null,
  ) {}

  get rules(): Rule[] {
    if (this.#rules === null) {
      const rules: Rule[] = [];
      if (this.#runEnd >= 0) this.#read(this.#source, this.#runStart, this.#runEnd, this.#runLine, this.#runCount, rules);
      this.#rules = rules;
      this.#runEnd = -1;
    }
    return this.#rules;
  }

  set rules(rules: Rule[]) {
    this.#rules = rules;
    this.#runEnd = -1;
  }

  get ruleCount(): number {
    return this.#rules === null ? (this.#runEnd < 0 ? 0 : this.#runCount) : this.#rules.length;
  }

  /**
   * Appends `lines` canonical lines, source[start, end) (each `-A NAME text`, the first at 1-based line `line`), without
   * reading them.
   */
  appendLine(source: string, start: number, end: number, line: number, lines = 1): void {
    if (this.#rules === null && this.#runEnd >= 0 && this.#source === source && this.#runEnd + 1 === start) {
      this.#runEnd = end;
      this.#runCount += lines;
      return;
    }
    if (this.#rules === null && this.#runEnd < 0) {
      this.#source = source;
      this.#runStart = start;
      this.#runEnd = end;
      this.#runLine = line;
      this.#runCount = lines;
      return;
    }
    this.#read(source, start, end, line, lines, this.rules);
  }

  /** The rules of `lines` lines source[start, end), each `-A NAME text` or `-A NAME` alone, into `rules`. */
  #read(source: string, start: number, end: number, line: number, lines: number, rules: Rule[]): void {
    const skip = 4 + this.name.length;
    for (let i = 0; i < lines; i++) {
      let lineEnd = source.indexOf('\n', start);
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      rules.push(new CanonicalRule(this.table, this.name, line + i, lineEnd > start + skip ? source.slice(start + skip, lineEnd) : '', this.family));
      start = lineEnd + 1;
    }
  }

  /** Appends a canonical rule text that is not the source's own (`iptables -S -v` output without its counters). */
  appendText(text: string, line: number): void {
    this.rules.push(new CanonicalRule(this.table, this.name, line, text, this.family));
  }

  /**
   * How many lines of `source` from `start` on are this chain's rules exactly as this chain holds them (its whole run,
   * followed by a line end), or 0: a saved file's chain that is byte-equal to the live one is taken as canonical in one
   * step.
   */
  runAt(source: string, start: number): number {
    if (this.#rules !== null || this.#runEnd < 0) return 0;
    const length = this.#runEnd - this.#runStart;
    const after = start + length;
    if (after > source.length || (after < source.length && source.charCodeAt(after) !== 10)) return 0;
    return source.slice(start, after) === this.#source.slice(this.#runStart, this.#runEnd) ? this.#runCount : 0;
  }

  /** Whether both chains hold the same rule texts in the same order: as text when both are runs, else rule by rule. */
  sameRulesAs(other: Chain | undefined): boolean {
    if (!other || this.ruleCount !== other.ruleCount) return false;
    if (this.#rules === null && other.#rules === null) {
      if (this.#runEnd < 0 || other.#runEnd < 0) return this.#runEnd < 0 && other.#runEnd < 0;
      const length = this.#runEnd - this.#runStart;
      if (length !== other.#runEnd - other.#runStart) return false;
      return this.#source.slice(this.#runStart, this.#runEnd) === other.#source.slice(other.#runStart, other.#runEnd);
    }
    const a = this.rules;
    const b = other.rules;
    for (let i = 0; i < a.length; i++) if ((a[i] as Rule).text !== (b[i] as Rule).text) return false;
    return true;
  }
}
