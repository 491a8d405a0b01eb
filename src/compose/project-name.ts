import { basename } from 'node:path';

/** compose's normalisation: lower case, keep only [a-z0-9_-], drop leading `_` and `-`. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export function isValidProjectName(name: string): boolean {
  return name !== '' && normalizeProjectName(name) === name;
}

export class ProjectNameError extends Error {}

export interface ProjectNameSources {
  /** `-p`: must already be valid, compose refuses it otherwise. */
  commandLine: string | null;
  /** COMPOSE_PROJECT_NAME from the environment or .env: must be valid too. */
  environment: string | null;
  /** `name:` from the compose files, after interpolation: normalised. */
  fromFiles: string | null;
  /** The project directory: its base name, normalised, when nothing else names the project. */
  workingDir: string;
}

export type ProjectNameSource = 'command line' | 'COMPOSE_PROJECT_NAME' | 'name:' | 'directory';

/** The project name compose would use, in its order of precedence: -p, COMPOSE_PROJECT_NAME, name:, directory. */
export function resolveProjectName(sources: ProjectNameSources): { name: string; source: ProjectNameSource } {
  const imperative: [string | null, ProjectNameSource][] = [
    [sources.commandLine, 'command line'],
    [sources.environment, 'COMPOSE_PROJECT_NAME'],
  ];
  for (const [name, source] of imperative) {
    if (!name) continue;
    if (!isValidProjectName(name)) {
      throw new ProjectNameError(
        `invalid project name "${name}" (${source}): must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
      );
    }
    return { name, source };
  }
  const fromFiles = sources.fromFiles ? normalizeProjectName(sources.fromFiles) : '';
  if (fromFiles) return { name: fromFiles, source: 'name:' };
  const fromDirectory = normalizeProjectName(basename(sources.workingDir));
  if (!fromDirectory) throw new ProjectNameError(`project name must not be empty (directory "${sources.workingDir}" gives none)`);
  return { name: fromDirectory, source: 'directory' };
}
