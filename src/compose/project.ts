import path from 'node:path';
import type { ComposeProjectInput } from '../snapshot/schema.js';
import { extractNetworking } from './extract.js';
import { linkedSourcesOf, type LinkedSources, type MissingSources } from './linked-sources.js';
import { loadModel, type LoadRecord } from './load-tree.js';
import type { ComposeLoadFailure, ComposeProject } from './model.js';
import { applyProfiles } from './profiles.js';
import { ProjectNameError, resolveProjectName } from './project-name.js';
import { ComposeFileError, scalarText } from './yaml-tree.js';

/** A project as loaded: its networking model, or why compose would refuse it. */
export type LoadedProject = ComposeProject | ComposeLoadFailure;

/**
 * Loads a compose project as compose would before creating anything: each file parsed (every YAML document),
 * reduced to its networking part, interpolated with the project's variables, its includes and extends followed,
 * merged in `-f` order, then the services of inactive profiles set aside.
 */
export function loadComposeProject(input: ComposeProjectInput, sources: LinkedSources = linkedSourcesOf(input)): ComposeProject | ComposeLoadFailure {
  return loadWithRecord(input, sources).result;
}

/** The load and the references it could not resolve from `sources` (the gatherer reads those and loads again). */
export function loadWithRecord(input: ComposeProjectInput, sources: LinkedSources): { result: ComposeProject | ComposeLoadFailure; missing: MissingSources } {
  const lookup = (name: string): string | undefined => (Object.hasOwn(input.variables, name) ? input.variables[name] : undefined);
  const record: LoadRecord = { unset: [], unfollowed: [], missing: { files: new Set(), envFiles: new Set() }, topLevelKeys: new Set() };
  try {
    const files = input.files.map((file) => ({ absolutePath: null, file }));
    const merged = loadModel(files, { workingDir: path.resolve(input.workingDir), lookup, sources, record, includeChain: [] });
    if (record.topLevelKeys.size === 0) {
      throw new ComposeFileError('empty compose file: compose refuses to load a project without any content', input.files[0]?.path ?? input.workingDir, { line: 1, column: 1 });
    }
    const nameNode = merged.entries.get('name')?.value;
    const { name } = resolveProjectName({
      commandLine: input.nameOverride,
      environment: lookup('COMPOSE_PROJECT_NAME') ?? null,
      fromFiles: nameNode?.kind === 'scalar' ? scalarText(nameNode) : null,
      workingDir: input.workingDir,
    });
    const { enabled, disabled } = applyProfiles(merged, input.profiles ?? []);
    const { networks, endpoints, emptyAddresses, deployments } = extractNetworking(enabled, name, { networksMayBeMissing: record.unfollowed.length > 0 });
    return {
      missing: record.missing,
      result: {
        name,
        networks,
        deployments,
        endpoints,
        unsetVariables: record.unset.map(({ name: variable, file, line, column }) => ({ name: variable, location: { file, line, column } })),
        unfollowed: record.unfollowed,
        disabledServices: disabled,
        emptyAddresses,
      },
    };
  } catch (error) {
    if (error instanceof ComposeFileError) {
      return { missing: record.missing, result: { message: error.message, location: { file: error.file, line: error.at.line, column: error.at.column } } };
    }
    if (error instanceof ProjectNameError) {
      return { missing: record.missing, result: { message: error.message, location: { file: input.files[0]?.path ?? input.workingDir, line: 1, column: 1 } } };
    }
    throw error;
  }
}

export function isLoadFailure(result: ComposeProject | ComposeLoadFailure): result is ComposeLoadFailure {
  return 'message' in result;
}
