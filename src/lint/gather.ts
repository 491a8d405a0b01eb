import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DotEnvError, parseDotEnv } from '../compose/dotenv.js';
import { activeProfiles } from '../compose/profiles.js';
import { rememberLoadedProject } from '../compose/compose-model.js';
import { linkedSourcesOf } from '../compose/linked-sources.js';
import { loadWithRecord, type LoadedProject } from '../compose/project.js';
import { FileRefusedError, readRegularFile } from '../files/readRegular.js';
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
  /** `--profile` flags; without any, COMPOSE_PROFILES of `environment` decides, as in compose. */
  profiles: readonly string[];
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
  /** Found by searching a directory (not named with -f or as a file). */
  discovered: boolean;
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
    const found = await discoverProjects(target);
    if (found.length === 0) throw new ComposeInputError(`no compose file under ${given} (looked for ${COMPOSE_FILE_NAMES.join(', ')})`);
    for (const project of found) groups.push({ ...project, envFile: null, name: null, discovered: true });
  }
  if (options.projectName && options.files.length === 0) {
    if (groups.length !== 1) throw new ComposeInputError(`-p names one project, but ${groups.length} were found: use -f to choose the files`);
    groups[0]!.name = options.projectName;
  }

  const projects: ComposeProjectInput[] = [];
  // Projects are read concurrently and kept in the order found.
  const read = await Promise.all(groups.map((group) => readProject(group, options.environment, options.profiles, display)));
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

/** One project as read from disk: its input (null when its .env is refused), the problems met, its load if made. */
interface ProjectRead {
  project: ComposeProjectInput | null;
  problems: InputProblem[];
  loaded: LoadedProject | null;
}

async function readProject(
  group: ProjectGroup,
  environment: Readonly<Record<string, string | undefined>>,
  profileFlags: readonly string[],
  display: (file: string) => string,
): Promise<ProjectRead> {
  const problems: InputProblem[] = [];
  const files: HostFile[] = [];
  for (const read of await Promise.all(group.files.map(async (file) => ({ file, read: await readHostFile(file, file, 'composeFile') })))) {
    if (isUnavailable(read.read)) problems.push({ file: display(read.file), message: read.read.unavailable });
    else files.push({ ...read.read, path: display(read.file) });
  }
  const envPath = group.envFile ?? path.join(group.directory, '.env');
  // The project's own .env may be a link, but not to a file outside the project (a pull request could point it at a
  // host secret); an --env-file the user names is read where it is.
  const dotEnv = await readDotEnvText(envPath, group.envFile ? undefined : group.directory);
  if (dotEnv.error && (group.envFile || !dotEnv.absent)) problems.push({ file: display(envPath), message: dotEnv.error });
  try {
    // COMPOSE_PROFILES may come from the environment or the project's .env, as compose reads it.
    const ownVariables = projectVariables(new Set(['COMPOSE_PROFILES']), dotEnv.text, environment);
    const base = { workingDir: group.directory, files, nameOverride: group.name, profiles: activeProfiles(profileFlags, ownVariables.COMPOSE_PROFILES) };
    const { project, loaded } = await followLinks(base, dotEnv.text, environment, display, problems);
    return { project, problems, loaded };
  } catch (error) {
    if (!(error instanceof DotEnvError)) throw error;
    problems.push({ file: display(envPath), line: error.line, message: error.reason });
    return { project: null, problems, loaded: null };
  }
}

/** The project as the snapshot records it: its files, the linked files read so far, the variables they reference. */
function projectInput(
  base: Omit<ComposeProjectInput, 'variables'>,
  dotEnvText: string | null,
  environment: Readonly<Record<string, string | undefined>>,
  files: ReadonlyMap<string, HostFile>,
  envFiles: ReadonlyMap<string, LinkedEnvFile>,
): ComposeProjectInput {
  const linkedFiles = [...files].map(([absolutePath, file]) => ({ absolutePath, file }));
  const names = referencedNames([...base.files, ...files.values()]);
  return {
    ...base,
    variables: projectVariables(names, dotEnvText, environment),
    ...(linkedFiles.length > 0 ? { linkedFiles } : {}),
    ...(envFiles.size > 0 ? { linkedEnvFiles: [...envFiles.values()].map((env) => ({ ...env, variables: onlyNames(env.variables, names) })) } : {}),
  };
}

