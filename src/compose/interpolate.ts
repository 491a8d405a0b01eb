/**
 * Compose's variable interpolation (compose specification, "Interpolation"): `$VAR`, `${VAR}`, `$$` for a literal
 * dollar, and `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}`,
 * `${VAR+replacement}` whose default/replacement may itself hold interpolations. A `$` not followed by a name,
 * `{` or `$` stays as it is, as in compose.
 */

import { MAX_INTERPOLATION_NESTING } from '../limits/caps.js';

export type Lookup = (name: string) => string | undefined;

/** An invalid template or a required variable without a value: compose refuses the file. */
export class InterpolationError extends Error {}

type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

type Part = { kind: 'text'; text: string } | { kind: 'variable'; name: string; operator: Operator | null; word: Part[] };

const NAME_START = /[_a-zA-Z]/;
const NAME_CHAR = /[_a-zA-Z0-9]/;
const OPERATORS: readonly Operator[] = [':-', ':?', ':+', '-', '?', '+'];

export interface Interpolated {
  value: string;
  /** Variables used without a value and without a default: compose warns and substitutes an empty string. */
  unset: string[];
}

export function interpolate(template: string, lookup: Lookup): Interpolated {
  const unset: string[] = [];
  const value = evaluate(parseTemplate(template), lookup, unset);
  return { value, unset };
}

/** Every variable name a template can read, including those in defaults (for gathering only what is used). */
export function referencedVariables(template: string): string[] {
  const names: string[] = [];
  collect(parseTemplate(template), names);
  return names;
}

function collect(parts: Part[], names: string[]): void {
  for (const part of parts) {
    if (part.kind === 'text') continue;
    names.push(part.name);
    collect(part.word, names);
  }
}

function evaluate(parts: Part[], lookup: Lookup, unset: string[]): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const value = lookup(part.name);
    const isSet = value !== undefined;
    const isFilled = isSet && value !== '';
    switch (part.operator) {
      case null:
        if (!isSet) unset.push(part.name);
        out += value ?? '';
        break;
      case ':-':
        out += isFilled ? value : evaluate(part.word, lookup, unset);
        break;
      case '-':
        out += isSet ? value : evaluate(part.word, lookup, unset);
        break;
      case ':+':
        out += isFilled ? evaluate(part.word, lookup, unset) : (value ?? '');
        break;
      case '+':
        out += isSet ? evaluate(part.word, lookup, unset) : '';
        break;
      case ':?':
      case '?': {
        if (part.operator === ':?' ? isFilled : isSet) {
          out += value;
          break;
        }
        const reason = evaluate(part.word, lookup, unset);
        throw new InterpolationError(
          reason === '' ? `required variable ${part.name} is missing a value` : `required variable ${part.name} is missing a value: ${reason}`,
        );
      }
    }
  }
  return out;
}

function parseTemplate(template: string, depth = 0): Part[] {
  if (depth > MAX_INTERPOLATION_NESTING) {
    throw new InterpolationError(`invalid interpolation format: defaults nested more than ${MAX_INTERPOLATION_NESTING} levels deep`);
  }
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const char = template[i]!;
    const next = template[i + 1];
    if (char !== '$' || next === undefined) {
      text += char;
      i++;
      continue;
    }
    if (next === '$') {
      text += '$';
      i += 2;
      continue;
    }
    if (NAME_START.test(next)) {
      let end = i + 2;
      while (end < template.length && NAME_CHAR.test(template[end]!)) end++;
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'variable', name: template.slice(i + 1, end), operator: null, word: [] });
      i = end;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(template, i + 1);
      if (close < 0) throw new InterpolationError(`invalid interpolation format: "${template}" (no closing brace)`);
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push(parseBraced(template.slice(i + 2, close), template, depth));
      i = close + 1;
      continue;
    }
    text += char;
    i++;
  }
  if (text) parts.push({ kind: 'text', text });
  return parts;
}

/** Index of the `}` closing the `{` at `open`, counting nested braces as compose does; -1 if none. */
function closingBrace(template: string, open: number): number {
  let depth = 0;
  for (let i = open; i < template.length; i++) {
    const char = template[i]!;
    if (char === '\n') return -1;
    if (char === '{') {
      depth++;
      // compose skips the character after every opening brace (so `${}` has no closing brace)
      i++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function parseBraced(content: string, template: string, depth: number): Part {
  let end = 0;
  if (content.length > 0 && NAME_START.test(content[0]!)) {
    end = 1;
    while (end < content.length && NAME_CHAR.test(content[end]!)) end++;
  }
  if (end === 0) throw new InterpolationError(`invalid interpolation format: "${template}"`);
  const name = content.slice(0, end);
  const rest = content.slice(end);
  if (rest === '') return { kind: 'variable', name, operator: null, word: [] };
  const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (!operator) throw new InterpolationError(`invalid interpolation format: "${template}"`);
  return { kind: 'variable', name, operator, word: parseTemplate(rest.slice(operator.length), depth + 1) };
}
