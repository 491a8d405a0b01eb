import type { HostFile } from '../snapshot/schema.js';

/**
 * Whether the unit has a reload command once its fragment and drop-ins are applied in order: each ExecReload= adds a
 * command and an empty `ExecReload=` clears the list (systemd.service(5)). Comments and continuation lines count as
 * systemd counts them.
 */
export function unitReloads(files: readonly (HostFile | null)[]): boolean {
  let commands = 0;
  for (const file of files) {
    if (!file?.text) continue;
    for (const line of logicalLines(file.text)) {
      const match = /^ExecReload\s*=\s*(.*)$/.exec(line);
      if (match) commands = match[1]!.trim() === '' ? 0 : commands + 1;
    }
  }
  return commands > 0;
}

function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    if (pending === '' && /^\s*[#;]/.test(raw)) continue;
    const line = raw.trimEnd();
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push((pending + line).trim());
    pending = '';
  }
  return lines;
}
