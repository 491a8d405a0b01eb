// Type resolution over parsed packages: named types across packages, the JSON kind a type accepts, the fields
// encoding/json decodes into a struct (embedding, tags and Go's dominance rules), and Go selector walking
// (`conf.BridgeConfig.IP`, promoted fields included) so a flag's target can be mapped to its daemon.json key.

import { methodsOf } from './go-packages.mjs';

/**
 * @typedef {import('./go-parser.mjs').TypeExpr} TypeExpr
 * @typedef {import('./go-parser.mjs').Field} Field
 * @typedef {import('./go-parser.mjs').GoFile} GoFile
 * @typedef {import('./go-packages.mjs').GoPackage} GoPackage
 * @typedef {import('./go-packages.mjs').GitTree} GitTree
 * @typedef {'bool'|'string'|'number'|'list'|'object'|'any'} JsonKind
 * @typedef {{tree: GitTree, pkg: GoPackage, file: GoFile}} Scope where a type expression was written
 * @typedef {{scope: Scope|null, name: string, key: string, type: TypeExpr|null}} NamedType
 *   `scope` is null for standard-library types; `key` is "<package dir basename>.<Name>" or "<import path>.<Name>"
 */

const BASIC_KINDS = new Map([
  ['bool', 'bool'], ['string', 'string'], ['byte', 'number'], ['rune', 'number'],
  ['int', 'number'], ['int8', 'number'], ['int16', 'number'], ['int32', 'number'], ['int64', 'number'],
  ['uint', 'number'], ['uint8', 'number'], ['uint16', 'number'], ['uint32', 'number'], ['uint64', 'number'],
  ['uintptr', 'number'], ['float32', 'number'], ['float64', 'number'], ['any', 'any'], ['error', 'any'],
]);

/**
 * Standard-library types met in dockerd's Config, with what encoding/json accepts for them. Types with an
 * empty field list are structs that contribute nothing to the JSON object (sync.Mutex embedded in Config).
 */
const STDLIB_TYPES = new Map([
  ['net.IP', { kind: 'string' }], // encoding.TextUnmarshaler
  ['net/netip.Addr', { kind: 'string' }],
  ['net/netip.Prefix', { kind: 'string' }],
  ['time.Duration', { kind: 'number' }],
  ['time.Time', { kind: 'string' }],
  ['sync.Mutex', { kind: 'object', fields: [] }],
  ['sync.RWMutex', { kind: 'object', fields: [] }],
  ['encoding/json.RawMessage', { kind: 'any' }],
]);

/**
 * moby types with their own UnmarshalJSON, keyed "<package dir basename>.<Name>": what JSON they accept.
 * The extractor stops on any UnmarshalJSON type missing here, so a new one is looked at by a person.
 */
const CUSTOM_UNMARSHALERS = new Map([
  ['opts.PoolsOpt', 'list'], // a list of {"base": CIDR, "size": n}
  ['opts.MemBytes', 'string'], // "64M" (a bare number of bytes is accepted too)
  ['config.BuilderGCFilter', 'list'], // a list of "key=value", or an object in newer versions
  ['config.BuilderGCRule', 'object'],
  ['config.BuilderGCConfig', 'object'],
  ['opts.NRIOpts', 'object'],
]);

function isExported(name) {
  return /^[A-Z]/.test(name);
}

function basename(path) {
  return path.split('/').pop();
}

/** Parses a struct tag's json key: {name, skip}. `json:"-"` skips the field; `json:",omitempty"` keeps the Go name. */
function jsonTag(tag) {
  if (tag === null) return { name: '', skip: false };
  const match = /(?:^|\s)json:"([^"]*)"/.exec(tag);
  if (!match) return { name: '', skip: false };
  const [name, ...options] = match[1].split(',');
  if (name === '-' && options.length === 0) return { name: '', skip: true };
  return { name, skip: false };
}

/**
 * Resolves a `name` type expression written in `scope` to its declaration.
 * @param {Scope} scope
 * @param {{pkg: string|null, name: string}} ref
 * @returns {NamedType}
 */
