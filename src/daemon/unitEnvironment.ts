import type { SystemdUnitsFact } from '../snapshot/schema.js';
import { splitCommand, unitLines } from './unitFlags.js';

/** dockerd's environment as docker.service sets it with `Environment=`, and whether `EnvironmentFile=` adds more. */
export interface UnitEnvironment {
  variables: Record<string, { value: string; file: string }>;
  /** Files named by `EnvironmentFile=`: not gathered, so what they set is unknown. */
  environmentFiles: string[];
}

/**
 * Applies docker.service's `Environment=` lines in the order systemd does (fragment, then drop-ins): words are
 * quoted like command lines, a later assignment of a variable wins, and an empty `Environment=` clears the list.
 */
export function dockerServiceEnvironment(units: SystemdUnitsFact): UnitEnvironment | null {
  const unit = units.units['docker.service'];
  if (!unit) return null;
  let variables: UnitEnvironment['variables'] = {};
  let environmentFiles: string[] = [];
  for (const file of [unit.fragment, ...unit.dropIns]) {
    if (!file?.text) continue;
    for (const line of unitLines(file.text)) {
      const environment = /^Environment\s*=\s*(.*)$/.exec(line);
      if (environment) {
        const words = splitCommand(environment[1]!);
        if (words.length === 0) variables = {};
        for (const word of words) {
          const eq = word.indexOf('=');
          if (eq > 0) variables[word.slice(0, eq)] = { value: word.slice(eq + 1), file: file.path };
        }
        continue;
      }
      const environmentFile = /^EnvironmentFile\s*=\s*(.*)$/.exec(line);
      if (environmentFile) {
        const path = environmentFile[1]!.trim();
        environmentFiles = path === '' ? [] : [...environmentFiles, path.replace(/^-/, '')];
      }
    }
  }
  return { variables, environmentFiles };
}
