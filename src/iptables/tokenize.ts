/** One argument of a rule line, with the 1-based column where it starts (for file:line:col findings). */
export interface Token {
  text: string;
  column: number;
}

export interface TokenizedLine {
  tokens: Token[];
  /** The line ended inside a double quote: iptables-restore keeps the newline in the argument (corpus Q5). */
  unterminatedQuote: boolean;
  /**
   * The line has more than MAX_RULE_ARGUMENTS arguments: `tokens` stops there and its last token is the first one
   * too many. iptables-restore refuses such a line with "Parser cannot handle more arguments".
   */
  tooMany: boolean;
}

/**
 * How many arguments iptables-restore takes from one line: its argv holds at most MAX_ARGC - 1 = 254 entries, and the
 * program name, `-t` and the table come first (iptables v1.8.9 iptables/xshared.h MAX_ARGC, xshared.c add_argv,
 * iptables-restore.c). This also bounds the work on a line of a million empty quoted arguments (`""""...`).
 */
export const MAX_RULE_ARGUMENTS = 251;

/**
 * Splits a rule line into arguments exactly as iptables-restore does (add_param_to_argv in iptables 1.8):
 * only double quotes group, a backslash escapes the next character inside quotes only, a closing quote ends the
 * argument, and single quotes are ordinary characters (corpus Q3: `'two words'` is two arguments).
 * An unterminated quote runs to the end of the line and takes the newline with it, as fgets() hands it over.
 */
export function tokenizeRuleLine(line: string, startColumn = 1): TokenizedLine {
  const tokens: Token[] = [];
  const length = line.length;
  let i = 0;
  while (i < length) {
    const code = line.charCodeAt(i);
    if (code === 32 || code === 9) {
      i++;
      continue;
    }
    const start = i;
    if (tokens.length === MAX_RULE_ARGUMENTS) {
      tokens.push({ text: '', column: startColumn + start });
      return { tokens, unterminatedQuote: false, tooMany: true };
    }
    let text = '';
    const runStart = i;
    let quoted = false;
    // Unquoted characters are copied as slices; only quoted text with escapes is built up piece by piece.
    while (i < length) {
      const c = line.charCodeAt(i);
      if (c === 32 || c === 9) break;
      if (c !== 34) {
        i++;
        continue;
      }
      text += line.slice(runStart, i);
      i++;
      let closed = false;
      let piece = i;
      while (i < length) {
        const q = line.charCodeAt(i);
        if (q === 92) {
          // At the very end the escaped character is the newline, which the unterminated quote adds anyway.
          text += line.slice(piece, i) + (line[i + 1] ?? '');
          i = Math.min(i + 2, length);
          piece = i;
          continue;
        }
        if (q === 34) {
          closed = true;
          break;
        }
        i++;
      }
      text += line.slice(piece, i);
      if (!closed) {
        tokens.push({ text: `${text}\n`, column: startColumn + start });
        return { tokens, unterminatedQuote: true, tooMany: false };
      }
      i++;
      quoted = true;
      // A closing quote ends the argument, whatever follows it.
      break;
    }
    if (!quoted) text += line.slice(runStart, i);
    tokens.push({ text, column: startColumn + start });
  }
  return { tokens, unterminatedQuote: false, tooMany: false };
}

/** Where a scan of rule text ends: outside any quote, inside one, or inside one right after a backslash. */
export type QuoteState = 'outside' | 'inside' | 'escaping';

/**
 * The quote state after `text` (or text[from, to)), starting from `state`, by tokenizeRuleLine's rules (only double
 * quotes group, a backslash inside quotes escapes the next character). Taking the state a previous piece ended in lets a rule that
 * spans lines be scanned one line at a time instead of rescanning all it has joined so far (issue 10: quadratic).
 */
export function quoteStateAfter(text: string, state: QuoteState = 'outside', from = 0, to = text.length): QuoteState {
  const length = to;
  let i = from;
  if (state === 'escaping') {
    if (length === from) return state;
    i = from + 1;
    state = 'inside';
  }
  while (i < length) {
    if (state === 'outside') {
      // Most lines have no quote at all: find the next one without looking at every character.
      const open = text.indexOf('"', i);
      if (open < 0 || open >= length) return 'outside';
      i = open + 1;
      state = 'inside';
      continue;
    }
    const code = text.charCodeAt(i);
    if (code === 92 /* \ */) {
      if (i + 1 >= length) return 'escaping';
      i += 2;
      continue;
    }
    if (code === 34 /* " */) state = 'outside';
    i++;
  }
  return state;
}

/** Whether a line (or line[from, to)) ends inside a double quote, without building its arguments. */
export function endsInsideQuote(line: string, from = 0, to = line.length): boolean {
  return quoteStateAfter(line, 'outside', from, to) !== 'outside';
}
