import { parseRuleset, type Ruleset } from './ruleset.js';
import { quoteStateAfter } from './tokenize.js';

const TABLE_END = '\nCOMMIT\n';

/**
 * Reads iptables-save output while it is still being printed: each table is parsed (kernel mode) as soon as its
 * `COMMIT` line has come, so that on a large host only the last table is left to parse when the save exits.
 *
 * The result is parseRuleset's over the whole text, line numbers included: a `COMMIT` line ends every table state the
 * parser keeps, so the parts parse as the whole does. The one exception is a rule whose comment holds a newline (kernel
 * output continues such a rule on the next lines, corpus Q5), which could run past a `COMMIT`: output with a line that
 * ends inside a double quote is given up on, and the caller parses the whole text as before. Lines are checked, and
 * counted, as they come; what is left when a table ends is joining its text and parsing it.
 */
export class StreamedSave {
  readonly #ruleset: Ruleset;
  /** The text after the last table end, in the pieces it came in, and how many line ends it holds. */
  #pending: string[] = [];
  #pendingLines = 0;
  /** The last characters seen, so that a table end split between two pieces is found. */
  #carry = '\n';
  /** Line number of the pending text's first line. */
  #line = 1;
  /** The last line seen, not ended yet: lines are checked for quotes as they come, not when their table ends. */
  #openLine = '';
  #exact = true;

  constructor(family: 4 | 6) {
    this.#ruleset = { family, tables: new Map(), problems: [] };
  }

  /** The next piece of the output. */
  push(text: string): void {
    if (!this.#exact) return;
    this.#checkLines(text);
    if (!this.#exact) return;
    const seen = this.#carry + text;
    const end = seen.lastIndexOf(TABLE_END);
    this.#carry = seen.slice(-(TABLE_END.length - 1));
    if (end < 0) {
      this.#pending.push(text);
      this.#pendingLines += lineEnds(text);
      return;
    }
    const cut = end + TABLE_END.length - (seen.length - text.length);
    const before = text.slice(0, cut);
    this.#pending.push(before);
    this.#parsePending(this.#pendingLines + lineEnds(before));
    const after = text.slice(cut);
    this.#pending = after ? [after] : [];
    this.#pendingLines = lineEnds(after);
  }

  /** The whole output parsed, once all of it was pushed; null when it must be parsed as one text (see above). */
  finish(): Ruleset | null {
    if (this.#exact && hasLineEndingInQuote(this.#openLine, 0, this.#openLine.length)) this.#exact = false;
    if (this.#exact && this.#pending.length > 0) this.#parsePending(this.#pendingLines);
    return this.#exact ? this.#ruleset : null;
  }

  #checkLines(text: string): void {
    const lines = this.#openLine + text;
    const last = lines.lastIndexOf('\n');
    if (last >= 0 && hasLineEndingInQuote(lines, 0, last)) this.#exact = false;
    this.#openLine = lines.slice(last + 1);
    // No line of iptables-save is this long; not worth keeping whole to check.
    if (this.#openLine.length > MAX_OPEN_LINE) this.#exact = false;
  }

  #parsePending(lines: number): void {
    const text = this.#pending.join('');
    this.#pending = [];
    const part = parseRuleset(text, { family: this.#ruleset.family, mode: 'kernel', firstLine: this.#line });
    for (const [name, table] of part.tables) this.#ruleset.tables.set(name, table);
    this.#ruleset.problems.push(...part.problems);
    this.#line += lines;
  }
}

const MAX_OPEN_LINE = 1 << 20;

function lineEnds(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * Whether a line of text[from, to) (without a carriage return at its end, as kernel mode reads it) ends inside a double
 * quote; `to` is a line end or the end of the text.
 */
function hasLineEndingInQuote(text: string, from: number, to: number): boolean {
  for (let quote = text.indexOf('"', from); quote >= 0 && quote < to; ) {
    const start = Math.max(from, text.lastIndexOf('\n', quote) + 1);
    let end = text.indexOf('\n', quote);
    if (end < 0 || end > to) end = to;
    const body = end > start && text.charCodeAt(end - 1) === 13 /* \r */ ? end - 1 : end;
    if (quoteStateAfter(text, 'outside', start, body) !== 'outside') return true;
    quote = text.indexOf('"', end);
  }
  return false;
}
