import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { BUSYBOX_PATH, commandPath } from './availability.js';

/** Name the harness imports the image under, in every daemon. */
export const BUSYBOX_IMAGE = 'dockdoc/busybox:test';

/** Served by `httpd -f -p 80 -h /www` in the image. */
export const BUSYBOX_INDEX_HTML = 'dockdoc busybox image\n';

/** Applets linked in /bin: a shell, servers and clients for traffic tests, and network inspection tools. */
const APPLETS = [
  'sh', 'httpd', 'nc', 'wget', 'sleep', 'cat', 'echo', 'ls', 'ip', 'ifconfig', 'route', 'netstat',
  'nslookup', 'ping', 'hostname', 'env', 'ps', 'kill', 'true', 'false', 'mkdir', 'sysctl',
];

/** Builds the rootfs (static busybox plus applet links) and returns it as a tar stream for `docker import -`. */
async function buildRootfsTar(): Promise<Uint8Array> {
  const workDirectory = mkdtempSync(join(tmpdir(), 'dockdoc-busybox-'));
  try {
    const rootfs = join(workDirectory, 'rootfs');
    for (const directory of ['bin', 'www', 'tmp', 'etc']) mkdirSync(join(rootfs, directory), { recursive: true });
    copyFileSync(BUSYBOX_PATH, join(rootfs, 'bin', 'busybox'));
    for (const applet of APPLETS) symlinkSync('busybox', join(rootfs, 'bin', applet));
    writeFileSync(join(rootfs, 'www', 'index.html'), BUSYBOX_INDEX_HTML);
    const tar = await execa(commandPath('tar'), ['-C', rootfs, '-c', '.'], { encoding: 'buffer', stdin: 'ignore' });
    return tar.stdout;
  } finally {
    rmSync(workDirectory, { recursive: true, force: true });
  }
}

let cachedTar: Promise<Uint8Array> | undefined;

/** The rootfs tar, built once per test process (every daemon imports the same bytes). */
export function busyboxRootfsTar(): Promise<Uint8Array> {
  cachedTar ??= buildRootfsTar();
  return cachedTar;
}
