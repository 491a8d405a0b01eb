import { commandOutcome, type CommandResult } from '../gather/command.js';
import { hostFileFromText } from '../gather/hostFile.js';
import type { HostIo } from '../gather/hostIo.js';
import { unavailable } from '../snapshot/fact.js';
import { engineAnswersFromRecords } from './engine.js';
import type { Bundle, BundleRecord } from './format.js';
import { swarmAnswersFromRecords } from './swarm.js';

/** The answers a bundle gives, and the questions it had no record for (a script older than this dockdoc's gatherers). */
export interface BundleHostIo extends HostIo {
  readonly unanswered: string[];
}

/**
 * The host as the gather script recorded it: every question a gatherer asks is answered from the bundle's records,
 * so the gatherers build the snapshot they would build on that host. A file or command the bundle has no record of is
 * unavailable (named as such, so DD002 says it), never an empty answer; a directory listing or link check without a
 * record answers "nothing there" and is listed in `unanswered`.
 */
export function bundleHostIo(bundle: Bundle): BundleHostIo {
  const byKind = new Map<string, Map<string, BundleRecord>>();
  for (const record of bundle.records) {
    if (!byKind.has(record.kind)) byKind.set(record.kind, new Map());
    byKind.get(record.kind)!.set(record.key, record);
  }
  const lookup = (kind: string, key: string): BundleRecord | undefined => byKind.get(kind)?.get(key);
  const unanswered: string[] = [];
  const missing = (what: string): void => {
    unanswered.push(what);
  };
  return {
    unanswered,
    async readFile(path, recordedAs, kind) {
      const record = lookup('file', path);
      if (!record) {
        missing(`file ${path}`);
        return unavailable(`the bundle has no record of ${path} (made by an older gather script?)`);
      }
      if (record.status === 'present') return hostFileFromText(record.out, path, recordedAs, kind);
      if (record.status === 'absent') return { path: recordedAs, present: false };
      return unavailable(`cannot read ${path}: ${record.err.trim() || record.status}`);
    },
    async run(file, args, _timeoutMs, options = {}) {
      const command = [file, ...args].join(' ');
      const record = lookup('run', command);
      if (!record) {
        missing(`run ${command}`);
        return unavailable(`the bundle has no record of \`${command}\` (made by an older gather script?)`);
      }
      return commandOutcome(file, args, commandResultOf(record, bundle.header['step-timeout']), options);
    },
    async listDir(path) {
      const record = lookup('dir', path);
      if (!record) missing(`dir ${path}`);
      return record?.status === 'present' ? record.out.split('\n').filter(Boolean) : [];
    },
    async exists(path) {
      const record = lookup('lstat', path);
      if (!record) missing(`lstat ${path}`);
      return record?.status === 'present' || record?.status === 'link';
    },
    async readLink(path) {
      const record = lookup('lstat', path);
      if (!record) missing(`lstat ${path}`);
      return record?.status === 'link' ? record.out : null;
    },
    async queryEngineInfo() {
      return unavailable('not shared from a bundle: its engine and swarm questions each have their own record');
    },
    async queryEngine() {
      return engineAnswersFromRecords(byKind.get('engine') ?? new Map(), bundle.header['docker-host'] ?? 'the default socket');
    },
    async querySwarm() {
      return swarmAnswersFromRecords(byKind.get('engine') ?? new Map(), bundle.header['docker-host'] ?? 'the default socket');
    },
  };
}

/** A recorded command as runBounded would have returned it on that host. */
function commandResultOf(record: BundleRecord, stepTimeout: string | undefined): CommandResult {
  const base = { stdout: record.out, stderr: record.err, signal: null };
  if (record.status === 'not-found') return { ...base, exitCode: null, stopped: { reason: 'not-found', detail: 'not found in PATH' } };
  if (record.status === 'timeout') {
    return { ...base, exitCode: null, stopped: { reason: 'timeout', detail: `timed out after ${stepTimeout ?? '?'} s in the gather script` } };
  }
  return { ...base, exitCode: /^\d+$/.test(record.status) ? Number(record.status) : null, stopped: null };
}
