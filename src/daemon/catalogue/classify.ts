import type { DaemonFlag, DaemonJsonKey, DaemonKeyCatalogue } from './types.js';

/**
 * What dockerd does with one (flattened) daemon.json key:
 * - rejected: dockerd refuses to start with "the following directives don't match any configuration option: …";
 * - ignored: accepted, but it sets nothing; `use` is the key (dotted path for nested ones, e.g.
 *   "proxies.http-proxy") that would set what the key's name suggests, when the file can set it at all;
 * - effective: the value is applied.
 */
export type DaemonKeyClass = { kind: 'effective' } | { kind: 'rejected' } | { kind: 'ignored'; use?: string };

/** Go's encoding/json matches object keys to fields exactly, else case-insensitively (Unicode simple folding). */
function fold(text: string): string {
  return text.toUpperCase().toLowerCase();
}

function lookup<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  if (Object.hasOwn(record, key)) return record[key];
  const folded = fold(key);
  const match = Object.keys(record).find((name) => fold(name) === folded);
  return match === undefined ? undefined : record[match];
}

function flagNamed(catalogue: DaemonKeyCatalogue, name: string): DaemonFlag | undefined {
  return Object.hasOwn(catalogue.flags, name) ? catalogue.flags[name] : undefined;
}

/** findConfigurationConflicts: a flag name (pflag Lookup is exact), a NamedOption name, or skipValidateOptions. */
function passesValidation(catalogue: DaemonKeyCatalogue, key: string): boolean {
  return (
    flagNamed(catalogue, key) !== undefined ||
    Object.values(catalogue.flags).some((flag) => flag.namedOption === key) ||
    catalogue.skipValidate.includes(key)
  );
}

/** Whether json.Unmarshal into Config sets a field for the key, at the top level or inside `parent`. */
function decoded(catalogue: DaemonKeyCatalogue, key: string, parent: string | undefined): boolean {
  if (parent === undefined) return lookup(catalogue.json, key) !== undefined;
  const container: DaemonJsonKey | undefined = lookup(catalogue.json, parent);
  return container?.fields !== undefined && lookup(container.fields, key) !== undefined;
}

/**
 * Boolean flags are re-set from the file by flag name (flags.Lookup(key)), or, when no flag has that name, by the
 * Name() of a NamedOption value that is also boolean.
 */
function appliedThroughFlag(catalogue: DaemonKeyCatalogue, key: string): boolean {
  const flag = flagNamed(catalogue, key);
  if (flag !== undefined) return flag.appliedFromFile;
  return Object.values(catalogue.flags).some((f) => f.namedOption === key && f.appliedFromFile);
}

function isEffective(catalogue: DaemonKeyCatalogue, key: string, parent: string | undefined): boolean {
  return passesValidation(catalogue, key) && (decoded(catalogue, key, parent) || appliedThroughFlag(catalogue, key));
}

/** A daemon.json path ("bip", "proxies.http-proxy") that is effective as written. */
function isEffectivePath(catalogue: DaemonKeyCatalogue, path: string): boolean {
  const dot = path.indexOf('.');
  return dot === -1 ? isEffective(catalogue, path, undefined) : isEffective(catalogue, path.slice(dot + 1), path.slice(0, dot));
}

/**
 * Classifies a key the way dockerd treats it. `parent` is the top-level key the key was lifted out of when
 * dockerd flattened a nested object (see flattenKeys in ../config.ts); it must not be one of the catalogue's
 * flatOptions, whose members dockerd never validates.
 */
export function classifyDaemonKey(catalogue: DaemonKeyCatalogue, key: string, parent?: string): DaemonKeyClass {
  if (parent !== undefined && catalogue.flatOptions.includes(parent)) {
    throw new TypeError(`"${key}" inside "${parent}" is not a flattened key: dockerd keeps "${parent}" whole`);
  }
  if (!passesValidation(catalogue, key)) return { kind: 'rejected' };
  if (decoded(catalogue, key, parent) || appliedThroughFlag(catalogue, key)) return { kind: 'effective' };
  const suggestions = [flagNamed(catalogue, key)?.configKey, parent === undefined ? undefined : key];
  const use = suggestions.find((path): path is string => typeof path === 'string' && isEffectivePath(catalogue, path));
  return use === undefined ? { kind: 'ignored' } : { kind: 'ignored', use };
}
