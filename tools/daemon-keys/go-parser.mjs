// Declaration-level parser for Go files, on top of go-lexer.mjs. It reads what the daemon-key extractor needs:
// imports, string constants, package-level variables, type declarations (struct fields with tags), and
// functions/methods with their parameters and raw body tokens. Bodies are not parsed into statements; the
// extractor scans their tokens.

import { tokenize } from './go-lexer.mjs';

/**
 * @typedef {import('./go-lexer.mjs').Token} Token
 * @typedef {{k: 'name', pkg: string|null, name: string}
 *   | {k: 'ptr', elem: TypeExpr} | {k: 'slice', elem: TypeExpr} | {k: 'array', elem: TypeExpr}
 *   | {k: 'map', key: TypeExpr, elem: TypeExpr} | {k: 'struct', fields: Field[]}
 *   | {k: 'generic', base: TypeExpr} | {k: 'opaque', text: string}} TypeExpr
 * @typedef {{name: string|null, type: TypeExpr, tag: string|null, embedded: boolean}} Field
 * @typedef {{name: string|null, type: TypeExpr}} Param
 * @typedef {{name: string, recv: {name: string|null, type: string}|null, params: Param[], results: TypeExpr[],
 *   body: Token[]}} FuncDecl
 * @typedef {{names: string[], type: TypeExpr|null, value: Token[]}} ValueSpec
 * @typedef {{path: string, package: string, imports: Map<string, string>, consts: ValueSpec[], vars: ValueSpec[],
 *   types: Map<string, TypeExpr>, funcs: FuncDecl[]}} GoFile
 */

class GoSyntaxError extends Error {}

class Cursor {
  /** @param {Token[]} tokens */
  constructor(tokens, path) {
    this.tokens = tokens;
    this.pos = 0;
    this.path = path;
  }
  peek(offset = 0) { return this.tokens[this.pos + offset]; }
  next() { return this.tokens[this.pos++]; }
  at(text) { const t = this.peek(); return t !== undefined && t.kind !== 'string' && t.text === text; }
  accept(text) { if (this.at(text)) { this.pos++; return true; } return false; }
  expect(text) {
    const t = this.next();
    if (!t || t.text !== text || t.kind === 'string') this.fail(`expected ${text}, found ${t ? t.text : 'EOF'}`, t);
    return t;
  }
  ident() {
    const t = this.next();
    if (!t || t.kind !== 'ident') this.fail(`expected identifier, found ${t ? t.text : 'EOF'}`, t);
    return t.text;
  }
  fail(message, token = this.peek()) {
    throw new GoSyntaxError(`${this.path}:${token ? token.line : 'EOF'}: ${message}`);
  }
  /** Returns the tokens of a bracketed group starting at the current opening bracket, excluding the brackets. */
  group() {
    const open = this.next();
    const close = { '(': ')', '[': ']', '{': '}' }[open.text];
    if (!close || open.kind === 'string') this.fail(`expected a bracket, found ${open.text}`, open);
    const start = this.pos;
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (!t) this.fail(`unbalanced ${open.text}`, open);
      if (t.kind === 'punct') {
        if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      }
    }
    return this.tokens.slice(start, this.pos - 1);
  }
  /** Tokens up to (not including) the next ';' at bracket depth 0. */
  untilSemicolon() {
    const start = this.pos;
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.kind === 'punct') {
        if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
        else if (t.text === ';' && depth === 0) break;
      }
      this.pos++;
    }
    return this.tokens.slice(start, this.pos);
  }
}

/** Splits tokens on a separator at bracket depth 0. Empty trailing parts are dropped. */
export function splitTopLevel(tokens, separator = ',') {
  const parts = [];
  let current = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      else if (t.text === separator && depth === 0) { parts.push(current); current = []; continue; }
    }
    current.push(t);
  }
  if (current.length > 0) parts.push(current);
  return parts.filter((p) => p.length > 0);
}

