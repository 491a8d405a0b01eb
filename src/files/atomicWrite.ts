import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes a file so that a reader (node_exporter's textfile collector, a CI step, a fleet collector) never sees it
 * half written: a temporary file in the same directory, then rename(2) over the target.
 */
export async function writeFileAtomically(path: string, text: string, mode = 0o644): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, text, { encoding: 'utf8', mode });
  await rename(temporary, path);
}
