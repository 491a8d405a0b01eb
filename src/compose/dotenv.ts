import { overCap } from '../limits/caps.js';
import { interpolate, InterpolationError, type Lookup } from './interpolate.js';

/** A line compose would refuse in a .env file. */
export class DotEnvError extends Error {
  constructor(
    /** Why, without the line (findings carry the line in their location). */
    readonly reason: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const KEY_PUNCTUATION = new Set(['_', '.', '-', '[', ']']);
const INLINE_SPACE = new Set(['\t', '\v', '\f', '\r', ' ', '\u0085', '\u00a0']);
const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
};

/**
 * Parses a .env file as compose does: `KEY=value`, `KEY: value`, `export KEY=value`, comments, `KEY` alone to
 * inherit from the environment, single quotes literal, double quotes with escapes, unquoted values cut at ` #`.
 * Unquoted and double-quoted values are interpolated, looking in `environment` first, then at earlier keys.
 */
export function parseDotEnv(text: string, environment: Lookup): Record<string, string> {
  const tooLarge = overCap('dotEnv', text);
  if (tooLarge) throw new DotEnvError(tooLarge, 1);
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const out: Record<string, string> = {};
  const lookup: Lookup = (name) => environment(name) ?? (Object.hasOwn(out, name) ? out[name] : undefined);
  let i = 0;
  let line = 1;
  const skipBlankAndComments = (): void => {
    for (;;) {
      while (i < source.length && /\s/.test(source[i]!)) {
        if (source[i] === '\n') line++;
        i++;
      }
      if (source[i] !== '#') return;
      while (i < source.length && source[i] !== '\n') i++;
    }
  };
  for (;;) {
    skipBlankAndComments();
    if (i >= source.length) return out;
    const exported = /^export[ \t]+/.exec(source.slice(i, i + 64));
    if (exported) i += exported[0].length;
    const keyStart = i;
    let terminator = '';
    while (i < source.length) {
      const char = source[i]!;
      if (char === '=' || char === ':' || char === '\n') {
        terminator = char;
        break;
      }
      if (!INLINE_SPACE.has(char) && !KEY_PUNCTUATION.has(char) && !/[\p{L}\p{N}]/u.test(char)) {
        const lineText = source.slice(keyStart).split('\n')[0];
        throw new DotEnvError(`unexpected character "${char}" in variable name "${lineText}"`, line);
      }
      i++;
    }
    // trimEnd, not /\s+$/: the regular expression retries at every space of a long run (quadratic on hostile text).
    const key = source.slice(keyStart, i).trimEnd();
    if (/\s/.test(key)) throw new DotEnvError('key cannot contain a space', line);
    if (terminator !== '=' && terminator !== ':') {
      // `KEY` alone: take the value from the environment, if it has one.
      const inherited = environment(key);
      if (inherited !== undefined) out[key] = inherited;
      continue;
    }
    i++;
    while (i < source.length && INLINE_SPACE.has(source[i]!)) i++;
    const quote = source[i];
    if (quote === '"' || quote === "'") {
      const { raw, end, lines } = readQuoted(source, i, quote, line);
      line += lines;
      i = end;
      out[key] = quote === '"' ? interpolateAt(expandEscapes(raw), lookup, line - lines) : raw;
      continue;
    }
    let end = source.indexOf('\n', i);
    if (end < 0) end = source.length;
    let value = source.slice(i, end);
    const comment = value.indexOf(' #');
    if (comment >= 0) value = value.slice(0, comment);
    out[key] = interpolateAt(value.trimEnd(), lookup, line);
    i = end;
  }
}

/** A value's interpolation; a malformed `${...}` or a `${X:?message}` whose X is unset is a problem at its line. */
function interpolateAt(template: string, lookup: Lookup, line: number): string {
  try {
    return interpolate(template, lookup).value;
  } catch (error) {
    if (error instanceof InterpolationError) throw new DotEnvError(error.message, line);
    throw error;
  }
}

/** The text between quotes; a backslash before the closing quote keeps the quote, other backslashes stay. */
function readQuoted(source: string, start: number, quote: string, line: number): { raw: string; end: number; lines: number } {
  let raw = '';
  let escaped = false;
  let lines = 0;
  for (let i = start + 1; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\n') lines++;
    if (char === quote) {
      if (escaped) {
        escaped = false;
        raw += char;
        continue;
      }
      return { raw, end: i + 1, lines };
    }
    if (escaped) {
      raw += '\\' + char;
      escaped = false;
      continue;
    }
    if (char === '\\') {
      escaped = true;
      continue;
    }
    raw += char;
  }
  const lineText = source.slice(start).split('\n')[0];
  throw new DotEnvError(`unterminated quoted value ${lineText}`, line);
}

/** Shell-style escapes of double-quoted values; `\$` becomes `$$` so interpolation leaves a literal dollar. */
function expandEscapes(value: string): string {
  return value.replace(/\\([abfnrtv"\\$]|0[0-7]{3})/g, (match, code: string) => {
    if (code === '$') return '$$';
    // `\0ooo` is an octal byte; compose leaves shorter `\0` sequences as written
    if (code.startsWith('0')) return String.fromCharCode(parseInt(code.slice(1), 8));
    return DOUBLE_QUOTED_ESCAPES[code] ?? match;
  });
}
