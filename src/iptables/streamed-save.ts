import { parseRuleset, type Ruleset } from './ruleset.js';
import { quoteStateAfter } from './tokenize.js';

const TABLE_END = '\nCOMMIT\n';

/**
 * Reads iptables-save output while it is still being printed: each table is parsed (kernel mode) as soon as its
 * `COMMIT` line has come, so that on a large host only the last table is left to parse when the save exits.
 *
 * The result is parseRuleset's over the whole text, line numbers included: a `COMMIT` line ends every table state the
 * parser keeps, so the parts parse as the whole does. The one exception is a rule whose comment holds a newline (kernel
 * output continues such a rule on the next lines, corpus Q5), which could run past a `COMMIT`: a part with a line that
 * ends inside a double quote gives up, and the caller parses the whole text as before.
 */
export class StreamedSave {
  readonly #ruleset: Ruleset;
  /** The text after the last table end, in the pieces it came in. */
  #pending: string[] = [];
  /** The last characters seen, so that a table end split between two pieces is found. */
  #carry = '\n';
  /** Line number of the pending text's first line. */
  #line = 1;
  #exact = true;

  constructor(family: 4 | 6) {
    this.#ruleset = { family, tables: new Map(), problems: [] };
  }

  /** The next piece of the output. */
  push(text: string): void {
    if (!this.#exact) return;
    const seen = this.#carry + text;
    const end = seen.lastIndexOf(TABLE_END);
    if (end < 0) {
      this.#pending.push(text);
    } else {
      const cut = end + TABLE_END.length - this.#carry.length;
      this.#pending.push(text.slice(0, cut));
      this.#parsePending();
      if (cut < text.length) this.#pending.push(text.slice(cut));
    }
    this.#carry = seen.slice(-(TABLE_END.length - 1));
  }

  /** The whole output parsed, once all of it was pushed; null when it must be parsed as one text (see above). */
  finish(): Ruleset | null {
    if (this.#exact && this.#pending.length > 0) this.#parsePending();
    return this.#exact ? this.#ruleset : null;
  }

  #parsePending(): void {
    const text = this.#pending.join('');
    this.#pending = [];
    if (!this.#exact) return;
    if (hasLineEndingInQuote(text)) {
      this.#exact = false;
      return;
    }
    const part = parseRuleset(text, { family: this.#ruleset.family, mode: 'kernel', firstLine: this.#line });
    for (const [name, table] of part.tables) this.#ruleset.tables.set(name, table);
    this.#ruleset.problems.push(...part.problems);
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.#line++;
  }
}

/** Whether a line of `text` (without a carriage return at its end, as kernel mode reads it) ends inside a double quote. */
function hasLineEndingInQuote(text: string): boolean {
  for (let quote = text.indexOf('"'); quote >= 0; ) {
    const start = text.lastIndexOf('\n', quote) + 1;
    let end = text.indexOf('\n', quote);
    if (end < 0) end = text.length;
    const body = end > start && text.charCodeAt(end - 1) === 13 /* \r */ ? end - 1 : end;
    if (quoteStateAfter(text, 'outside', start, body) !== 'outside') return true;
    quote = text.indexOf('"', end);
  }
  return false;
}
