// Finds every pflag flag dockerd registers, by scanning the function bodies of its command package (plus the
// SetupRootCommand helper, which adds --help) for FlagSet method calls. For each flag it works out: whether its
// value is a pflag boolean (IsBoolFlag), the NamedOption name of its value if any, and the Go selector chain
// of the variable it writes (resolved later to a Config field and its daemon.json key).

import { splitTopLevel } from './go-parser.mjs';
import { methodsOf, stringConstant } from './go-packages.mjs';
import { hasMethod, namedRef, resolveNamed } from './go-types.mjs';

/**
 * @typedef {import('./go-lexer.mjs').Token} Token
 * @typedef {import('./go-parser.mjs').FuncDecl} FuncDecl
 * @typedef {import('./go-types.mjs').Scope} Scope
 * @typedef {{root: string, selectors: string[]}} Chain a Go selector chain such as conf.BridgeConfig.IP
 * @typedef {{name: string, bool: boolean, namedOption: string|null, chain: Chain|null, scope: Scope,
 *   context: FunctionContext, where: string}} Registration
 * @typedef {{scope: Scope, fn: FuncDecl, params: Map<string, import('./go-parser.mjs').TypeExpr>,
 *   locals: Map<string, {value: Token[]|null}>, flagSets: Set<string>}} FunctionContext
 */

const TYPED_FLAG = /^(Bool|String|Int|Int8|Int16|Int32|Int64|Uint|Uint8|Uint16|Uint32|Uint64|Float32|Float64|Duration|IP|IPMask|IPNet|StringSlice|StringArray|StringToString|StringToInt|StringToInt64|IntSlice|Int32Slice|Int64Slice|UintSlice|BoolSlice|Float32Slice|Float64Slice|DurationSlice|IPSlice|Count|BytesHex|BytesBase64)(Var)?(P)?$/;
const CUSTOM_FLAG = new Set(['Var', 'VarP', 'VarPF']);
const MARKS = new Set(['MarkHidden', 'MarkDeprecated']);

export const isPunct = (token, text) => token !== undefined && token.kind === 'punct' && token.text === text;
export const isIdent = (token, text) => token !== undefined && token.kind === 'ident' && (text === undefined || token.text === text);

/** Index just past the bracket group that opens at `open`. */
function skipGroup(tokens, open) {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error('unbalanced brackets');
}

function isPflagFlagSet(type, file) {
  return (
    type.k === 'ptr' && type.elem.k === 'name' && type.elem.name === 'FlagSet' && type.elem.pkg !== null &&
    file.imports.get(type.elem.pkg) === 'github.com/spf13/pflag'
  );
}

/** Collects parameters, locals (`x := …`, `var x T`, `var ( … )`) and FlagSet variables of a function. */
function functionContext(scope, fn) {
  const params = new Map();
  if (fn.recv !== null && fn.recv.name !== null) {
    params.set(fn.recv.name, { k: 'ptr', elem: { k: 'name', pkg: null, name: fn.recv.type } });
  }
  for (const p of fn.params) if (p.name !== null) params.set(p.name, p.type);
  const locals = new Map();
  const body = fn.body;
  for (let i = 0; i < body.length; i++) {
    if (isPunct(body[i], ':=')) {
      // Walk back over `a, b :=`.
      const names = [];
      let j = i - 1;
      while (j >= 0 && isIdent(body[j])) {
        names.unshift(body[j].text);
        if (isPunct(body[j - 1], ',')) j -= 2;
        else break;
      }
      const end = statementEnd(body, i + 1);
      for (const name of names) locals.set(name, { value: names.length === 1 ? body.slice(i + 1, end) : null });
    }
    if (isIdent(body[i], 'var')) {
      const specs = isPunct(body[i + 1], '(')
        ? splitTopLevel(body.slice(i + 2, skipGroup(body, i + 1) - 1), ';')
        : [body.slice(i + 1, statementEnd(body, i + 1))];
      for (const spec of specs) {
        const eq = spec.findIndex((t) => isPunct(t, '='));
        const left = eq === -1 ? spec : spec.slice(0, eq);
        const names = [];
        for (let k = 0; k < left.length && isIdent(left[k]); k += 2) {
          names.push(left[k].text);
          if (!isPunct(left[k + 1], ',')) break;
        }
        for (const name of names) locals.set(name, { value: eq === -1 || names.length > 1 ? null : spec.slice(eq + 1) });
      }
    }
  }
  const flagSets = new Set();
  for (const [name, type] of params) if (isPflagFlagSet(type, scope.file)) flagSets.add(name);
  for (const [name, local] of locals) {
    const v = local.value;
    if (v && v.length >= 3 && isIdent(v[v.length - 3], 'Flags') && isPunct(v[v.length - 2], '(')) flagSets.add(name);
  }
  return { scope, fn, params, locals, flagSets };
}

