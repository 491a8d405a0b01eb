import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME, SYSTEM_CONFIG_PATH } from './schema.js';

/**
 * Finds the configuration: --config, else `.dockdoc.yml` in the working directory or the nearest parent
 * (so a repository's CI lint picks up the repository's file), else /etc/dockdoc/.dockdoc.yml, else defaults.
 * Apart from the reading (src/config/load.ts) because that needs the yaml parser, and most runs find no file.
 */
export function locateConfig(explicit: string | undefined, cwd: string): string | null {
  if (explicit) return explicit;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  return existsSync(SYSTEM_CONFIG_PATH) ? SYSTEM_CONFIG_PATH : null;
}