export function resolveNamed(scope, ref) {
  if (ref.pkg === null) {
    const decl = scope.pkg.types.get(ref.name);
    if (!decl) throw new Error(`${scope.file.path}: unknown type ${ref.name}`);
    return {
      scope: { tree: scope.tree, pkg: scope.pkg, file: decl.file },
      name: ref.name,
      key: `${basename(scope.pkg.dir)}.${ref.name}`,
      type: decl.type,
    };
  }
  const target = scope.tree.loadImported(scope.file, ref.pkg);
  if (target === null) {
    const key = `${scope.tree.importPathOf(scope.file, ref.pkg)}.${ref.name}`;
    return { scope: null, name: ref.name, key, type: null };
  }
  const decl = target.types.get(ref.name);
  if (!decl) throw new Error(`${scope.file.path}: ${ref.pkg}.${ref.name} not found in ${target.dir}`);
  return {
    scope: { tree: scope.tree, pkg: target, file: decl.file },
    name: ref.name,
    key: `${basename(target.dir)}.${ref.name}`,
    type: decl.type,
  };
}

/** Follows pointers and generic instantiations down to a named type reference, if there is one. */
export function namedRef(type) {
  let t = type;
  while (t.k === 'ptr' || t.k === 'generic') t = t.k === 'ptr' ? t.elem : t.base;
  return t.k === 'name' && !BASIC_KINDS.has(t.name) ? t : null;
}

export function hasMethod(named, method) {
  return named.scope !== null && methodsOf(named.scope.pkg, named.name).some((fn) => fn.name === method);
}

/**
 * The JSON kind a value of this type decodes from.
 * @param {Scope} scope
 * @param {TypeExpr} type
 * @returns {JsonKind}
 */
export function kindOf(scope, type) {
  switch (type.k) {
    case 'ptr':
      return kindOf(scope, type.elem);
    case 'slice':
    case 'array':
      return 'list';
    case 'map':
    case 'struct':
      return 'object';
    case 'opaque':
      return 'any';
    case 'generic':
      return kindOf(scope, type.base);
    case 'name': {
      const basic = BASIC_KINDS.get(type.name);
      if (basic !== undefined && type.pkg === null) return basic;
      const named = resolveNamed(scope, type);
      if (named.scope === null) {
        const known = STDLIB_TYPES.get(named.key);
        if (!known) throw new Error(`no JSON kind known for standard-library type ${named.key}`);
        return known.kind;
      }
      if (hasMethod(named, 'UnmarshalJSON')) {
        const kind = CUSTOM_UNMARSHALERS.get(named.key);
        if (kind === undefined) throw new Error(`${named.key} has its own UnmarshalJSON: add it to CUSTOM_UNMARSHALERS`);
        return kind;
      }
      if (hasMethod(named, 'UnmarshalText')) return 'string';
      return kindOf(named.scope, named.type);
    }
    default:
      throw new Error(`unknown type node ${type.k}`);
  }
}

/**
 * The struct a type expression denotes (through pointers and named types), or null if it is not a struct.
 * @returns {{scope: Scope, fields: Field[], key: string}|null}
 */
export function structOf(scope, type, key = anonymousKey(type)) {
  switch (type.k) {
    case 'struct':
      return { scope, fields: type.fields, key };
    case 'ptr':
      return structOf(scope, type.elem, key);
    case 'name': {
      if (BASIC_KINDS.has(type.name) && type.pkg === null) return null;
      const named = resolveNamed(scope, type);
      if (named.scope === null) {
        const known = STDLIB_TYPES.get(named.key);
        if (!known) throw new Error(`unknown standard-library type ${named.key}`);
        return known.fields ? { scope: null, fields: known.fields, key: named.key } : null;
      }
      return structOf(named.scope, named.type, named.key);
    }
    default:
      return null;
  }
}

const anonymousKeys = new WeakMap();
let anonymousCount = 0;

/** A stable identity for an anonymous struct type, so traversals can tell two of them apart. */
function anonymousKey(type) {
  if (!anonymousKeys.has(type)) anonymousKeys.set(type, `(anonymous struct #${++anonymousCount})`);
  return anonymousKeys.get(type);
}

/** The name an embedded field is known by: its type name without package or pointer. */
function embeddedName(field) {
  const ref = namedRef(field.type);
  if (!ref) throw new Error('embedded field without a type name');
  return ref.name;
}

/**
 * The JSON object keys encoding/json decodes into a struct, after embedding and Go's dominance rules
 * (shallowest depth wins; at equal depth a single tagged field wins; otherwise the name is dropped).
 * `embeddedPath` names the embedded fields crossed to reach the field (Go 1.24+ prints them in decode errors).
 * @returns {Map<string, {field: Field, scope: Scope, embeddedPath: string[]}>}
 */
