import type { Report, RunOptions } from '../engine/run.js';
import { reportOnLoaded } from '../engine/snapshotReport.js';
import type { Finding, Severity } from '../engine/types.js';
import { isUnavailable } from '../snapshot/fact.js';
import { isInputProblem } from '../snapshot/io.js';
import type { HostFile } from './hosts.js';

/** The engine as the host's snapshot records it: its version, or why it could not be reached (DD002 names the checks lost). */
export type EngineState = { version: string } | { unavailable: string };

export interface FleetHost {
  name: string;
  file: string;
  /** False when the file could not be read or parsed: its report is DD001 and every other check skipped. */
  read: boolean;
  /** From the snapshot; absent when it could not be read. */
  hostname?: string;
  takenAt?: string;
  engine?: EngineState;
  /** Exactly what `dockdoc check --snapshot FILE` reports with the same options. */
  report: Report;
  /** The most severe finding's severity, or null when there is none. */
  worst: Severity | null;
}

/** One finding shape (rule and headline) and the hosts it was found on. */
export interface SharedFinding {
  ruleId: string;
  title: string;
  /** The most severe of its findings (a severity override per host cannot differ, but a rule's result severity can). */
  severity: Severity;
  /** The message's first clause with host-specific values (addresses, numbers, IDs) masked as "…". */
  shape: string;
  hosts: string[];
}

export interface FleetReport {
  hosts: FleetHost[];
  /** Finding shapes on at least two hosts: the most severe first, then the most widespread. */
  shared: SharedFinding[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Runs the rules on every host file, as `check --snapshot` would on each, and finds what hosts have in common. */
export function fleetReport(hostFiles: readonly HostFile[], options: RunOptions): FleetReport {
  const hosts = hostFiles.map((host): FleetHost => {
    const { report, read } = reportOnLoaded(host.loaded, host.file, options);
    // Findings come most severe first.
    const worst = report.findings[0]?.severity ?? null;
    if (isInputProblem(host.loaded)) return { name: host.name, file: host.file, read, report, worst };
    const engine = host.loaded.facts.engine;
    return {
      name: host.name,
      file: host.file,
      read,
      hostname: host.loaded.host.hostname,
      takenAt: host.loaded.takenAt,
      engine: isUnavailable(engine) ? { unavailable: engine.unavailable } : { version: engine.version },
      report,
      worst,
    };
  });
  return { hosts, shared: sharedFindings(hosts) };
}

function sharedFindings(hosts: readonly FleetHost[]): SharedFinding[] {
  const groups = new Map<string, SharedFinding>();
  for (const host of hosts) {
    for (const finding of host.report.findings) {
      const shape = findingShape(finding.message);
      const key = `${finding.ruleId}\u0000${shape}`;
      const group = groups.get(key) ?? { ruleId: finding.ruleId, title: finding.title, severity: finding.severity, shape, hosts: [] };
      if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[group.severity]) group.severity = finding.severity;
      if (!group.hosts.includes(host.name)) group.hosts.push(host.name);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .filter((group) => group.hosts.length >= 2)
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        b.hosts.length - a.hosts.length ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.shape.localeCompare(b.shape),
    );
}

const MASKS: readonly RegExp[] = [
  /\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?/g, // IPv4 address or prefix
  /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:\/\d{1,3})?(?![\w:])/gi, // IPv6 address or prefix
  /\b(?:br-)?[0-9a-f]{12}(?:[0-9a-f]{52})?\b/g, // a network's bridge, a network or container ID
  /\b\d+\b/g, // counts, ports, versions
];

const SHAPE_LENGTH = 120;

/**
 * What a finding says, without what differs from host to host: the message's first clause ("Could not gather engine",
 * "live-restore is off", "Docker's chains are missing from the live iptables") with addresses, numbers and IDs masked.
 */
export function findingShape(message: string): string {
  // Trailing periods and spaces go with the clause's end: a clause cut at ": " after a period (".: ", "e.g.: ") would
  // otherwise end in one, and its own first clause stop before it, so the shape of a shape would differ.
  const clause = /^(.*?)(?::\s|\.\s|\.$|$)/s.exec(maskValues(message))![1]!.trim().replace(/[\s.]+$/, '');
  return clause.length > SHAPE_LENGTH ? `${clause.slice(0, SHAPE_LENGTH - 1)}…` : clause;
}

function maskValues(text: string): string {
  return MASKS.reduce((masked, mask) => masked.replace(mask, (match) => (match.startsWith('br-') ? 'br-…' : '…')), text);
}

/** A host's worst findings in a few words each: one per distinct shape, most severe first. */
export function headlines(findings: readonly Finding[], count: number): { shown: string[]; more: number } {
  const distinct: string[] = [];
  for (const finding of findings) {
    const headline = `${finding.ruleId} ${findingShape(finding.message)}`;
    if (!distinct.includes(headline)) distinct.push(headline);
  }
  return { shown: distinct.slice(0, count), more: Math.max(0, distinct.length - count) };
}

/** How many hosts have each worst severity (null: no finding at all). */
export function hostsByWorst(hosts: readonly FleetHost[]): Record<Severity | 'none', number> {
  const counts: Record<Severity | 'none', number> = { error: 0, warning: 0, info: 0, none: 0 };
  for (const host of hosts) counts[host.worst ?? 'none']++;
  return counts;
}
