import { accessSync, constants, statSync } from 'node:fs';
import { UsageError } from './exit.js';

/** Why a path cannot be used, in words (Node's messages repeat the path and the syscall). */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && REASONS[code]) ?? (error as Error).message;
}

/**
 * What a user names on the command line must exist: a missing --daemon-config is a typo to report (exit 2), not a
 * host without daemon.json. Defaults that are absent stay facts for the gatherers.
 */
export function requireReadableFile(flag: string, file: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(file).isDirectory();
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw new UsageError(`${flag} ${file}: ${reasonOf(error)}`);
  }
  if (isDirectory) throw new UsageError(`${flag} ${file}: is a directory, not a file`);
}

export function requireDirectory(flag: string, dir: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error) {
    throw new UsageError(`${flag} ${dir}: ${reasonOf(error)}`);
  }
  if (!isDirectory) throw new UsageError(`${flag} ${dir}: not a directory`);
}
