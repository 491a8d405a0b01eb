import type { ComposeProjectInput, HostFile } from '../snapshot/schema.js';

/**
 * What a project's `include:` and `extends.file` name, as the loader asks for it by absolute path. `undefined`
 * means "not gathered" (an older snapshot, or a reference found after the gatherer's last round): the loader then
 * says it did not follow the reference instead of guessing.
 */
export interface LinkedSources {
  file(absolutePath: string): HostFile | undefined;
  /** Variables of an env file of an included project, `null` when the file does not exist. */
  envFile(absolutePath: string): Record<string, string> | null | undefined;
}

/** The linked files and env files a gathered project carries. */
export function linkedSourcesOf(input: ComposeProjectInput): LinkedSources {
  const files = new Map((input.linkedFiles ?? []).map((linked) => [linked.absolutePath, linked.file]));
  const envFiles = new Map((input.linkedEnvFiles ?? []).map((env) => [env.absolutePath, env.present ? env.variables : null]));
  return { file: (absolutePath) => files.get(absolutePath), envFile: (absolutePath) => envFiles.get(absolutePath) };
}

/** References the loader needed and the sources did not hold: what the gatherer reads in its next round. */
export interface MissingSources {
  files: Set<string>;
  envFiles: Set<string>;
}
