import os from 'node:os';
import { SNAPSHOT_SCHEMA_VERSION, type Facts, type Snapshot } from '../snapshot/schema.js';
import { TOOL_VERSION } from '../version.js';

/** A snapshot of this host, taken now, holding these facts (every gatherer's, or the few `pools` reads). */
export function snapshotOf(facts: Facts): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'dockdoc', version: TOOL_VERSION },
    takenAt: new Date().toISOString(),
    host: { hostname: os.hostname() },
    facts,
  };
}
