import type { InputProblem } from '../engine/types.js';
import { FileRefusedError } from '../files/readRegular.js';
import { DEFAULT_GATHER_TIMEOUT_MS } from '../gather/options.js';
import { loadComposeYamlReaderFor } from '../compose/yaml-tree.js';
import { readySnapshotBytes } from '../snapshot/io.js';
import type { Snapshot } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';
import { BUNDLE_MAGIC, parseBundle, type Bundle } from './format.js';
import { claimEarlyInputRead, readInputFile } from './inputFile.js';

/**
 * A snapshot (`dockdoc snapshot -o`) or a bundle (the output of `dockdoc gather-script`'s script) as a snapshot: what
 * `check --snapshot`, `snapshot --from`, `lint --snapshot`, `pools --snapshot` and `fleet` read. Which one it is, is
 * told by the first bytes. Any problem comes back with file:line:col for DD001; throws only when a chunk it loads
 * cannot be loaded (io.ts readySnapshot).
 */
export async function loadSnapshotOrBundle(path: string): Promise<Snapshot | InputProblem> {
  let bytes: Buffer;
  try {
    // The command line's file may have been read while the program loaded (src/cli/entry.ts): the same read, begun earlier.
    bytes = await (claimEarlyInputRead(path) ?? readInputFile(path));
  } catch (error) {
    return { file: path, message: `cannot read snapshot: ${error instanceof FileRefusedError ? error.reason : describeError(error)}` };
  }
  if (!isBundle(bytes)) return await readySnapshotBytes(path, bytes);
  const bundle = parseBundle(path, bytes);
  if (!('records' in bundle)) return bundle;
  const snapshot = await snapshotFromBundle(bundle);
  await loadComposeYamlReaderFor(snapshot);
  return snapshot;
}

/** A bundle starts with its magic line; a snapshot is JSON. */
export function isBundle(bytes: Buffer): boolean {
  return bytes.subarray(0, BUNDLE_MAGIC.length + 1).toString('latin1') === `${BUNDLE_MAGIC} `;
}

/**
 * The snapshot the live gatherers would have built on the bundle's host: the same gatherers, asking the bundle
 * instead of the host (src/bundle/hostIo.ts), so the same parsing and the same redaction (src/gather/redact.ts)
 * apply. Host name and time are the bundle's. The gatherers are loaded here, not with `check --snapshot`: a snapshot
 * file needs none of them.
 */
export async function snapshotFromBundle(bundle: Bundle): Promise<Snapshot> {
  const [{ gatherSnapshot }, { bundleHostIo }] = await Promise.all([import('../gather/snapshot.js'), import('./hostIo.js')]);
  const gathered = await gatherSnapshot({ root: '/', timeoutMs: DEFAULT_GATHER_TIMEOUT_MS, io: bundleHostIo(bundle) });
  return { ...gathered, takenAt: new Date(bundle.header['taken-at']!).toISOString(), host: { hostname: bundle.header['hostname']! } };
}