/**
 * The text of a .env file, or why it could not be read (`absent` when it does not exist): a regular file only (never a
 * FIFO or /dev/zero), at most its cap (src/limits/caps.ts), and inside `inside` when given.
 */
async function readDotEnvText(envPath: string, inside?: string): Promise<{ text: string | null; error: string | null; absent: boolean }> {
  try {
    return { text: await readRegularFile(envPath, { maxBytes: INPUT_CAPS.dotEnv, ...(inside ? { inside } : {}) }), error: null, absent: false };
  } catch (error) {
    if (error instanceof FileRefusedError) return { text: null, error: error.message, absent: false };
    const code = (error as NodeJS.ErrnoException).code;
    return { text: null, error: `cannot read: ${describeError(error)}`, absent: code === 'ENOENT' || code === 'ENOTDIR' };
  }
}

/** Rounds of reading what `include:` and `extends.file` name: each round can reveal the next level. */
const MAX_LINK_ROUNDS = 8;

type LinkedEnvFile = NonNullable<ComposeProjectInput['linkedEnvFiles']>[number];

/**
 * Reads the files and env files the project's include/extends name, by loading the project with what has been
 * read so far and reading what the loader asked for, until it asks for nothing new. The loader decides what a
 * reference means (paths, project directories, env files), so gathering and checking can never disagree. Each
 * round loads the project exactly as the rules will (loadComposeProject of the input it returns), so the last
 * round's load, which asked for nothing, is kept (`loaded`) instead of being repeated; after the last allowed round
 * there is none.
 */
async function followLinks(
  base: Omit<ComposeProjectInput, 'variables'>,
  dotEnvText: string | null,
  environment: Readonly<Record<string, string | undefined>>,
  display: (file: string) => string,
  problems: InputProblem[],
): Promise<{ project: ComposeProjectInput; loaded: LoadedProject | null }> {
  const files = new Map<string, HostFile>();
  const envFiles = new Map<string, LinkedEnvFile>();
  const envLookup = (name: string): string | undefined => environment[name];
  for (let round = 0; round < MAX_LINK_ROUNDS; round++) {
    const input = projectInput(base, dotEnvText, environment, files, envFiles);
    const { result, missing } = loadWithRecord(input, linkedSourcesOf(input));
    const newFiles = [...missing.files].filter((file) => !files.has(file));
    const newEnvFiles = [...missing.envFiles].filter((file) => !envFiles.has(file));
    if (newFiles.length === 0 && newEnvFiles.length === 0) return { project: input, loaded: result };
    for (const absolutePath of newFiles) {
      const read = await readHostFile(absolutePath, display(absolutePath));
      if (isUnavailable(read)) {
        problems.push({ file: display(absolutePath), message: read.unavailable });
        files.set(absolutePath, { path: display(absolutePath), present: false });
      } else {
        files.set(absolutePath, read);
      }
    }
    for (const absolutePath of newEnvFiles) {
      const read = await readDotEnvText(absolutePath);
      if (read.error && !read.absent) problems.push({ file: display(absolutePath), message: read.error });
      let variables: Record<string, string> = {};
      try {
        variables = read.text === null ? {} : parseDotEnv(read.text, envLookup);
      } catch (error) {
        if (!(error instanceof DotEnvError)) throw error;
        problems.push({ file: display(absolutePath), line: error.line, message: error.message });
      }
      envFiles.set(absolutePath, { absolutePath, present: read.text !== null, variables });
    }
  }
  return { project: projectInput(base, dotEnvText, environment, files, envFiles), loaded: null };
}

function onlyNames(variables: Record<string, string>, names: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).filter(([name]) => names.has(name)));
}
