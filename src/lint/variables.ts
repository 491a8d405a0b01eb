import { parseDotEnv } from '../compose/dotenv.js';
import { networkingSubtree, variablesReferenced } from '../compose/networking-subtree.js';
import { parseComposeYaml } from '../compose/yaml-tree.js';
import type { HostFile } from '../snapshot/schema.js';

/** Variables compose itself reads, whether or not a file mentions them. */
const COMPOSE_OWN_VARIABLES = ['COMPOSE_PROJECT_NAME'];

/** Names the networking part of the files can read; files that do not parse reference nothing (DD001 reports them). */
export function referencedNames(files: readonly HostFile[]): Set<string> {
  const names = new Set<string>(COMPOSE_OWN_VARIABLES);
  for (const file of files) {
    // Without a dollar sign a file references no variable: no need to parse it here.
    if (!file.present || file.text === undefined || !file.text.includes('$')) continue;
    try {
      for (const document of parseComposeYaml(file.path, file.text)) variablesReferenced(networkingSubtree(document), names);
    } catch {
      continue;
    }
  }
  return names;
}

/**
 * The project's variables as compose sees them: the .env file's values, overridden by the environment (compose
 * gives the shell precedence), kept only for the names the files reference so a snapshot carries no unrelated
 * secrets. Throws DotEnvError for a .env compose would refuse.
 */
export function projectVariables(
  names: ReadonlySet<string>,
  dotEnvText: string | null,
  environment: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const lookup = (name: string): string | undefined => environment[name];
  const fromFile = dotEnvText === null ? {} : parseDotEnv(dotEnvText, lookup);
  const variables: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const value = environment[name] ?? (Object.hasOwn(fromFile, name) ? fromFile[name] : undefined);
    if (value !== undefined) variables[name] = value;
  }
  return variables;
}