/** Parses a type expression at the cursor. */
function parseType(c) {
  const t = c.peek();
  if (!t) c.fail('expected type');
  if (t.kind === 'punct') {
    if (c.accept('*')) return { k: 'ptr', elem: parseType(c) };
    if (c.accept('(')) { const inner = parseType(c); c.expect(')'); return inner; }
    if (c.at('[')) {
      const len = c.group();
      const elem = parseType(c);
      return len.length === 0 ? { k: 'slice', elem } : { k: 'array', elem };
    }
    if (c.at('<-')) { const start = c.pos; c.next(); c.ident(); parseType(c); return opaque(c, start); }
    if (c.accept('~')) return parseType(c);
    c.fail(`unexpected ${t.text} in type`);
  }
  if (t.kind !== 'ident') c.fail(`unexpected ${t.text} in type`);
  switch (t.text) {
    case 'map': {
      c.next();
      c.expect('[');
      const key = parseType(c);
      c.expect(']');
      return { k: 'map', key, elem: parseType(c) };
    }
    case 'struct': {
      c.next();
      return { k: 'struct', fields: parseFields(c.group(), c.path) };
    }
    case 'interface': {
      const start = c.pos;
      c.next();
      c.group();
      return opaque(c, start);
    }
    case 'chan': {
      const start = c.pos;
      c.next();
      c.accept('<-');
      parseType(c);
      return opaque(c, start);
    }
    case 'func': {
      const start = c.pos;
      c.next();
      c.group();
      parseResults(c);
      return opaque(c, start);
    }
    default: {
      c.next();
      let type = { k: 'name', pkg: null, name: t.text };
      if (c.at('.') && c.peek(1)?.kind === 'ident') {
        c.next();
        type = { k: 'name', pkg: t.text, name: c.ident() };
      }
      if (c.at('[') && looksLikeTypeArguments(c)) {
        c.group();
        return { k: 'generic', base: type };
      }
      return type;
    }
  }
}

function opaque(c, start) {
  return { k: 'opaque', text: c.tokens.slice(start, c.pos).map((t) => t.text).join(' ') };
}

/** After a named type, `[` starts type arguments unless the group is empty (then it is not part of the type). */
function looksLikeTypeArguments(c) {
  const after = c.peek(1);
  return after !== undefined && !(after.kind === 'punct' && after.text === ']');
}

/** Parses function results: nothing, a single type, or a parenthesised list. */
function parseResults(c) {
  if (c.at('{') || c.at(';') || c.at(')') || c.at(',') || c.at(']') || c.peek()?.kind === 'string' || !c.peek()) return [];
  if (c.at('(')) return parseParams(c.group(), c.path).map((p) => p.type);
  return [parseType(c)];
}

function parseTypeFrom(tokens, path) {
  const c = new Cursor(tokens, path);
  const type = parseType(c);
  if (c.pos !== tokens.length) c.fail(`trailing tokens after type: ${tokens.slice(c.pos).map((t) => t.text).join(' ')}`);
  return type;
}

const TYPE_KEYWORDS = new Set(['func', 'map', 'chan', 'struct', 'interface']);

/** Parses a parameter list (without parentheses). */
function parseParams(tokens, path) {
  const pieces = splitTopLevel(tokens);
  const parsed = pieces.map((piece) => {
    // `name Type`, `name ...Type`, or just `Type`.
    const startsType = TYPE_KEYWORDS.has(piece[0].text);
    if (piece[0].kind === 'ident' && !startsType && piece.length > 1 && !(piece[1].kind === 'punct' && piece[1].text === '.')) {
      const rest = piece[1].text === '...' ? piece.slice(2) : piece.slice(1);
      return { name: piece[0].text, typeTokens: rest };
    }
    return { name: null, typeTokens: piece[0].text === '...' ? piece.slice(1) : piece };
  });
  const named = parsed.some((p) => p.name !== null);
  if (!named) return parsed.map((p) => ({ name: null, type: parseTypeFrom(p.typeTokens, path) }));
  // Grouped names (`a, b string`): a lone identifier takes the type of the next typed parameter.
  const params = [];
  let pending = [];
  for (const p of parsed) {
    if (p.name === null) { pending.push(p.typeTokens[0].text); continue; }
    const type = parseTypeFrom(p.typeTokens, path);
    for (const name of pending) params.push({ name, type });
    pending = [];
    params.push({ name: p.name, type });
  }
  if (pending.length > 0) throw new GoSyntaxError(`${path}: parameters without a type: ${pending.join(', ')}`);
  return params;
}

