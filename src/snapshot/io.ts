import { loadComposeYamlReaderFor } from '../compose/yaml-tree.js';
import type { InputProblem } from '../engine/types.js';
import { writeFileAtomically } from '../files/atomicWrite.js';
import { FileRefusedError, readRegularFile } from '../files/readRegular.js';
import { INPUT_CAPS } from '../limits/caps.js';
import { describeError } from '../text/errors.js';
import type { Snapshot } from './schema.js';

/** Reads a snapshot written by `dockdoc snapshot`; problems come back with file:line:col for DD001. */
export async function loadSnapshot(path: string): Promise<Snapshot | InputProblem> {
  let text: string;
  try {
    text = await readRegularFile(path, { maxBytes: INPUT_CAPS.snapshot, overCap: 'truncate' });
  } catch (error) {
    return { file: path, message: `cannot read snapshot: ${error instanceof FileRefusedError ? error.reason : describeError(error)}` };
  }
  return await readySnapshot(path, text);
}

/**
 * A snapshot's text parsed and checked, with what the rules will need to read it loaded: the schema validator (a
 * lazy chunk of 310 KB: a live run reads no snapshot) and, when the snapshot carries compose projects, the yaml
 * library. Throws only when one of those chunks cannot be loaded (a broken install: the command fails with that
 * error, as it did when the command's own chunk could not be loaded).
 */
export async function readySnapshot(path: string, text: string): Promise<Snapshot | InputProblem> {
  const { parseSnapshot } = await import('./parse.js');
  return await withReadersLoaded(parseSnapshot(path, text));
}

/** readySnapshot of a file's bytes as read, given back once parsed (parse.ts parseSnapshotBytes). */
export async function readySnapshotBytes(path: string, bytes: Buffer): Promise<Snapshot | InputProblem> {
  const { parseSnapshotBytes } = await import('./parse.js');
  return await withReadersLoaded(parseSnapshotBytes(path, bytes));
}

async function withReadersLoaded(parsed: Snapshot | InputProblem): Promise<Snapshot | InputProblem> {
  if (!isInputProblem(parsed)) await loadComposeYamlReaderFor(parsed);
  return parsed;
}

/** Owner-only: a snapshot is redacted, but it still maps the host's networks and firewall. */
export async function saveSnapshot(snapshot: Snapshot, path: string): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(snapshot, null, 2)}\n`, 0o600);
}

export function isInputProblem(value: Snapshot | InputProblem): value is InputProblem {
  return 'message' in value && !('facts' in value);
}
