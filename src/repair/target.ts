import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitCommand } from '../daemon/unitFlags.js';
import { hostPath } from '../gather/hostPath.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { RestartTarget } from './plan.js';

export interface RestartOptions {
  /** Host root, as for gathering (--root). */
  root: string;
  /** dockerd's --pidfile: restart that process instead of asking systemd. */
  pidfile?: string;
  /** How to start dockerd again (one command line, split like systemd's ExecStart=); default: its own command line. */
  start?: string;
  /** Where the restarted dockerd writes its output (default /dev/null: under systemd the journal has it). */
  log?: string;
}

/** The command line of a process, or null when it is gone (or not ours to read). */
function commandLineOf(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
  } catch {
    return null;
  }
}

/**
 * How to restart dockerd on this host: the process named by --dockerd-pidfile (for dockerd not run by systemd, such as
 * a test daemon in a network namespace), else systemd's docker.service when systemd runs the host, else nothing.
 */
export function resolveRestartTarget(snapshot: Snapshot, options: RestartOptions): RestartTarget {
  if (options.pidfile !== undefined) {
    let pid: number;
    try {
      pid = Number(readFileSync(options.pidfile, 'utf8').trim());
    } catch (error) {
      return { kind: 'none', why: `cannot read ${options.pidfile}: ${(error as Error).message}` };
    }
    const running = Number.isInteger(pid) && pid > 0 ? commandLineOf(pid) : null;
    if (!running || path.basename(running[0] ?? '') !== 'dockerd') {
      return { kind: 'none', why: `${options.pidfile} names pid ${pid}, which is not a running dockerd` };
    }
    const start = options.start !== undefined ? splitCommand(options.start) : running;
    if (start.length === 0) return { kind: 'none', why: '--dockerd-start is empty' };
    return { kind: 'pidfile', pidfile: options.pidfile, pid, start, log: options.log ?? '/dev/null' };
  }
  const unit = available(snapshot.facts.systemdUnits)?.units['docker.service'];
  if (unit && existsSync(hostPath(options.root, '/run/systemd/system'))) return { kind: 'systemd', unit: 'docker.service' };
  return {
    kind: 'none',
    why: 'systemd does not run docker.service on this host; give --dockerd-pidfile (and --dockerd-start when its command line is not enough to start it again)',
  };
}
