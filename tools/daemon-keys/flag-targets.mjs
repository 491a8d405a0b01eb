// Maps the variable a flag writes (a Go selector chain such as `conf.BridgeConfig.IP`, `options.Mirrors`, or a
// local later stored as `conf.MaxConcurrentDownloads = &local`) to the Config field it lands in and that
// field's daemon.json key. Flags writing anything else (daemonOptions, cobra's own flags) have no Config field.

import { firstChain, isIdent, isPunct } from './flag-registrations.mjs';
import { findNestedStruct, namedRef, resolveNamed, walkSelectors } from './go-types.mjs';

/**
 * @typedef {import('./flag-registrations.mjs').Chain} Chain
 * @typedef {import('./flag-registrations.mjs').FunctionContext} FunctionContext
 * @typedef {{kind: 'config', jsonPath: string[]|null, walk: ReturnType<typeof walkSelectors>} | {kind: 'other'}} FlagTarget
 */

/** The selector chain that leads from Config to the struct a parameter points at, or null if it is not in Config. */
function configPrefixOfParam(configStruct, name, context) {
  const type = context.params.get(name);
  if (type === undefined) return null;
  const ref = namedRef(type);
  if (ref === null) return null;
  const named = resolveNamed(context.scope, ref);
  if (named.key === configStruct.key) return [];
  return findNestedStruct(configStruct, named.key);
}

/** Finds `<chain> = &name` in the function body and returns that chain. */
function assignmentOfAddress(name, context) {
  const body = context.fn.body;
  for (let i = 1; i + 2 < body.length; i++) {
    if (!isPunct(body[i], '=') || !isPunct(body[i + 1], '&') || !isIdent(body[i + 2], name)) continue;
    const selectors = [];
    let j = i - 1;
    while (isIdent(body[j]) && isPunct(body[j - 1], '.')) {
      selectors.unshift(body[j].text);
      j -= 2;
    }
    if (isIdent(body[j])) return { root: body[j].text, selectors };
  }
  return null;
}

/**
 * @param {{key: string}} configStruct the Config struct (go-types structOf)
 * @param {Chain} chain
 * @param {FunctionContext} context
 * @returns {FlagTarget}
 */
export function resolveFlagTarget(configStruct, chain, context) {
  const prefix = configPrefixOfParam(configStruct, chain.root, context);
  if (prefix !== null) {
    const walk = walkSelectors(configStruct, [...prefix, ...chain.selectors]);
    return { kind: 'config', jsonPath: walk.jsonPath, walk };
  }
  const local = context.locals.get(chain.root);
  if (local === undefined) return { kind: 'other' };
  if (chain.selectors.length === 0) {
    const stored = assignmentOfAddress(chain.root, context);
    if (stored !== null) return resolveFlagTarget(configStruct, stored, context);
  }
  if (local.value !== null) {
    const from = firstChain(local.value, context);
    if (from !== null && local.value.length === 1 + 2 * from.selectors.length) {
      return resolveFlagTarget(configStruct, { root: from.root, selectors: [...from.selectors, ...chain.selectors] }, context);
    }
  }
  return { kind: 'other' };
}

/** The named type of the field a `&conf.Field` flag value points at, for NamedOption / IsBoolFlag checks. */
export function fieldTypeResolver(configStruct) {
  return (chain, context) => {
    const target = resolveFlagTarget(configStruct, chain, context);
    if (target.kind !== 'config') throw new Error(`flag value &${chain.root}.${chain.selectors.join('.')} is not a Config field`);
    const ref = namedRef(target.walk.field.type);
    return ref === null ? null : resolveNamed(target.walk.scope, ref);
  };
}
