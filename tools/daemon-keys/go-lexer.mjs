// Tokenizer for the subset of Go that the daemon-key extractor reads (declarations, struct types, flag
// registrations). It follows the Go spec closely enough for moby's sources: comments are dropped, string and
// rune literals are kept whole, and automatic semicolons are inserted at line ends so that statements and
// struct fields can be split on ';' exactly as the Go parser does.

const PUNCTUATION = [
  '<<=', '>>=', '&^=', '...', '&&', '||', '<-', '++', '--', '==', '!=', '<=', '>=', ':=', '+=', '-=', '*=', '/=',
  '%=', '&=', '|=', '^=', '<<', '>>', '&^', '~',
  '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!', '(', ')', '[', ']', '{', '}', ',', ';', '.', ':',
];

const GO_KEYWORDS = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go',
  'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var',
]);

const SEMICOLON_AFTER_KEYWORDS = new Set(['break', 'continue', 'fallthrough', 'return']);
const SEMICOLON_AFTER_PUNCT = new Set(['++', '--', ')', ']', '}']);

/** @typedef {{kind: 'ident'|'string'|'rune'|'number'|'punct', text: string, value?: string, line: number}} Token */

function endsStatement(token) {
  if (!token) return false;
  switch (token.kind) {
    case 'ident':
      return !GO_KEYWORDS.has(token.text) || SEMICOLON_AFTER_KEYWORDS.has(token.text);
    case 'string':
    case 'rune':
    case 'number':
      return true;
    case 'punct':
      return SEMICOLON_AFTER_PUNCT.has(token.text);
    default:
      return false;
  }
}

/** Decodes an interpreted Go string literal body (between the quotes). */
function decodeInterpreted(body) {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, esc) => {
    switch (esc[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '\\': return '\\';
      case '"': return '"';
      case "'": return "'";
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'x': case 'u': case 'U': return String.fromCodePoint(parseInt(esc.slice(1), 16));
      default:
        if (/^[0-7]{3}$/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
        throw new Error(`unknown escape \\${esc}`);
    }
  });
}

/**
 * @param {string} source Go source text
 * @returns {Token[]}
 */
export function tokenize(source) {
  /** @type {Token[]} */
  const tokens = [];
  let i = 0;
  let line = 1;
  const push = (token) => tokens.push(token);
  const newline = () => {
    const last = tokens[tokens.length - 1];
    if (endsStatement(last)) {
      push({ kind: 'punct', text: ';', line, auto: true });
    }
    line++;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') { newline(); i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
      continue;
    }
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) throw new Error(`unterminated comment at line ${line}`);
      const comment = source.slice(i, end + 2);
      const newlines = comment.split('\n').length - 1;
      i = end + 2;
      // A general comment containing newlines acts like a newline.
      if (newlines > 0) { newline(); line += newlines - 1; }
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\\') j++;
        if (source[j] === '\n') throw new Error(`newline in string at line ${line}`);
        j++;
      }
      const text = source.slice(i, j + 1);
      push({ kind: 'string', text, value: decodeInterpreted(text.slice(1, -1)), line });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end === -1) throw new Error(`unterminated raw string at line ${line}`);
      const text = source.slice(i, end + 1);
      push({ kind: 'string', text, value: text.slice(1, -1).replace(/\r/g, ''), line });
      line += text.split('\n').length - 1;
      i = end + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== "'") {
        if (source[j] === '\\') j++;
        j++;
      }
      push({ kind: 'rune', text: source.slice(i, j + 1), line });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_\u0080-\uffff]/.test(source[j])) j++;
      push({ kind: 'ident', text: source.slice(i, j), line });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(source.slice(i));
      const text = match[0];
      push({ kind: 'number', text, line });
      i += text.length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (!punct) throw new Error(`unexpected character ${JSON.stringify(c)} at line ${line}`);
    push({ kind: 'punct', text: punct, line });
    i += punct.length;
  }
  newline();
  return tokens;
}
