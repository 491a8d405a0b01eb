import type { FleetReport } from '../fleet/summary.js';
import { hostsByWorst } from '../fleet/summary.js';
import { TOOL_VERSION } from '../version.js';
import { jsonFinding } from './json.js';

export interface FleetJsonContext {
  directory: string;
  /** Entries of the directory that are not host files. */
  ignored: readonly string[];
}

/** The fleet JSON contract (docs/fleet.md), schemaVersion 1: each host's part is `check --format json`'s. */
export function renderFleetJson(fleet: FleetReport, context: FleetJsonContext): string {
  const findings = { error: 0, warning: 0, info: 0 };
  for (const host of fleet.hosts) for (const severity of ['error', 'warning', 'info'] as const) findings[severity] += host.report.summary[severity];
  const document = {
    schemaVersion: 1,
    tool: { name: 'dockdoc', version: TOOL_VERSION },
    directory: context.directory,
    hosts: fleet.hosts.map((host) => ({
      name: host.name,
      file: host.file,
      read: host.read,
      ...(host.hostname !== undefined ? { hostname: host.hostname } : {}),
      ...(host.takenAt !== undefined ? { takenAt: host.takenAt } : {}),
      ...(host.engine !== undefined ? { engine: host.engine } : {}),
      worst: host.worst,
      findings: host.report.findings.map(jsonFinding),
      skipped: host.report.skipped,
      summary: host.report.summary,
    })),
    shared: fleet.shared,
    ignoredFiles: context.ignored,
    summary: {
      hosts: fleet.hosts.length,
      unread: fleet.hosts.filter((host) => !host.read).length,
      engineUnreached: fleet.hosts.filter((host) => host.engine !== undefined && 'unavailable' in host.engine).length,
      withSkippedChecks: fleet.hosts.filter((host) => host.report.skipped.length > 0).length,
      worst: hostsByWorst(fleet.hosts),
      findings,
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
