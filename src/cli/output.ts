import { writeFileAtomically } from '../files/atomicWrite.js';

/** Colour only for a terminal, and never when NO_COLOR is set; FORCE_COLOR forces it (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream, toFile: boolean): boolean {
  if (toFile) return false;
  if (process.env['NO_COLOR']) return false;
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY);
}

/** The report to stdout, or to -o FILE, written atomically. */
export async function emit(text: string, outputFile: string | undefined): Promise<void> {
  if (outputFile) await writeFileAtomically(outputFile, text);
  else process.stdout.write(text);
}
