import { readdirSync } from 'node:fs';
import path from 'node:path';

/** compose's file names, in its order of preference (compose-go cli DefaultFileNames / DefaultOverrideFileNames). */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const OVERRIDE_FILE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Directories never searched: dependencies and version-control metadata hold no deployable projects. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'vendor']);

/** A directory that holds a compose project: the file compose would pick, plus its override file if any. */
export interface DiscoveredProject {
  directory: string;
  files: string[];
}

/** The project compose would load in `directory` (first matching name wins, as compose warns and does). */
export function projectIn(directory: string, names: ReadonlySet<string>): DiscoveredProject | null {
  const main = COMPOSE_FILE_NAMES.find((name) => names.has(name));
  if (!main) return null;
  const override = OVERRIDE_FILE_NAMES.find((name) => names.has(name));
  return { directory, files: [path.join(directory, main), ...(override ? [path.join(directory, override)] : [])] };
}

/**
 * Every compose project under `root`, depth first in name order so output is stable: a repository with several
 * deployable projects is linted in one run, and their networks are checked against each other. Directories are
 * listed one after the other (as the projects are then read, read-project.ts): a thousand asynchronous listings
 * cost several times the CPU of the same system calls in a row.
 */
export function discoverProjects(root: string, maxDepth = 12): DiscoveredProject[] {
  const walk = (directory: string, depth: number): DiscoveredProject[] => {
    const entries = readdirSync(directory, { withFileTypes: true });
    const project = projectIn(directory, new Set(entries.filter((e) => e.isFile()).map((e) => e.name)));
    const own = project ? [project] : [];
    if (depth >= maxDepth) return own;
    const children = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(e.name))
      .map((e) => e.name)
      .sort();
    return [...own, ...children.flatMap((child) => walk(path.join(directory, child), depth + 1))];
  };
  return walk(root, 0);
}
