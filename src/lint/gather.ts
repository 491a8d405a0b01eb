import { stat } from 'node:fs/promises';
import path from 'node:path';
import { rememberLoadedProject } from '../compose/compose-model.js';
import { loadComposeYamlReader } from '../compose/yaml-tree.js';
import type { InputProblem } from '../engine/types.js';
import type { ComposeProjectInput } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';
import { COMPOSE_FILE_NAMES, discoverProjects } from './discover.js';
import { displayPath, readProjects, type ProjectGroup } from './read-project.js';
import { readProjectsInThreads, readThreads, type Jobs } from './read-threads.js';

export interface ComposeGatherOptions {
  cwd: string;
  environment: Readonly<Record<string, string | undefined>>;
  /** `-f` files, merged into one project in this order, as compose does. */
  files: readonly string[];
  /** `-p`: for the `-f` project, or the only project found. */
  projectName: string | null;
  /** `--project-directory`: the `-f` project's directory (default: the first file's). */
  projectDirectory: string | null;
  /** `--env-file` for the `-f` project (default: .env in its directory). */
  envFile: string | null;
  /** `--profile` flags; without any, COMPOSE_PROFILES of `environment` decides, as in compose. */
  profiles: readonly string[];
  /** Compose files (a project each) and directories (searched for projects). */
  paths: readonly string[];
  /** `--jobs`: threads to read and parse with (read-threads.ts); default 1, this thread alone. */
  jobs?: Jobs;
}

export interface GatheredCompose {
  projects: ComposeProjectInput[];
  /** .env files compose would refuse, unreadable paths: DD001. */
  problems: InputProblem[];
}

/** A lint invocation that names nothing to lint: a usage error, not a finding. */
export class ComposeInputError extends Error {}

/**
 * Reads the compose projects to lint from disk: the `-f` group, then each path (a directory is searched for
 * projects). File paths are kept relative to the working directory when inside it, so reports and SARIF point at
 * repository paths.
 */
export async function gatherComposeProjects(options: ComposeGatherOptions): Promise<GatheredCompose> {
  // The yaml library loads while the projects are found (awaited before they are read; a failure to load is the
  // command's error there, not an unhandled rejection if finding them fails first).
  const yamlReader = loadComposeYamlReader();
  yamlReader.catch(() => undefined);
  const display = displayPath(options.cwd);
  const problems: InputProblem[] = [];
  const groups: ProjectGroup[] = [];
  if (options.files.length > 0) {
    const files = options.files.map((file) => path.resolve(options.cwd, file));
    const directory = options.projectDirectory ? path.resolve(options.cwd, options.projectDirectory) : path.dirname(files[0]!);
    groups.push({ directory, files, envFile: options.envFile ? path.resolve(options.cwd, options.envFile) : null, name: options.projectName, discovered: false });
  }
  const paths = options.files.length === 0 && options.paths.length === 0 ? [options.cwd] : options.paths;
  for (const given of paths) {
    const target = path.resolve(options.cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(target)).isDirectory();
    } catch (error) {
      problems.push({ file: display(target), message: `cannot read ${given}: ${describeError(error)}` });
      continue;
    }
    if (!isDirectory) {
      groups.push({ directory: path.dirname(target), files: [target], envFile: null, name: null, discovered: false });
      continue;
    }
    const found = discoverProjects(target);
    if (found.length === 0) throw new ComposeInputError(`no compose file under ${given} (looked for ${COMPOSE_FILE_NAMES.join(', ')})`);
    for (const project of found) groups.push({ ...project, envFile: null, name: null, discovered: true });
  }
  if (options.projectName && options.files.length === 0) {
    if (groups.length !== 1) throw new ComposeInputError(`-p names one project, but ${groups.length} were found: use -f to choose the files`);
    groups[0]!.name = options.projectName;
  }

  const projects: ComposeProjectInput[] = [];
  // Projects are read concurrently and kept in the order found; many are read in worker threads as well.
  const context = { cwd: options.cwd, environment: options.environment, profiles: options.profiles };
  const threads = readThreads(options.jobs ?? 1, groups.length);
  await yamlReader;
  const read = threads > 1 ? await readProjectsInThreads(groups, context, threads) : readProjects(groups, context);
  // A file another project includes or extends is part of that project, not a project of its own (a directory
  // search finds both); linting it twice would report its networks as overlapping themselves.
  const linked = new Set(read.flatMap((result) => (result.project?.linkedFiles ?? []).map((entry) => entry.absolutePath)));
  for (const [index, result] of read.entries()) {
    problems.push(...result.problems);
    const group = groups[index]!;
    if (group.discovered && group.files.some((file) => linked.has(file))) continue;
    if (!result.project) continue;
    projects.push(result.project);
    if (result.loaded) rememberLoadedProject(result.project, result.loaded);
  }
  return { projects, problems };
}

