// Builds the daemon.json key catalogue of one moby tag: the pflag flags dockerd registers on Linux (with
// NamedOption names, boolean-ness and the daemon.json key of the Config field each one writes), the
// skipValidateOptions and flatOptions sets of daemon/config, and the JSON keys Config decodes with their kinds.

import { scanFlagRegistrations } from './flag-registrations.mjs';
import { fieldTypeResolver, resolveFlagTarget } from './flag-targets.mjs';
import { splitTopLevel } from './go-parser.mjs';
import { GitTree } from './go-packages.mjs';
import { goDecodeOf, jsonFieldsOf, kindOf, structOf } from './go-types.mjs';

const CONFIG_DIR = 'daemon/config';
const COMMAND_DIRS = ['daemon/command', 'cmd/dockerd'];

/**
 * Boolean flags that write a daemonOptions field (not Config) but are still acted on when the config file
 * re-sets them: `validate` is read after loadDaemonCliConfig, so `"validate": true` in daemon.json makes
 * dockerd print "configuration OK" and exit. Each entry names the statement that proves it; the extractor
 * checks the statement still exists.
 */
const OPTION_FLAGS_READ_AFTER_LOAD = new Map([['validate', ['if', 'opts', '.', 'Validate', '{']]]);

/** "v20.10.24" → "20.10.24"; "docker-v29.7.2" → "29.7.2". */
export function engineVersionOfTag(tag) {
  const match = /^(?:docker-)?v(\d+\.\d+\.\d+)$/.exec(tag);
  if (!match) throw new Error(`not a release tag: ${tag}`);
  return match[1];
}

/** Keys of a package-level `var name = map[string]bool{"k": true, …}`. */
function mapLiteralKeys(pkg, varName) {
  for (const file of pkg.files) {
    for (const spec of file.vars) {
      if (!spec.names.includes(varName)) continue;
      const open = spec.value.findIndex((t) => t.kind === 'punct' && t.text === '{');
      const entries = splitTopLevel(spec.value.slice(open + 1, -1));
      return entries
        .filter((entry) => entry.length === 3 && entry[0].kind === 'string' && entry[2].text === 'true')
        .map((entry) => entry[0].value)
        .sort();
    }
  }
  throw new Error(`${pkg.dir}: no variable ${varName}`);
}

function containsSequence(pkg, sequence) {
  return pkg.funcs.some((fn) =>
    fn.body.some((_, i) => sequence.every((text, k) => fn.body[i + k]?.text === text)),
  );
}

function jsonCatalogue(configStruct) {
  const json = {};
  const fields = jsonFieldsOf(configStruct);
  for (const name of [...fields.keys()].sort()) {
    const { field, scope, embeddedPath } = fields.get(name);
    const entry = { kind: kindOf(scope, field.type), go: goDecodeOf(scope, field.type) };
    if (embeddedPath.length > 0) entry.embeddedIn = embeddedPath;
    const inner = field.type.k === 'map' ? null : structOf(scope, field.type);
    if (inner !== null && entry.kind === 'object') {
      const innerFields = jsonFieldsOf(inner);
      entry.fields = Object.fromEntries(
        [...innerFields.keys()].sort().map((key) => [key, kindOf(innerFields.get(key).scope, innerFields.get(key).field.type)]),
      );
    }
    json[name] = entry;
  }
  return json;
}

/**
 * The daemon.json key for a flag that writes a daemonOptions field instead of Config (--host, --debug,
 * --tlscacert…): loadDaemonCliConfig copies those into Config, whose JSON key is the flag's NamedOption name
 * or the flag name itself. Null when the file has no such key (--config-file, --version, --validate).
 */
function optionFileKey(registration, json) {
  if (registration.namedOption !== null && registration.namedOption in json) return registration.namedOption;
  return registration.name in json ? registration.name : null;
}

/**
 * @param {string} gitDir bare git directory of moby/moby
 * @param {string} tag release tag
 */
export function extractCatalogue(gitDir, tag) {
  const tree = new GitTree(gitDir, tag);
  const configPkg = tree.loadPackage(CONFIG_DIR);
  const configDecl = configPkg.types.get('Config');
  if (!configDecl) throw new Error(`${tag}: no Config type in ${CONFIG_DIR}`);
  const configStruct = structOf({ tree, pkg: configPkg, file: configDecl.file }, configDecl.type, 'config.Config');

  const commandDir = COMMAND_DIRS.find((dir) => tree.exists(dir) && tree.loadPackage(dir).funcs.some((fn) => fn.name === 'installConfigFlags'));
  if (!commandDir) throw new Error(`${tag}: no dockerd command package`);
  const commandPkg = tree.loadPackage(commandDir);

  const { registrations, marks } = scanFlagRegistrations(tree, commandPkg, fieldTypeResolver(configStruct));
  const json = jsonCatalogue(configStruct);

  const flags = {};
  const seen = new Map();
  for (const registration of [...registrations].sort((a, b) => a.name.localeCompare(b.name))) {
    if (seen.has(registration.name)) {
      throw new Error(`${tag}: flag ${registration.name} registered twice (${seen.get(registration.name)}, ${registration.where})`);
    }
    seen.set(registration.name, registration.where);
    const target = registration.chain === null
      ? { kind: 'other' }
      : resolveFlagTarget(configStruct, registration.chain, registration.context);
    const configKey = target.kind === 'config' && target.jsonPath !== null ? target.jsonPath.join('.') : null;
    let readAfterLoad = false;
    if (registration.bool && target.kind === 'other' && OPTION_FLAGS_READ_AFTER_LOAD.has(registration.name)) {
      const proof = OPTION_FLAGS_READ_AFTER_LOAD.get(registration.name);
      if (!containsSequence(commandPkg, proof)) {
        throw new Error(`${tag}: ${registration.name} is listed as read after loading the config, but "${proof.join(' ')}" is gone`);
      }
      readAfterLoad = true;
    }
    const entry = {
      bool: registration.bool,
      configKey: configKey ?? optionFileKey(registration, json),
      appliedFromFile: registration.bool && (target.kind === 'config' || readAfterLoad),
    };
    if (registration.namedOption !== null) entry.namedOption = registration.namedOption;
    if (marks.some((m) => m.method === 'MarkHidden' && m.name === registration.name)) entry.hidden = true;
    if (marks.some((m) => m.method === 'MarkDeprecated' && m.name === registration.name)) entry.deprecated = true;
    flags[registration.name] = entry;
  }
  for (const mark of marks) {
    if (!(mark.name in flags)) throw new Error(`${tag}: ${mark.method} of unregistered flag ${mark.name} at ${mark.where}`);
  }

  return {
    engineVersion: engineVersionOfTag(tag),
    tag,
    commit: tree.commit,
    sources: [...new Set(tree.filesRead)],
    flags,
    skipValidate: mapLiteralKeys(configPkg, 'skipValidateOptions'),
    flatOptions: mapLiteralKeys(configPkg, 'flatOptions'),
    json,
  };
}
