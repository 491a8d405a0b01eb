import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DotEnvError } from '../compose/dotenv.js';
import { readTextCapped } from '../files/readCapped.js';
import { readHostFile } from '../gather/hostFile.js';
import { INPUT_CAPS } from '../limits/caps.js';
import type { InputProblem } from '../engine/types.js';
import { isUnavailable } from '../snapshot/fact.js';
import type { ComposeProjectInput, HostFile } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';
import { COMPOSE_FILE_NAMES, discoverProjects } from './discover.js';
import { projectVariables, referencedNames } from './variables.js';

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
  /** Compose files (a project each) and directories (searched for projects). */
  paths: readonly string[];
}

export interface GatheredCompose {
  projects: ComposeProjectInput[];
  /** .env files compose would refuse, unreadable paths: DD001. */
  problems: InputProblem[];
}

/** Files compose would load as one project. */
interface ProjectGroup {
  directory: string;
  files: string[];
  envFile: string | null;
  name: string | null;
}

/** A lint invocation that names nothing to lint: a usage error, not a finding. */
export class ComposeInputError extends Error {}

/**
 * Reads the compose projects to lint from disk: the `-f` group, then each path (a directory is searched for
 * projects). File paths are kept relative to the working directory when inside it, so reports and SARIF point at
 * repository paths.
 */
export async function gatherComposeProjects(options: ComposeGatherOptions): Promise<GatheredCompose> {
  const display = (file: string): string => {
    const relative = path.relative(options.cwd, file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
  };
  const problems: InputProblem[] = [];
  const groups: ProjectGroup[] = [];
  if (options.files.length > 0) {
    const files = options.files.map((file) => path.resolve(options.cwd, file));
    const directory = options.projectDirectory ? path.resolve(options.cwd, options.projectDirectory) : path.dirname(files[0]!);
    groups.push({ directory, files, envFile: options.envFile ? path.resolve(options.cwd, options.envFile) : null, name: options.projectName });
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
      groups.push({ directory: path.dirname(target), files: [target], envFile: null, name: null });
      continue;
    }
    const found = await discoverProjects(target);
    if (found.length === 0) throw new ComposeInputError(`no compose file under ${given} (looked for ${COMPOSE_FILE_NAMES.join(', ')})`);
    for (const project of found) groups.push({ ...project, envFile: null, name: null });
  }
  if (options.projectName && options.files.length === 0) {
    if (groups.length !== 1) throw new ComposeInputError(`-p names one project, but ${groups.length} were found: use -f to choose the files`);
    groups[0]!.name = options.projectName;
  }

  const projects: ComposeProjectInput[] = [];
  // Projects are read concurrently and kept in the order found.
  const read = await Promise.all(groups.map((group) => readProject(group, options.environment, display)));
  for (const result of read) {
    problems.push(...result.problems);
    if (result.project) projects.push(result.project);
  }
  return { projects, problems };
}

async function readProject(
  group: ProjectGroup,
  environment: Readonly<Record<string, string | undefined>>,
  display: (file: string) => string,
): Promise<{ project: ComposeProjectInput | null; problems: InputProblem[] }> {
  const problems: InputProblem[] = [];
  const files: HostFile[] = [];
  for (const read of await Promise.all(group.files.map(async (file) => ({ file, read: await readHostFile(file, file, 'composeFile') })))) {
    if (isUnavailable(read.read)) problems.push({ file: display(read.file), message: read.read.unavailable });
    else files.push({ ...read.read, path: display(read.file) });
  }
  const envPath = group.envFile ?? path.join(group.directory, '.env');
  let dotEnv: string | null = null;
  try {
    dotEnv = await readTextCapped(envPath, INPUT_CAPS.dotEnv);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (group.envFile || (code !== 'ENOENT' && code !== 'ENOTDIR')) problems.push({ file: display(envPath), message: `cannot read: ${describeError(error)}` });
  }
  try {
    const variables = projectVariables(referencedNames(files), dotEnv, environment);
    return { project: { workingDir: group.directory, files, variables, nameOverride: group.name }, problems };
  } catch (error) {
    if (!(error instanceof DotEnvError)) throw error;
    problems.push({ file: display(envPath), line: error.line, message: error.reason });
    return { project: null, problems };
  }
}
