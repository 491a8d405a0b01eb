import { daemonKeyCatalogue } from '../src/daemon/catalogue/index.js';
import { daemonConfigModel } from '../src/daemon/config.js';
import { classifiedDaemonKeys } from '../src/daemon/keys.js';
import { firstTypeMismatch, type GoTypeMismatch } from '../src/daemon/goDecode.js';
import { engineGoVersion, goAtLeast } from '../src/daemon/goVersions.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { jsonDecodeFailure } from '../src/pools/messages.js';

/** What the Go type wants, in words, for the message. */
function expected(type: string): string {
  if (type === 'bool') return 'true or false (without quotes)';
  if (type === 'string') return 'a string in double quotes';
  if (/^u?int\d*$|^float\d+$/.test(type)) return 'a number (without quotes)';
  if (type.startsWith('[]')) return `a list ([...]) of ${expected(type.slice(2)).replace(/^a /, '')}`;
  if (type.startsWith('map[')) return 'an object ({...})';
  return `a value of Go type ${type}`;
}

/**
 * encoding/json's UnmarshalTypeError text for a top-level daemon.json key. Go 1.24 added the embedded structs
 * crossed to the field path (golang/go#68941, CL of PR #68966: `Config.CommonConfig.BridgeConfig.iptables`);
 * before, the path is the JSON key alone.
 */
export function goUnmarshalTypeError(goVersion: string, key: string, embeddedIn: readonly string[], mismatch: GoTypeMismatch): string {
  const field = goAtLeast(goVersion, '1.24.0') ? [...embeddedIn, key].join('.') : key;
  return `json: cannot unmarshal ${mismatch.value} into Go struct field Config.${field} of type ${mismatch.type}`;
}

const rule: Rule = {
  id: 'DD109',
  title: 'a daemon.json value has the wrong JSON type',
  severity: 'error',
  area: 'daemon',
  needs: ['daemonConfig'],
  summary: 'A daemon.json value has a JSON type its Go field cannot hold (`"iptables": "false"`, `"mtu": "1500"`); dockerd refuses to start.',
  check(snapshot, context): RuleResult[] {
    const model = daemonConfigModel(snapshot);
    if (model?.state !== 'parsed') return [];
    const version = context.engineVersion;
    const catalogue = daemonKeyCatalogue(version);
    const { go, release } = engineGoVersion(version);
    // dockerd validates key names before decoding values: rejected keys (DD102) stop it first.
    const rejectedFirst = classifiedDaemonKeys(snapshot)(version).some((key) => key.verdict.kind === 'rejected');
    const out: RuleResult[] = [];
    for (const entry of model.entries) {
      const field = catalogue.json[entry.key];
      if (!field) continue; // keys Config has no field for are DD102/DD103's
      const mismatch = firstTypeMismatch(entry.value, field.go);
      if (!mismatch) continue;
      const dockerdSays = jsonDecodeFailure(version, model.path, goUnmarshalTypeError(go, entry.key, field.embeddedIn ?? [], mismatch));
      // Decode keeps going but reports only the earliest mismatch.
      const blockers = [rejectedFirst ? 'the keys it rejects' : '', out.length > 0 ? 'the wrong values before this one' : ''].filter(Boolean);
      const when = blockers.length > 0 ? ` once ${blockers.join(' and ')} are fixed` : '';
      out.push({
        subject: `key:${entry.key}`,
        location: { file: model.path, line: mismatch.at.line, column: mismatch.at.column },
        message: `"${entry.key}" ${mismatch.at === entry.value.at ? 'is' : `has ${entry.value.kind === 'array' ? 'an item' : 'a value'} that is`} a JSON ${mismatch.value.replace(/^number .*/, 'number that does not fit')} where dockerd expects ${expected(mismatch.type)}. Docker ${version} refuses to start${when}: "${dockerdSays}".`,
        // The wording is Go's: the Go of Docker's own build of the release; distribution builds may use another.
        evidence: { key: entry.key, json: mismatch.value, goType: mismatch.type, engineVersion: version, goVersion: go, goVersionOfRelease: release },
        fix: { text: `Write "${entry.key}" as ${expected(field.go.type)}${field.go.type === 'bool' ? `, e.g. "${entry.key}": false` : ''}.` },
      });
    }
    return out;
  },
};

export default rule;