/** Index of the ';' (or end of block) that ends the statement starting at `start`. */
function statementEnd(tokens, start) {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (t.text === ';' && depth === 0) return i;
  }
  return tokens.length;
}

function isVariable(context, name) {
  return context.params.has(name) || context.locals.has(name);
}

/** The first selector chain in `tokens` that starts at a parameter or local (not a package qualifier). */
export function firstChain(tokens, context) {
  for (let i = 0; i < tokens.length; i++) {
    if (!isIdent(tokens[i]) || isPunct(tokens[i - 1], '.') || !isVariable(context, tokens[i].text)) continue;
    if (isPunct(tokens[i + 1], ':')) continue; // a composite-literal key, not a value
    const selectors = [];
    let j = i + 1;
    while (isPunct(tokens[j], '.') && isIdent(tokens[j + 1])) {
      selectors.push(tokens[j + 1].text);
      j += 2;
    }
    if (isPunct(tokens[j], '(')) continue; // a method call, not a field
    return { root: tokens[i].text, selectors };
  }
  return null;
}

/** Resolves a flag-name argument: a string literal or a package-level string constant. */
function stringArgument(tokens, context, what) {
  if (tokens.length === 1 && tokens[0].kind === 'string') return tokens[0].value;
  if (tokens.length === 1 && isIdent(tokens[0])) {
    const value = stringConstant(context.scope.pkg, tokens[0].text);
    if (value !== undefined) return value;
  }
  throw new Error(`${context.scope.file.path}:${tokens[0]?.line}: cannot resolve ${what} ${tokens.map((t) => t.text).join(' ')}`);
}

/**
 * What a Name() method returns: a literal, or the field it reads from its receiver.
 * @returns {{literal: string}|{field: string}}
 */
function nameMethodResult(method) {
  const b = method.body;
  const ret = b.findIndex((t) => isIdent(t, 'return'));
  if (b[ret + 1]?.kind === 'string') return { literal: b[ret + 1].value };
  if (isIdent(b[ret + 1]) && isPunct(b[ret + 2], '.') && isIdent(b[ret + 3])) return { field: b[ret + 3].text };
  throw new Error(`Name() of ${method.recv.type} returns something other than a literal or a field`);
}

/**
 * Facts about a custom flag value (the first argument of flags.Var): NamedOption name, IsBoolFlag, and the
 * selector chain of the variable it writes.
 */
