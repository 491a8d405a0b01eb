import { JsonSyntaxError, parseJsonWithPositions } from '../daemon/json.js';
import type { InputProblem } from '../engine/types.js';
import { releaseBytes } from '../files/readRegular.js';
import { overCap } from '../limits/caps.js';
import { unavailable } from './fact.js';
import { SNAPSHOT_SCHEMA_VERSION, type Facts, type Snapshot } from './schema.js';
import { positionOfPath, schemaViolation } from './validate.js';

// Parsing a snapshot's text, with the generated schema validator: a chunk of its own, loaded (io.ts readySnapshot)
// only by the runs that read a snapshot.

const FACT_NAMES: (keyof Facts)[] = [
  'daemonConfig',
  'systemdUnits',
  'engine',
  'installedEngine',
  'swarm',
  'ingressSandbox',
  'iptables',
  'ip6tables',
  'savedRules',
  'routes',
  'addresses',
  'resolvConf',
  'sysctls',
  'nftablesConf',
  'nftRuleset',
  'firewallUnitStates',
  'firewalld',
  'nftablesConfigFiles',
  'nftInputChains',
  'compose',
];

export function parseSnapshot(path: string, text: string): Snapshot | InputProblem {
  return parseSnapshotText(path, () => text);
}

/**
 * parseSnapshot of a file's bytes as read (src/bundle/load.ts, through io.ts readySnapshotBytes), keeping as little as it can: the bytes are given back
 * once parsed, and their text (16 MB on a Kubernetes-sized host) lives only while JSON.parse reads it. Both were
 * otherwise kept to the end of the run: they outlive the start of V8's full collection that parsing sets off, and no
 * later one comes before the process exits. A violation of the schema decodes the text again to say where.
 */
export function parseSnapshotBytes(path: string, bytes: Buffer): Snapshot | InputProblem {
  try {
    return parseSnapshotText(path, () => bytes.toString('utf8'));
  } finally {
    releaseBytes(bytes);
  }
}

/** `textOf` gives the same text each time it is called. */
function parseSnapshotText(path: string, textOf: () => string): Snapshot | InputProblem {
  const parsed = jsonValueOf(path, textOf);
  if (!('value' in parsed)) return parsed;
  const { value } = parsed;
  if (!isRecord(value) || !isRecord(value['facts'])) {
    return { file: path, line: 1, column: 1, message: 'not a dockdoc snapshot: no "facts" object (write one with `dockdoc snapshot -o FILE`)' };
  }
  const version = value['schemaVersion'];
  if (typeof version === 'number' && version !== SNAPSHOT_SCHEMA_VERSION) {
    return {
      file: path,
      line: 1,
      column: 1,
      message: `snapshot schemaVersion ${version} is not supported by this dockdoc (it reads version ${SNAPSHOT_SCHEMA_VERSION})`,
    };
  }
  // Facts a snapshot does not carry are unavailable rather than absent, so the rules needing them are skipped, not passed.
  const facts: Record<string, unknown> = { ...value['facts'] };
  for (const name of FACT_NAMES) if (facts[name] === undefined) facts[name] = unavailable('not recorded in this snapshot');
  const snapshot = { ...value, facts };
  const violation = schemaViolation(snapshot);
  if (violation) {
    const at = positionOfPath(textOf(), violation.segments);
    return { file: path, ...(at ? { line: at.line, column: at.column } : {}), message: `not a valid snapshot: ${violation.message}` };
  }
  return snapshot as unknown as Snapshot;
}

/**
 * The snapshot's JSON value, or why there is none. Decoded from bytes (parseSnapshotBytes), the text is held by this
 * call's frame alone, so it is garbage as soon as JSON.parse returns: keep it that way (no text in a caller, a
 * closure or an object).
 */
function jsonValueOf(path: string, textOf: () => string): { value: unknown } | InputProblem {
  const text = textOf();
  const tooLarge = overCap('snapshot', text);
  if (tooLarge) return { file: path, line: 1, column: 1, message: tooLarge };
  if (text.trim() === '') return { file: path, message: 'the snapshot file is empty (write one with `dockdoc snapshot -o FILE`)' };
  try {
    return { value: JSON.parse(text) };
  } catch {
    const error = syntaxError(text);
    return { file: path, ...error, message: `not a JSON snapshot: ${error.message}` };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse says only "at position N": the positional parser says where, in line and column, and why. */
function syntaxError(text: string): { line?: number; column?: number; message: string } {
  try {
    parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ...error.at, message: error.message };
    throw error;
  }
  // The positional parser stops after the first value, as dockerd's decoder does; JSON.parse does not.
  return { message: 'unexpected content after the top-level value' };
}
