import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The standalone executable (scripts/build-standalone.mjs) is Node's single executable application: the files dockdoc
 * ships (package.json, data/, docs/rules/) are assets inside it, not files next to the code. `node:sea` exists from
 * Node 20.12; on older Node (18.19 runs the npm build) there is no `getBuiltinModule` and so no single executable.
 */
function embeddedAssets(): typeof import('node:sea') | null {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const sea = getBuiltin?.('node:sea') as typeof import('node:sea') | undefined;
  return sea?.isSea() ? sea : null;
}

const ASSETS = embeddedAssets();

/** True in the standalone executable: it is the whole command (no script path after the Node binary). */
export const STANDALONE: boolean = ASSETS !== null;

/**
 * The package's root directory (package.json, docs/). The bundle lives in dist/, the sources the tests run in src/:
 * look one and two levels up. In the standalone executable there is none: its files are assets.
 */
function findPackageRoot(): string | null {
  if (ASSETS) return null;
  for (const relative of ['../', '../../']) {
    const url = new URL(relative, import.meta.url);
    const manifest = new URL('package.json', url);
    if (!existsSync(manifest)) continue;
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
    if (parsed.name === 'dockdoc') return fileURLToPath(url);
  }
  throw new Error('dockdoc package.json not found next to the code');
}

const ROOT = findPackageRoot();

/** A file dockdoc ships, by its path in the package (`data/engine-go-versions.json`, `docs/rules/DD101.md`); null when it does not exist. */
export function readPackageFile(relative: string): string | null {
  if (ASSETS) {
    try {
      return ASSETS.getAsset(relative, 'utf8');
    } catch {
      // getAsset throws for a key that was not embedded.
      return null;
    }
  }
  const file = path.join(ROOT!, relative);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** Where a shipped file lies on disk, for links in reports (SARIF helpUri); null in the standalone executable, which has no such files. */
export function packageFilePath(relative: string): string | null {
  return ROOT === null ? null : path.join(ROOT, relative);
}

/** A file dockdoc cannot work without (its data): missing means a broken installation, not a host fault. */
export function requirePackageFile(relative: string): string {
  const text = readPackageFile(relative);
  if (text === null) throw new Error(`dockdoc's installation lacks ${relative}`);
  return text;
}

/** dockdoc's own version: one source of truth for --version, snapshots and reports. */
export const TOOL_VERSION: string = (JSON.parse(requirePackageFile('package.json')) as { version: string }).version;
