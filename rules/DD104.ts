import { daemonKeyCatalogue, type DaemonKeyCatalogue } from '../src/daemon/catalogue/index.js';
import { daemonConfigModel, flattenKeys } from '../src/daemon/config.js';
import { goFormat } from '../src/daemon/keys.js';
import { DOCKERD_SHORTHANDS, dockerdCommandLine, type DockerdFlag } from '../src/daemon/unitFlags.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { available } from '../src/snapshot/fact.js';

/** Keys dockerd merges from both places instead of refusing (skipDuplicates). */
const MERGED = new Set(['runtimes']);

const rule: Rule = {
  id: 'DD104',
  title: 'An option is set both in daemon.json and as a dockerd flag',
  severity: 'error',
  area: 'daemon',
  needs: ['daemonConfig', 'systemdUnits'],
  summary:
    'An option is set both in daemon.json and as a dockerd flag in docker.service or its drop-ins ("specified both as a flag and in the configuration file"); dockerd will not start.',
  check(snapshot, context) {
    const model = daemonConfigModel(snapshot);
    const units = available(snapshot.facts.systemdUnits);
    const commandLine = units && dockerdCommandLine(units);
    if (model?.state !== 'parsed' || !commandLine) return [];
    const catalogue = daemonKeyCatalogue(context.engineVersion);
    const fileKeys = new Map(flattenKeys(model.entries, new Set(catalogue.flatOptions)).map((k) => [k.key, k]));
    const conflicts: { key: string; flagValue: string; at: { line: number; column: number }; fileValue: unknown }[] = [];
    for (const { name, values } of groupByName(commandLine.flags)) {
      const key = conflictKey(catalogue, name, fileKeys);
      const inFile = key && !MERGED.has(key) ? fileKeys.get(key) : undefined;
      if (!key || !inFile) continue;
      const flag = catalogue.flags[name];
      const flagValue = flag?.namedOption || values.length > 1 ? `[${values.join(' ')}]` : (values[0] ?? 'true');
      conflicts.push({ key, flagValue, at: inFile.at, fileValue: model.values[key] ?? inFile.value });
    }
    const printed = conflicts.map((c) => `${c.key}: (from flag: ${c.flagValue}, from file: ${goFormat(c.fileValue)})`).join(', ');
    const dockerdSays = `unable to configure the Docker daemon with file ${model.path}: the following directives are specified both as a flag and in the configuration file: ${printed}`;
    return conflicts.map(
      (c): RuleResult => ({
        subject: `key:${c.key}`,
        location: { file: model.path, line: c.at.line, column: c.at.column },
        message: `"${c.key}" is set in ${model.path} and by a flag in ${commandLine.file}: dockerd refuses to start with "${dockerdSays}".`,
        evidence: { key: c.key, flagValue: c.flagValue, fileValue: c.fileValue, unitFile: commandLine.file, execStart: commandLine.args.join(' ') },
        fix: {
          text: `Keep "${c.key}" in one place: remove it from ${model.path}, or drop the flag from ExecStart with a drop-in (\`systemctl edit docker\`: an empty "ExecStart=" line, then ExecStart= without the flag). Then \`systemctl daemon-reload && systemctl restart docker\`.`,
        },
      }),
    );
  },
};

function groupByName(flags: DockerdFlag[]): { name: string; values: string[] }[] {
  const byName = new Map<string, string[]>();
  for (const flag of flags) byName.set(flag.name, [...(byName.get(flag.name) ?? []), ...(flag.value === null ? [] : [flag.value])]);
  return [...byName].map(([name, values]) => ({ name, values }));
}

/** The file key dockerd compares a command-line flag with: the NamedOption name, else the flag name or its shorthand. */
function conflictKey(catalogue: DaemonKeyCatalogue, name: string, fileKeys: Map<string, unknown>): string | undefined {
  const flag = catalogue.flags[name];
  if (!flag) return undefined;
  if (flag.namedOption) return flag.namedOption;
  const shorthand = Object.entries(DOCKERD_SHORTHANDS).find(([, long]) => long === name)?.[0];
  return [name, shorthand].find((candidate) => candidate !== undefined && fileKeys.has(candidate));
}

export default rule;