function analyzeCustomValue(tokens, context) {
  if (tokens.length === 1 && isIdent(tokens[0]) && context.locals.get(tokens[0].text)?.value) {
    return analyzeCustomValue(context.locals.get(tokens[0].text).value, context);
  }
  const chain = firstChain(tokens, context);
  const scope = context.scope;
  if (isPunct(tokens[0], '&') && chain !== null && tokens.length === 2 + 2 * chain.selectors.length) {
    // &conf.Field: the field's own type is the value.
    return { valueType: { fieldOf: chain }, chain, nameFromCall: null };
  }
  if (isPunct(tokens[0], '&') && isIdent(tokens[1])) {
    // &T{…} or &T[Args]{…}: a composite literal of a local type.
    const named = resolveNamed(scope, { pkg: null, name: tokens[1].text });
    return { valueType: { named }, chain, nameFromCall: null };
  }
  // A constructor call: [pkg.]NewSomething(args).
  const open = tokens.findIndex((t) => isPunct(t, '('));
  const callee = tokens.slice(0, open);
  const args = splitTopLevel(tokens.slice(open + 1, skipGroup(tokens, open) - 1));
  let fnScope = scope;
  let fnName;
  if (callee.length === 3 && isPunct(callee[1], '.')) {
    const pkg = scope.tree.loadImported(scope.file, callee[0].text);
    if (pkg === null) throw new Error(`${scope.file.path}: flag value from the standard library: ${callee[0].text}`);
    fnScope = { tree: scope.tree, pkg, file: null };
    fnName = callee[2].text;
  } else if (callee.length === 1) {
    fnName = callee[0].text;
  } else {
    throw new Error(`${scope.file.path}:${tokens[0].line}: unrecognised flag value ${tokens.map((t) => t.text).join(' ')}`);
  }
  const ctor = fnScope.pkg.funcs.find((fn) => fn.recv === null && fn.name === fnName);
  if (!ctor) throw new Error(`${scope.file.path}: constructor ${fnName} not found in ${fnScope.pkg.dir}`);
  const ctorScope = { ...fnScope, file: fnScope.pkg.funcFiles.get(ctor) };
  const ref = namedRef(ctor.results[0]);
  if (ref === null) throw new Error(`${fnName} does not return a named type`);
  const named = resolveNamed(ctorScope, ref);
  return { valueType: { named }, chain, nameFromCall: { ctor, args } };
}

/** Resolves a custom value's NamedOption name (or null) and whether it is a boolean value. */
function customValueFacts(analysis, context, resolveFieldType) {
  const named = analysis.valueType.named ?? resolveFieldType(analysis.valueType.fieldOf, context);
  if (named === null || named.scope === null) return { namedOption: null, bool: false };
  const bool = hasMethod(named, 'IsBoolFlag');
  const nameMethod = methodsOf(named.scope.pkg, named.name).find((fn) => fn.name === 'Name');
  if (!nameMethod) return { namedOption: null, bool };
  const result = nameMethodResult(nameMethod);
  if ('literal' in result) return { namedOption: result.literal, bool };
  if (analysis.nameFromCall === null) throw new Error(`${named.key}.Name() reads a field, but the value is not built by a constructor`);
  const { ctor, args } = analysis.nameFromCall;
  // The constructor stores one of its parameters in the field Name() returns: `field: param`.
  const body = ctor.body;
  const at = body.findIndex((t, i) => isIdent(t, result.field) && isPunct(body[i + 1], ':') && isIdent(body[i + 2]));
  if (at === -1) throw new Error(`cannot see which parameter of ${ctor.name} becomes ${named.key}.${result.field}`);
  const paramIndex = ctor.params.findIndex((p) => p.name === body[at + 2].text);
  if (paramIndex === -1) throw new Error(`${ctor.name}: ${body[at + 2].text} is not a parameter`);
  return { namedOption: stringArgument(args[paramIndex], context, `${ctor.name} name`), bool };
}

/**
 * Recognises `if runtime.GOOS == "os" {` / `!=` at index i: whether Linux takes the branch, and where its
 * block opens. Returns null for any other statement.
 */
function platformCondition(body, i) {
  if (!isIdent(body[i], 'if') || !isIdent(body[i + 1], 'runtime') || !isPunct(body[i + 2], '.') ||
    !isIdent(body[i + 3], 'GOOS') || body[i + 5]?.kind !== 'string' || !isPunct(body[i + 6], '{')) {
    return null;
  }
  const op = body[i + 4].text;
  if (op !== '==' && op !== '!=') return null;
  return { linux: (op === '==') === (body[i + 5].value === 'linux'), open: i + 6 };
}

/**
 * Scans one function for flag registrations and Mark* calls.
 * @param {(chain: Chain, context: FunctionContext) => import('./go-types.mjs').NamedType|null} resolveFieldType
 */