export function jsonFieldsOf(struct) {
  const candidates = [];
  let level = [{ current: struct, embeddedPath: [] }];
  const visited = new Set([struct.key]);
  for (let depth = 0; level.length > 0; depth++) {
    const next = [];
    for (const { current, embeddedPath } of level) {
      for (const field of current.fields) {
        const tag = jsonTag(field.tag);
        if (tag.skip) continue;
        if (field.embedded) {
          const name = embeddedName(field);
          const inner = structOf(current.scope, field.type);
          if (tag.name === '' && inner !== null) {
            // Embedded structs without a json name are flattened into the parent, unless seen already.
            if (field.type.k === 'ptr' && !isExported(name)) continue; // encoding/json ignores these
            if (!visited.has(inner.key)) { visited.add(inner.key); next.push({ current: inner, embeddedPath: [...embeddedPath, name] }); }
            continue;
          }
          if (!isExported(name)) continue;
          candidates.push({ name: tag.name || name, tagged: tag.name !== '', depth, field, scope: current.scope, embeddedPath });
          continue;
        }
        if (!isExported(field.name)) continue;
        candidates.push({ name: tag.name || field.name, tagged: tag.name !== '', depth, field, scope: current.scope, embeddedPath });
      }
    }
    level = next;
  }
  const byName = new Map();
  for (const candidate of candidates) {
    const list = byName.get(candidate.name) ?? [];
    list.push(candidate);
    byName.set(candidate.name, list);
  }
  const result = new Map();
  for (const [name, list] of byName) {
    const depth = Math.min(...list.map((c) => c.depth));
    const shallowest = list.filter((c) => c.depth === depth);
    const tagged = shallowest.filter((c) => c.tagged);
    const winner = shallowest.length === 1 ? shallowest[0] : tagged.length === 1 ? tagged[0] : null;
    if (winner) result.set(name, { field: winner.field, scope: winner.scope, embeddedPath: winner.embeddedPath });
  }
  return result;
}

/**
 * Finds a field by Go selector name in a struct, through embedded structs (shallowest, unique), the way
 * `x.Name` resolves in Go. Embedded fields are selectable by their type name.
 * @returns {{field: Field, scope: Scope, hops: {field: Field}[]}|null} hops: embedded fields crossed on the way
 */
function selectField(struct, goName) {
  let level = [{ struct, hops: [] }];
  const visited = new Set([struct.key]);
  while (level.length > 0) {
    const found = [];
    const next = [];
    for (const { struct: current, hops } of level) {
      for (const field of current.fields) {
        const name = field.embedded ? embeddedName(field) : field.name;
        if (name === goName) found.push({ field, scope: current.scope, hops });
        if (field.embedded) {
          const inner = structOf(current.scope, field.type);
          if (inner !== null && !visited.has(inner.key)) {
            visited.add(inner.key);
            next.push({ struct: inner, hops: [...hops, { field }] });
          }
        }
      }
    }
    if (found.length === 1) return found[0];
    if (found.length > 1) throw new Error(`ambiguous selector ${goName} in ${struct.key}`);
    level = next;
  }
  return null;
}

/**
 * Walks a Go selector chain from a struct and returns the daemon.json path it corresponds to, or null when a
 * field on the way is not decoded from JSON (json:"-", unexported) or the chain leaves structs.
 * @returns {{jsonPath: string[]|null, field: Field, scope: Scope}}
 */
export function walkSelectors(struct, selectors) {
  let current = struct;
  /** @type {string[]|null} */
  let jsonPath = [];
  let last = null;
  for (const [index, selector] of selectors.entries()) {
    if (current === null) throw new Error(`selector ${selector} applied to a non-struct`);
    const found = selectField(current, selector);
    if (found === null) throw new Error(`no field ${selector} in ${current.key}`);
    for (const hop of [...found.hops, { field: found.field }]) {
      const tag = jsonTag(hop.field.tag);
      const goName = hop.field.embedded ? embeddedName(hop.field) : hop.field.name;
      if (jsonPath === null) continue;
      // Embedded structs without a json name are flattened even when their type is unexported.
      const flattened = hop.field.embedded && tag.name === '' && !tag.skip;
      if (flattened) continue;
      if (tag.skip || !isExported(goName)) { jsonPath = null; continue; }
      jsonPath.push(tag.name || goName);
    }
    last = found;
    current = index < selectors.length - 1 ? structOf(found.scope, found.field.type) : null;
  }
  return { jsonPath, field: last.field, scope: last.scope };
}

/**
 * Finds where a struct type sits inside another (by type key), as the selector chain of embedded or named
 * fields leading to it, shallowest first.
 * @returns {string[]|null}
 */
