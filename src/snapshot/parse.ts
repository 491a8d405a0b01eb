import { JsonSyntaxError, parseJsonWithPositions } from '../daemon/json.js';
import type { InputProblem } from '../engine/types.js';
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
  const tooLarge = overCap('snapshot', text);
  if (tooLarge) return { file: path, line: 1, column: 1, message: tooLarge };
  if (text.trim() === '') return { file: path, message: 'the snapshot file is empty (write one with `dockdoc snapshot -o FILE`)' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const error = syntaxError(text);
    return { file: path, ...error, message: `not a JSON snapshot: ${error.message}` };
  }
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
    const at = positionOfPath(text, violation.segments);
    return { file: path, ...(at ? { line: at.line, column: at.column } : {}), message: `not a valid snapshot: ${violation.message}` };
  }
  return snapshot as unknown as Snapshot;
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
