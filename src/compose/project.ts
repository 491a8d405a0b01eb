import type { ComposeProjectInput } from '../snapshot/schema.js';
import { extractNetworking } from './extract.js';
import { applyResets, mergeComposeTrees } from './merge.js';
import type { ComposeLoadFailure, ComposeProject } from './model.js';
import { interpolateTree, networkingSubtree, type UnsetVariable } from './networking-subtree.js';
import { ProjectNameError, resolveProjectName } from './project-name.js';
import { ComposeFileError, parseComposeYaml, scalarText, type MapNode } from './yaml-tree.js';

const EMPTY_PROJECT: MapNode = { kind: 'map', file: '', at: { line: 1, column: 1 }, tag: null, entries: new Map() };

/**
 * Loads a compose project as compose would before creating anything: each file parsed (every YAML document),
 * reduced to its networking part, interpolated with the project's variables, then merged in `-f` order.
 */
export function loadComposeProject(input: ComposeProjectInput): ComposeProject | ComposeLoadFailure {
  const lookup = (name: string): string | undefined => (Object.hasOwn(input.variables, name) ? input.variables[name] : undefined);
  const unset: UnsetVariable[] = [];
  try {
    let merged = EMPTY_PROJECT;
    for (const file of input.files) {
      if (!file.present || file.text === undefined) throw new ComposeFileError('file not found', file.path, { line: 1, column: 1 });
      for (const document of parseComposeYaml(file.path, file.text)) {
        const own = interpolateTree(networkingSubtree(document), lookup, unset);
        merged = mergeComposeTrees(applyResets(merged, own), own);
      }
    }
    const nameNode = merged.entries.get('name')?.value;
    const { name } = resolveProjectName({
      commandLine: input.nameOverride,
      environment: lookup('COMPOSE_PROJECT_NAME') ?? null,
      fromFiles: nameNode?.kind === 'scalar' ? scalarText(nameNode) : null,
      workingDir: input.workingDir,
    });
    const { networks, endpoints } = extractNetworking(merged, name);
    return {
      name,
      networks,
      endpoints,
      unsetVariables: unset.map(({ name: variable, file, line, column }) => ({ name: variable, location: { file, line, column } })),
    };
  } catch (error) {
    if (error instanceof ComposeFileError) {
      return { message: error.message, location: { file: error.file, line: error.at.line, column: error.at.column } };
    }
    if (error instanceof ProjectNameError) {
      return { message: error.message, location: { file: input.files[0]?.path ?? input.workingDir, line: 1, column: 1 } };
    }
    throw error;
  }
}

export function isLoadFailure(result: ComposeProject | ComposeLoadFailure): result is ComposeLoadFailure {
  return 'message' in result;
}
