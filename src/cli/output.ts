import { rename, writeFile } from 'node:fs/promises';

/** Colour only for a terminal, and never when NO_COLOR is set; FORCE_COLOR forces it (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream, toFile: boolean): boolean {
  if (toFile) return false;
  if (process.env['NO_COLOR']) return false;
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY);
}

/**
 * Writes to -o FILE atomically (temp file in the same directory + rename), so a reader such as node_exporter's
 * textfile collector or a CI step never sees half a report.
 */
export async function emit(text: string, outputFile: string | undefined): Promise<void> {
  if (!outputFile) {
    process.stdout.write(text);
    return;
  }
  const temporary = `${outputFile}.tmp-${process.pid}`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, outputFile);
}
