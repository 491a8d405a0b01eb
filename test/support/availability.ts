import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isStaticElf } from './elf.js';

export type Availability = { ok: true } | { ok: false; reason: string };

/** Commands the harness runs; each must be on PATH (or in an sbin directory, which non-login shells may omit). */
const REQUIRED_COMMANDS = [
  'dockerd',
  'containerd',
  'docker',
  'iptables',
  'iptables-save',
  'ip6tables-save',
  'iptables-restore',
  'ip',
  'nsenter',
  'unshare',
  'setpriv',
  'mount',
  'tar',
] as const;

export type RequiredCommand = (typeof REQUIRED_COMMANDS)[number];

/** The busybox copied into test images: Debian's busybox-static installs it here. */
export const BUSYBOX_PATH = '/bin/busybox';

const SBIN_DIRECTORIES = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function findOnPath(command: string): string | null {
  const directories = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN_DIRECTORIES];
  for (const directory of directories) {
    const candidate = join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** Absolute path of a required command; throws when it is missing (callers check availability first). */
export function commandPath(command: RequiredCommand): string {
  const found = findOnPath(command);
  if (found === null) throw new Error(`${command} not found on PATH`);
  return found;
}

function busyboxProblem(): string | null {
  try {
    accessSync(BUSYBOX_PATH, constants.X_OK);
  } catch {
    return `${BUSYBOX_PATH} missing (install busybox-static)`;
  }
  return isStaticElf(BUSYBOX_PATH) ? null : `${BUSYBOX_PATH} is not statically linked (install busybox-static)`;
}

function check(): Availability {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not root' };
  const missing = REQUIRED_COMMANDS.filter((command) => findOnPath(command) === null);
  if (missing.length > 0) return { ok: false, reason: `missing commands: ${missing.join(', ')}` };
  const busybox = busyboxProblem();
  return busybox === null ? { ok: true } : { ok: false, reason: busybox };
}

let cached: Availability | undefined;

/** Whether real-dockerd integration tests can run here: root, Linux, and every tool the harness uses. */
export function integrationAvailability(): Availability {
  cached ??= check();
  return cached;
}