export function findNestedStruct(root, typeKey) {
  let level = [{ struct: root, chain: [] }];
  const visited = new Set([root.key]);
  while (level.length > 0) {
    const next = [];
    for (const { struct, chain } of level) {
      for (const field of struct.fields) {
        const inner = structOf(struct.scope, field.type);
        if (inner === null || visited.has(inner.key)) continue;
        const name = field.embedded ? embeddedName(field) : field.name;
        if (inner.key === typeKey) return [...chain, name];
        visited.add(inner.key);
        next.push({ struct: inner, chain: [...chain, name] });
      }
    }
    level = next;
  }
  return null;
}

const NUMBER_KINDS = new Map([
  ['int', 'int'], ['int8', 'int'], ['int16', 'int'], ['int32', 'int'], ['int64', 'int'], ['rune', 'int'],
  ['uint', 'uint'], ['uint8', 'uint'], ['uint16', 'uint'], ['uint32', 'uint'], ['uint64', 'uint'], ['uintptr', 'uint'], ['byte', 'uint'],
  ['float32', 'float'], ['float64', 'float'],
]);

/**
 * @typedef {{kind: 'bool'|'string'|'int'|'uint'|'float'|'any'|'struct'|'custom', type: string}
 *   | {kind: 'list'|'map', type: string, elem: GoDecode}} GoDecode
 *   How encoding/json decodes into a Go type: `type` is reflect.Type.String() of the value it decodes into
 *   (pointers followed, as json's indirect does), the name dockerd's decode errors print ("bool", "[]string").
 *   `custom`: the type parses JSON itself (UnmarshalJSON, UnmarshalText, standard-library specials).
 */

/**
 * resolveNamed, or null for a type from a package the extractor does not load (element types of maps and
 * slices are not needed for the key kinds, only for decode errors, so their packages may be unknown).
 */
function resolvableNamed(scope, type) {
  try {
    return resolveNamed(scope, type);
  } catch {
    return null;
  }
}

/** reflect.Type.String() of a type expression: "*int", "[]string", "map[string]string", "opts.PoolsOpt". */
function goTypeString(scope, type) {
  switch (type.k) {
    case 'ptr':
      return `*${goTypeString(scope, type.elem)}`;
    case 'slice':
      return `[]${goTypeString(scope, type.elem)}`;
    case 'array':
      return '[...]' + goTypeString(scope, type.elem);
    case 'map':
      return `map[${goTypeString(scope, type.key)}]${goTypeString(scope, type.elem)}`;
    case 'name': {
      if (BASIC_KINDS.has(type.name) && type.pkg === null) return type.name === 'any' ? 'interface {}' : type.name;
      const named = resolvableNamed(scope, type);
      if (named === null) return `${type.pkg}.${type.name}`;
      return `${basename(named.key.slice(0, named.key.lastIndexOf('.')))}.${named.name}`;
    }
    case 'struct':
      return 'struct {...}';
    default:
      return '?';
  }
}

/**
 * How encoding/json decodes into this type, for reproducing its "cannot unmarshal" errors.
 * @param {Scope} scope
 * @param {TypeExpr} type
 * @returns {GoDecode}
 */
export function goDecodeOf(scope, type) {
  switch (type.k) {
    case 'ptr':
    case 'generic':
      return type.k === 'ptr' ? goDecodeOf(scope, type.elem) : { kind: 'any', type: '?' };
    case 'slice':
    case 'array':
      return { kind: 'list', type: goTypeString(scope, type), elem: goDecodeOf(scope, type.elem) };
    case 'map':
      return { kind: 'map', type: goTypeString(scope, type), elem: goDecodeOf(scope, type.elem) };
    case 'struct':
      return { kind: 'struct', type: goTypeString(scope, type) };
    case 'opaque':
      return { kind: 'any', type: '?' };
    case 'name': {
      if (type.pkg === null && BASIC_KINDS.has(type.name)) {
        const kind = type.name === 'bool' || type.name === 'string' ? type.name : NUMBER_KINDS.get(type.name) ?? 'any';
        return { kind, type: goTypeString(scope, type) };
      }
      const named = resolvableNamed(scope, type);
      const typeName = goTypeString(scope, type);
      if (named === null) return { kind: 'any', type: typeName };
      if (named.scope === null || hasMethod(named, 'UnmarshalJSON') || hasMethod(named, 'UnmarshalText')) return { kind: 'custom', type: typeName };
      const underlying = goDecodeOf(named.scope, named.type);
      return { ...underlying, type: typeName };
    }
    default:
      throw new Error(`unknown type node ${type.k}`);
  }
}
