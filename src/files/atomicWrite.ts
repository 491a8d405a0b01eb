import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** A file dockdoc was asked to write and could not; the message names the user's path and the reason. */
export class WriteError extends Error {}

/** Exclusive creation that never follows a link: a name planted at the temporary path makes the open fail. */
const CREATE_EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes a file so that a reader (node_exporter's textfile collector, a CI step, a fleet collector) never sees it
 * half written, and so that no link redirects the write, even as root in a folder others can write to: a temporary
 * file with an unpredictable name, created exclusively in the destination's folder, then rename(2) over the target.
 * A symbolic link (or anything but a regular file) at the destination is refused rather than replaced or followed.
 */
export async function writeFileAtomically(destination: string, text: string, mode = 0o644): Promise<void> {
  await refuseNonRegularDestination(destination);
  const folder = path.dirname(destination);
  const temporary = path.join(folder, `.${path.basename(destination)}.${randomBytes(12).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temporary, CREATE_EXCLUSIVE, mode);
  } catch (error) {
    throw new WriteError(`cannot write ${destination}: ${reasonFor(error, folder)}`);
  }
  try {
    await handle.writeFile(text, 'utf8');
    await handle.close();
    await rename(temporary, destination);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw new WriteError(`cannot write ${destination}: ${reasonFor(error, folder)}`);
  }
}

async function refuseNonRegularDestination(destination: string): Promise<void> {
  let kind;
  try {
    kind = await lstat(destination);
  } catch {
    return; // Absent (or in a folder that is not there, which the open reports with its reason).
  }
  if (kind.isSymbolicLink()) throw new WriteError(`cannot write ${destination}: it is a symbolic link, and dockdoc never writes through one (remove it or name its target)`);
  if (!kind.isFile()) throw new WriteError(`cannot write ${destination}: it exists and is not a regular file`);
}

function reasonFor(error: unknown, folder: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `folder ${folder} does not exist`;
    case 'ENOTDIR':
      return `${folder} is not a folder`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied in folder ${folder}`;
    case 'EROFS':
      return `folder ${folder} is on a read-only file system`;
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EISDIR':
      return 'it is a folder';
    default:
      // Node's message ends with the syscall and the temporary name, which is not the user's business.
      return (error as Error).message.replace(/, \w+ '.*$/, '');
  }
}
