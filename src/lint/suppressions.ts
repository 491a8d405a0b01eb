import type { Finding } from '../engine/types.js';
import type { ComposeFact } from '../snapshot/schema.js';

/** `# dockdoc-ignore DD305` or `# dockdoc-ignore DD303, DD305`: a YAML comment (start of line or after a space). */
const DIRECTIVE = /(?:^|\s)#\s*dockdoc-ignore\b([^#\n]*)/;
const RULE_ID = /\bDD\d{3}\b/g;

/** file → line → rule IDs suppressed on that line. */
export type SuppressionMap = Map<string, Map<number, Set<string>>>;

/**
 * Reads inline suppressions from the compose files: a directive applies to its own line and to the line below it
 * (so it can sit above the offending value). It must name the rules it silences.
 */
export function readSuppressions(compose: ComposeFact): SuppressionMap {
  const map: SuppressionMap = new Map();
  for (const project of compose.projects) {
    for (const file of project.files) {
      if (!file.text?.includes('dockdoc-ignore')) continue;
      const lines = map.get(file.path) ?? new Map<number, Set<string>>();
      file.text.split('\n').forEach((text, index) => {
        const directive = DIRECTIVE.exec(text);
        if (!directive) return;
        const ids = directive[1]!.match(RULE_ID) ?? [];
        for (const line of [index + 1, index + 2]) {
          const set = lines.get(line) ?? new Set<string>();
          for (const id of ids) set.add(id);
          lines.set(line, set);
        }
      });
      map.set(file.path, lines);
    }
  }
  return map;
}

export function isSuppressed(finding: Finding, suppressions: SuppressionMap): boolean {
  const { location } = finding;
  if (!location?.line) return false;
  return suppressions.get(location.file)?.get(location.line)?.has(finding.ruleId) ?? false;
}
