import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import type { ReservedRange } from '../../src/engine/types.js';
import { gatherComposeProjects } from '../../src/lint/gather.js';
import { lintRules } from '../../src/lint/rules.js';
import { runLint, type LintResult } from '../../src/lint/run.js';
import { lintSnapshot } from '../../src/lint/snapshot.js';
import type { Snapshot } from '../../src/snapshot/schema.js';

/** fixtures/compose: findings name files relative to it (`seed/compose.yaml`), as a CI run from a repo root would. */
export const COMPOSE_FIXTURES = fileURLToPath(new URL('../../fixtures/compose/', import.meta.url));

export interface FixtureLintOptions {
  host?: Snapshot | null;
  daemonJson?: string | null;
  reserved?: ReservedRange[];
  engineVersion?: string | null;
  environment?: Record<string, string>;
  files?: string[];
  profiles?: string[];
  /** Directory findings are relative to (default: fixtures/compose). */
  cwd?: string;
}

/** `dockdoc lint` on fixture directories, in process: gather from disk, build the lint snapshot, run the lint rules. */
export async function lintFixtures(paths: string[], options: FixtureLintOptions = {}): Promise<LintResult & { snapshot: Snapshot }> {
  const gathered = await gatherComposeProjects({
    cwd: options.cwd ?? COMPOSE_FIXTURES,
    environment: options.environment ?? {},
    files: options.files ?? [],
    projectName: null,
    projectDirectory: null,
    envFile: null,
    profiles: options.profiles ?? [],
    paths,
  });
  const snapshot = lintSnapshot({
    compose: { projects: gathered.projects },
    host: options.host ?? null,
    daemonConfig: options.daemonJson ? { path: '/etc/docker/daemon.json', present: true, text: options.daemonJson } : null,
  });
  const result = runLint(
    snapshot,
    {
      rules: lintRules(ALL_RULES),
      settings: { engineVersion: options.engineVersion ?? null, reserved: options.reserved ?? [], thresholds: DEFAULT_CONFIG.thresholds },
      ignore: [],
      severityOverrides: {},
    },
    gathered.problems,
    null,
  );
  return { ...result, snapshot };
}

/** The parts of findings a test compares: rule, severity, place and message. */
export function summary(result: LintResult, ruleId?: string): string[] {
  return result.report.findings
    .filter((finding) => ruleId === undefined || finding.ruleId === ruleId)
    .map((f) => `${f.location?.file}:${f.location?.line}:${f.location?.column} ${f.severity} ${f.ruleId} ${f.message}`);
}
