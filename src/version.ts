import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The package's root directory (package.json, docs/). Compiled code lives in dist/src/, the sources the tests
 * run in src/: look one and two levels up.
 */
function findPackageRoot(): { root: string; version: string } {
  for (const relative of ['../', '../../']) {
    const url = new URL(relative, import.meta.url);
    const manifest = new URL('package.json', url);
    if (!existsSync(manifest)) continue;
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
    if (parsed.name === 'dockdoc') return { root: fileURLToPath(url), version: parsed.version };
  }
  throw new Error('dockdoc package.json not found next to the code');
}

const found = findPackageRoot();

/** dockdoc's own version: one source of truth for --version, snapshots and reports. */
export const TOOL_VERSION: string = found.version;
export const PACKAGE_ROOT: string = found.root;
