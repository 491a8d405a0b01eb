import { Chalk, type ChalkInstance } from 'chalk';
import type { Severity } from '../engine/types.js';
import { headlines, hostsByWorst, type FleetHost, type FleetReport } from '../fleet/summary.js';
import { counted } from '../text/plural.js';
import { plural } from './area.js';

export interface FleetTextOptions {
  color: boolean;
  /** Every finding under its host, not only the headlines. */
  verbose: boolean;
  heading: string;
  /** How many checks a host runs, for "12 of 45 checks skipped". */
  ruleCount: number;
  /** Entries of the directory that are not host files. */
  ignored: readonly string[];
}

const HEADLINES_PER_HOST = 3;
const HOSTS_NAMED_PER_SHARED = 10;

const SEVERITY_MARK: Record<Severity, (c: ChalkInstance) => string> = {
  error: (c) => c.red('✗'),
  warning: (c) => c.yellow('!'),
  info: (c) => c.blue('•'),
};

/** One line per host (✗ / ! / ✓, worst severity, counts, engine state, headlines), then what many hosts share. */
export function renderFleetText(fleet: FleetReport, options: FleetTextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines = [c.bold(options.heading), ''];
  const nameWidth = Math.max(...fleet.hosts.map((host) => host.name.length));
  const countWidth = Math.max(...fleet.hosts.map((host) => countsText(host, options.ruleCount).length));
  for (const host of fleet.hosts) {
    lines.push(hostLine(c, host, nameWidth, countWidth, options.ruleCount));
    if (options.verbose) {
      for (const f of host.report.findings) lines.push(`    ${SEVERITY_MARK[f.severity](c)} ${f.ruleId} ${f.message}`);
      // A host not read skipped every check for that one reason, which its line already gives.
      if (host.read) for (const s of host.report.skipped) lines.push(`    ${c.dim(`- ${s.ruleId} skipped: ${s.reason}`)}`);
    }
  }
  if (fleet.shared.length > 0) {
    lines.push('', c.bold('Found on several hosts:'));
    const countWidthShared = String(fleet.shared[0]!.hosts.length).length;
    for (const shared of fleet.shared) {
      const named = shared.hosts.slice(0, HOSTS_NAMED_PER_SHARED).join(', ');
      const more = shared.hosts.length > HOSTS_NAMED_PER_SHARED ? `, … (${shared.hosts.length - HOSTS_NAMED_PER_SHARED} more)` : '';
      lines.push(
        `  ${String(shared.hosts.length).padStart(countWidthShared)} of ${fleet.hosts.length} ${SEVERITY_MARK[shared.severity](c)} ${c.bold(shared.ruleId)} ${shared.shape}: ${named}${more}`,
      );
    }
  }
  if (options.ignored.length > 0) lines.push('', c.dim(`Not read (not *.json or *.bundle): ${options.ignored.join(', ')}`));
  lines.push('', summaryLine(c, fleet));
  return `${lines.join('\n')}\n`;
}

function hostLine(c: ChalkInstance, host: FleetHost, nameWidth: number, countWidth: number, ruleCount: number): string {
  const skipped = host.report.skipped.length;
  const mark = !host.read || host.worst === 'error' ? c.red('✗') : host.worst === 'warning' || skipped > 0 ? c.yellow('!') : c.green('✓');
  const worst = host.read ? (host.worst ?? 'none') : 'unread';
  const start = `${mark} ${c.bold(host.name.padEnd(nameWidth))}  ${worst.padEnd(7)}  ${countsText(host, ruleCount).padEnd(countWidth)}`;
  if (!host.read) {
    const problem = host.report.findings[0]!;
    const at = problem.location?.line ? `:${problem.location.line}${problem.location.column ? `:${problem.location.column}` : ''}` : '';
    return `${start}  ${c.red(`not read: ${problem.message}`)} (${host.file}${at})`;
  }
  const said: string[] = [];
  if (host.engine !== undefined && 'unavailable' in host.engine) said.push(c.yellow(`engine not reached: ${host.engine.unavailable}`));
  const { shown, more } = headlines(host.report.findings.filter((f) => !(f.ruleId === 'DD002' && f.subject === 'fact:engine')), HEADLINES_PER_HOST);
  said.push(...shown);
  if (more > 0) said.push(`+${more} more`);
  return `${start}  ${said.join('; ') || 'no findings'}`;
}

/** "2 errors, 1 note; 12 of 45 checks skipped", or "no findings": zeros say nothing. */
function countsText(host: FleetHost, ruleCount: number): string {
  if (!host.read) return 'nothing checked';
  const { error, warning, info } = host.report.summary;
  const counts = [plural(error, 'error'), plural(warning, 'warning'), plural(info, 'note')].filter(Boolean).join(', ') || 'no findings';
  const skipped = host.report.skipped.length;
  return skipped > 0 ? `${counts}; ${skipped} of ${ruleCount} checks skipped` : counts;
}

function summaryLine(c: ChalkInstance, fleet: FleetReport): string {
  const byWorst = hostsByWorst(fleet.hosts.filter((host) => host.read));
  const unread = fleet.hosts.filter((host) => !host.read).length;
  const unreached = fleet.hosts.filter((host) => host.engine !== undefined && 'unavailable' in host.engine).length;
  const partial = fleet.hosts.filter((host) => host.read && host.report.skipped.length > 0).length;
  const parts = [
    `${byWorst.error} with errors`,
    `${byWorst.warning} with warnings`,
    `${byWorst.info + byWorst.none} without`,
    ...(unread > 0 ? [`${unread} not read`] : []),
    ...(unreached > 0 ? [`${unreached} whose engine was not reached`] : []),
  ];
  // A partial fleet must not read as a clean one.
  const notAllClear = unread + partial > 0 ? `; ${counted(unread + partial, 'host')} not fully checked, so this is not an all-clear` : '';
  const paint = byWorst.error > 0 || unread > 0 ? c.red : byWorst.warning > 0 || partial > 0 ? c.yellow : c.green;
  return paint(`Fleet: ${counted(fleet.hosts.length, 'host')}: ${parts.join(', ')}${notAllClear}`);
}
