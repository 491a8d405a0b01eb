import { statSync } from 'node:fs';
import path from 'node:path';
import { DotEnvError, parseDotEnv } from '../compose/dotenv.js';
import { linkedSourcesOf } from '../compose/linked-sources.js';
import { activeProfiles } from '../compose/profiles.js';
import { loadWithRecord, type LoadedProject } from '../compose/project.js';
import type { InputProblem } from '../engine/types.js';
import { FileRefusedError, readRegularFileSync } from '../files/readRegular.js';
import { readHostFileSync } from '../gather/hostFile.js';
import { INPUT_CAPS } from '../limits/caps.js';
import { isUnavailable } from '../snapshot/fact.js';
import type { ComposeProjectInput, HostFile } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';
import { projectVariables, referencedNames } from './variables.js';

/** Files compose would load as one project. Plain data: a worker thread reads groups it is sent (read-threads.ts). */
export interface ProjectGroup {
  directory: string;
  files: string[];
  envFile: string | null;
  name: string | null;
  /** Found by searching a directory (not named with -f or as a file). */
  discovered: boolean;
}

/** What every project is read with. Plain data, like ProjectGroup. */
export interface ReadContext {
  /** File paths inside it are reported relative to it. */
  cwd: string;
  environment: Readonly<Record<string, string | undefined>>;
  /** `--profile` flags. */
  profiles: readonly string[];
}

/** One project as read from disk: its input (null when its .env is refused), the problems met, its load if made. */
export interface ProjectRead {
  project: ComposeProjectInput | null;
  problems: InputProblem[];
  loaded: LoadedProject | null;
}

/**
 * Reads the projects one after the other, each file in one go (readRegularFileSync): for many small local files that
 * is a tenth of the CPU time of asynchronous reads, and worker threads (read-threads.ts) give the parallelism.
 * The results are in the order of `groups`.
 */
export function readProjects(groups: readonly ProjectGroup[], context: ReadContext): ProjectRead[] {
  const display = displayPath(context.cwd);
  return groups.map((group) => readProject(group, context.environment, context.profiles, display));
}

/** A path as reports show it: relative to `cwd` when inside it (repository paths for SARIF), else as it is. */
export function displayPath(cwd: string): (file: string) => string {
  return (file) => {
    const relative = path.relative(cwd, file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
  };
}

function readProject(
  group: ProjectGroup,
  environment: Readonly<Record<string, string | undefined>>,
  profileFlags: readonly string[],
  display: (file: string) => string,
): ProjectRead {
  const problems: InputProblem[] = [];
  const files: HostFile[] = [];
  for (const file of group.files) {
    const read = readHostFileSync(file, file, 'composeFile');
    if (isUnavailable(read)) problems.push({ file: display(file), message: read.unavailable });
    else files.push({ ...read, path: display(file) });
  }
  const envPath = group.envFile ?? path.join(group.directory, '.env');
  // The project's own .env may be a link, but not to a file outside the project (a pull request could point it at a
  // host secret); an --env-file the user names is read where it is.
  const dotEnv = group.envFile ? readDotEnvText(envPath, undefined, true) : readDotEnvText(envPath, group.directory);
  if (dotEnv.error && (group.envFile || !dotEnv.absent)) problems.push({ file: display(envPath), message: dotEnv.error });
  try {
    // COMPOSE_PROFILES may come from the environment or the project's .env, as compose reads it.
    const ownVariables = projectVariables(new Set(['COMPOSE_PROFILES']), dotEnv.text, environment);
    const base = { workingDir: group.directory, files, nameOverride: group.name, profiles: activeProfiles(profileFlags, ownVariables.COMPOSE_PROFILES) };
    const { project, loaded } = followLinks(base, dotEnv.text, environment, display, problems);
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
 * FIFO or /dev/zero), at most its cap (src/limits/caps.ts), and inside `inside` when given. A file the user named
 * (`named`) that is absent has an error saying so; for the others absence is no error (most projects have no .env),
 * and it is found without the exception a failed read throws (its stack trace cost more than the lookup).
 */
function readDotEnvText(envPath: string, inside?: string, named = false): { text: string | null; error: string | null; absent: boolean } {
  try {
    if (!named && !statSync(envPath, { throwIfNoEntry: false })) return { text: null, error: null, absent: true };
    return { text: readRegularFileSync(envPath, { maxBytes: INPUT_CAPS.dotEnv, ...(inside ? { inside } : {}) }), error: null, absent: false };
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
function followLinks(
  base: Omit<ComposeProjectInput, 'variables'>,
  dotEnvText: string | null,
  environment: Readonly<Record<string, string | undefined>>,
  display: (file: string) => string,
  problems: InputProblem[],
): { project: ComposeProjectInput; loaded: LoadedProject | null } {
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
      const read = readHostFileSync(absolutePath, display(absolutePath));
      if (isUnavailable(read)) {
        problems.push({ file: display(absolutePath), message: read.unavailable });
        files.set(absolutePath, { path: display(absolutePath), present: false });
      } else {
        files.set(absolutePath, read);
      }
    }
    for (const absolutePath of newEnvFiles) {
      const read = readDotEnvText(absolutePath);
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