function scanFunction(scope, fn, resolveFieldType, registrations, marks) {
  const context = functionContext(scope, fn);
  const body = fn.body;
  /** Token ranges [start, end) a Linux build does not run. */
  const skipped = new Map();
  for (let i = 0; i < body.length; i++) {
    if (skipped.has(i)) {
      i = skipped.get(i) - 1;
      continue;
    }
    const platformBlock = platformCondition(body, i);
    if (platformBlock !== null) {
      // `if runtime.GOOS == "windows" { … } else { … }`: skip the branch Linux does not take.
      const afterIf = skipGroup(body, platformBlock.open);
      const hasElse = isIdent(body[afterIf], 'else') && isPunct(body[afterIf + 1], '{');
      if (!platformBlock.linux) skipped.set(platformBlock.open, afterIf);
      else if (hasElse) skipped.set(afterIf, skipGroup(body, afterIf + 1));
      continue;
    }
    let methodAt = -1;
    if (isIdent(body[i]) && context.flagSets.has(body[i].text) && !isPunct(body[i - 1], '.') && isPunct(body[i + 1], '.')) {
      methodAt = i + 2;
    } else if ((isIdent(body[i], 'Flags') || isIdent(body[i], 'PersistentFlags')) && isPunct(body[i + 1], '(') &&
      isPunct(body[i + 2], ')') && isPunct(body[i + 3], '.')) {
      methodAt = i + 4;
    }
    if (methodAt === -1 || !isIdent(body[methodAt]) || !isPunct(body[methodAt + 1], '(')) continue;
    const method = body[methodAt].text;
    const open = methodAt + 1;
    const args = splitTopLevel(body.slice(open + 1, skipGroup(body, open) - 1));
    const where = `${scope.file.path.replace(/^[^:]*:/, '')}:${body[methodAt].line}`;
    if (MARKS.has(method)) {
      marks.push({ method, name: stringArgument(args[0], context, 'flag name'), where });
      continue;
    }
    if (CUSTOM_FLAG.has(method)) {
      const name = stringArgument(args[1], context, 'flag name');
      const analysis = analyzeCustomValue(args[0], context);
      const facts = customValueFacts(analysis, context, resolveFieldType);
      registrations.push({ name, bool: facts.bool, namedOption: facts.namedOption, chain: analysis.chain, scope, context, where });
      continue;
    }
    const typed = TYPED_FLAG.exec(method);
    if (!typed) continue;
    const hasTarget = typed[2] === 'Var';
    const name = stringArgument(args[hasTarget ? 1 : 0], context, 'flag name');
    const chain = hasTarget ? firstChain(args[0], context) : null;
    registrations.push({ name, bool: typed[1] === 'Bool', namedOption: null, chain, scope, context, where });
  }
}

/**
 * All flag registrations of dockerd at one tag.
 * @param {import('./go-packages.mjs').GitTree} tree
 * @param {import('./go-packages.mjs').GoPackage} commandPkg
 */
export function scanFlagRegistrations(tree, commandPkg, resolveFieldType) {
  const registrations = [];
  const marks = [];
  const scanned = new Set();
  const scanPackageFunction = (pkg, fn) => {
    if (scanned.has(fn)) return;
    scanned.add(fn);
    scanFunction({ tree, pkg, file: pkg.funcFiles.get(fn) }, fn, resolveFieldType, registrations, marks);
  };
  for (const fn of commandPkg.funcs) {
    scanPackageFunction(commandPkg, fn);
    // SetupRootCommand (another package before 24.0) registers --help as a persistent flag.
    const body = fn.body;
    for (let i = 0; i + 2 < body.length; i++) {
      if (isIdent(body[i]) && isPunct(body[i + 1], '.') && isIdent(body[i + 2], 'SetupRootCommand') && !isPunct(body[i - 1], '.')) {
        const file = commandPkg.funcFiles.get(fn);
        if (!file.imports.has(body[i].text)) continue;
        const pkg = tree.loadImported(file, body[i].text);
        const setup = pkg?.funcs.find((f) => f.recv === null && f.name === 'SetupRootCommand');
        if (setup) scanPackageFunction(pkg, setup);
      }
    }
  }
  return { registrations, marks };
}
