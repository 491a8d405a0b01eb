import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Stand-in host tools in a directory put first on PATH: each logs its runs (name, arguments, pid) to `<dir>/runs`,
 * then runs `body` with its arguments in "$*". For tests that watch which commands dockdoc starts, and when.
 */
export async function standInTool(dir: string, name: string, body: string): Promise<void> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\necho "${name} $* $$" >> "${dir}/runs"\n${body}\n`);
  await chmod(file, 0o755);
}

/** The runs logged so far, one line each: `name arguments... pid`. */
export async function standInRuns(dir: string): Promise<string[]> {
  return (await readFile(path.join(dir, 'runs'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

/** Polls `condition` every 50 ms until it holds or `ms` have passed; whether it held. */
export async function until(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) if (await condition()) return true;
  return condition();
}
