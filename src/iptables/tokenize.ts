/** One argument of a rule line, with the 1-based column where it starts (for file:line:col findings). */
export interface Token {
  text: string;
  column: number;
}

export interface TokenizedLine {
  tokens: Token[];
  /** The line ended inside a double quote: iptables-restore keeps the newline in the argument (corpus Q5). */
  unterminatedQuote: boolean;
}

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
        return { tokens, unterminatedQuote: true };
      }
      i++;
      quoted = true;
      // A closing quote ends the argument, whatever follows it.
      break;
    }
    if (!quoted) text += line.slice(runStart, i);
    tokens.push({ text, column: startColumn + start });
  }
  return { tokens, unterminatedQuote: false };
}

/** Whether a line ends inside a double quote, without building its arguments (most lines have no quote at all). */
export function endsInsideQuote(line: string): boolean {
  let open = line.indexOf('"');
  while (open >= 0) {
    let from = open + 1;
    let close: number;
    for (;;) {
      const q = line.indexOf('"', from);
      if (q < 0) return true;
      let backslashes = 0;
      while (q - backslashes - 1 >= from && line.charCodeAt(q - backslashes - 1) === 92) backslashes++;
      if (backslashes % 2 === 0) {
        close = q;
        break;
      }
      from = q + 1;
    }
    open = line.indexOf('"', close + 1);
  }
  return false;
}
