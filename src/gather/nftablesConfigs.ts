import path from 'node:path';
import { isUnavailable, type Fact } from '../snapshot/fact.js';
import type { HostFile, NftablesConfigFilesFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';

/** RHEL's nftables.service runs `nft -f /etc/sysconfig/nftables.conf`; Debian's reads /etc/nftables.conf. */
const SYSCONFIG = '/etc/sysconfig/nftables.conf';
const DEBIAN = '/etc/nftables.conf';
/** nft's include search path for relative names (nft(8), "INCLUDE FILES"). */
const INCLUDE_DIR = '/etc';
/** A config that includes itself, or thousands of files, must not hold the gatherer up. */
const MAX_FILES = 64;

const INCLUDE = /^\s*include\s+"([^"]+)"/gm;

/**
 * /etc/sysconfig/nftables.conf and every file `include`d (recursively, globs in the last path component) from it or
 * from /etc/nftables.conf, so a `flush ruleset` in any of them is seen. /etc/nftables.conf itself is its own fact.
 */
export async function gatherNftablesConfigFiles(root: string, io: HostIo = LIVE_HOST_IO): Promise<Fact<NftablesConfigFilesFact>> {
  const files: HostFile[] = [];
  const seen = new Set<string>([DEBIAN]);
  const debian = await io.readFile(hostPath(root, DEBIAN), DEBIAN, 'hostFile');
  if (isUnavailable(debian)) return debian;
  const queue: string[] = [SYSCONFIG, ...includesOf(debian)];
  while (queue.length > 0 && files.length < MAX_FILES) {
    const name = queue.shift()!;
    for (const file of await expand(root, name, io)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const read = await io.readFile(hostPath(root, file), file, 'hostFile');
      if (isUnavailable(read)) return read;
      if (read.present || file === SYSCONFIG) files.push(read);
      queue.push(...includesOf(read));
    }
  }
  return { files };
}

function includesOf(file: HostFile): string[] {
  if (!file.present || !file.text) return [];
  return [...file.text.matchAll(INCLUDE)].map((m) => (path.isAbsolute(m[1]!) ? m[1]! : path.join(INCLUDE_DIR, m[1]!)));
}

/** `/etc/nftables/*.nft` → the matching files, sorted as nft loads them. */
async function expand(root: string, name: string, io: HostIo): Promise<string[]> {
  const base = path.basename(name);
  if (!/[*?[]/.test(base)) return [name];
  const dir = path.dirname(name);
  const pattern = new RegExp(`^${base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const names = await io.listDir(hostPath(root, dir));
  return names.filter((n) => pattern.test(n)).sort().map((n) => path.join(dir, n));
}