/** Parses the body of a struct type (the tokens between the braces). */
function parseFields(tokens, path) {
  /** @type {Field[]} */
  const fields = [];
  for (const line of splitTopLevel(tokens, ';')) {
    let tag = null;
    let body = line;
    const last = line[line.length - 1];
    if (last.kind === 'string') {
      tag = last.value;
      body = line.slice(0, -1);
    }
    const isEmbedded =
      (body.length === 1 && body[0].kind === 'ident') ||
      (body.length === 2 && body[0].text === '*' && body[1].kind === 'ident') ||
      (body.length === 3 && body[0].kind === 'ident' && body[1].text === '.' && body[2].kind === 'ident') ||
      (body.length === 4 && body[0].text === '*' && body[2].text === '.');
    if (isEmbedded) {
      const type = parseTypeFrom(body, path);
      fields.push({ name: null, type, tag, embedded: true });
      continue;
    }
    const names = [];
    let i = 0;
    for (;;) {
      if (body[i]?.kind !== 'ident') throw new GoSyntaxError(`${path}:${body[0].line}: bad struct field`);
      names.push(body[i].text);
      i++;
      if (body[i]?.kind === 'punct' && body[i].text === ',') { i++; continue; }
      break;
    }
    const type = parseTypeFrom(body.slice(i), path);
    for (const name of names) fields.push({ name, type, tag, embedded: false });
  }
  return fields;
}

function parseImportSpec(tokens, imports, path) {
  const last = tokens[tokens.length - 1];
  if (last.kind !== 'string') throw new GoSyntaxError(`${path}: bad import`);
  const importPath = last.value;
  const alias = tokens.length > 1 ? tokens[0].text : importPath.split('/').pop();
  imports.set(alias, importPath);
}

function parseValueSpec(tokens, path) {
  const eq = tokens.findIndex((t) => t.kind === 'punct' && t.text === '=');
  const left = eq === -1 ? tokens : tokens.slice(0, eq);
  const value = eq === -1 ? [] : tokens.slice(eq + 1);
  const names = [];
  let i = 0;
  while (i < left.length && left[i].kind === 'ident') {
    names.push(left[i].text);
    i++;
    if (left[i]?.text === ',') i++;
    else break;
  }
  const typeTokens = left.slice(i);
  return { names, type: typeTokens.length > 0 ? parseTypeFrom(typeTokens, path) : null, value };
}

/** Parses the type parameter list after a type or func name, if present, and returns nothing of it. */
function skipTypeParams(c) {
  if (c.at('[')) c.group();
}

function parseTypeSpec(c, types) {
  const name = c.ident();
  if (c.at('[')) {
    // `type A [N]T` is an array; `type S[T any] ...` declares type parameters.
    const second = c.peek(2);
    const isArray = c.peek(1)?.kind !== 'ident' || (second?.kind === 'punct' && second.text === ']');
    if (!isArray) skipTypeParams(c);
  }
  c.accept('=');
  types.set(name, parseType(c));
}

/**
 * @param {string} source
 * @param {string} path for error messages
 * @returns {GoFile}
 */
export function parseGoFile(source, path) {
  const c = new Cursor(tokenize(source), path);
  /** @type {GoFile} */
  const file = { path, package: '', imports: new Map(), consts: [], vars: [], types: new Map(), funcs: [] };
  c.expect('package');
  file.package = c.ident();
  c.expect(';');
  while (c.peek()) {
    if (c.accept(';')) continue;
    const keyword = c.ident();
    switch (keyword) {
      case 'import':
        if (c.at('(')) for (const spec of splitTopLevel(c.group(), ';')) parseImportSpec(spec, file.imports, path);
        else parseImportSpec(c.untilSemicolon(), file.imports, path);
        break;
      case 'const':
      case 'var': {
        const list = keyword === 'const' ? file.consts : file.vars;
        if (c.at('(')) for (const spec of splitTopLevel(c.group(), ';')) list.push(parseValueSpec(spec, path));
        else list.push(parseValueSpec(c.untilSemicolon(), path));
        break;
      }
      case 'type':
        if (c.at('(')) {
          for (const spec of splitTopLevel(c.group(), ';')) parseTypeSpec(new Cursor(spec, path), file.types);
        } else parseTypeSpec(c, file.types);
        break;
      case 'func': {
        let recv = null;
        if (c.at('(')) {
          const [param] = parseParams(c.group(), path);
          let recvType = param.type;
          if (recvType.k === 'ptr') recvType = recvType.elem;
          if (recvType.k === 'generic') recvType = recvType.base;
          recv = { name: param.name, type: recvType.name };
        }
        const name = c.ident();
        skipTypeParams(c);
        const params = parseParams(c.group(), path);
        const results = parseResults(c);
        const body = c.at('{') ? c.group() : [];
        file.funcs.push({ name, recv, params, results, body });
        break;
      }
      default:
        c.fail(`unexpected top-level ${keyword}`);
    }
  }
  return file;
}
