import type { SystemdUnitsFact } from '../snapshot/schema.js';

export interface DockerdCommandLine {
  /** The file (fragment or drop-in) holding the effective ExecStart=. */
  file: string;
  args: string[];
  /** Long flags as dockerd parses them: --name=value, --name value, and bare boolean flags. */
  flags: { name: string; value: string | null }[];
}

/**
 * The ExecStart= that systemd will run for docker.service: drop-ins apply after the fragment, and an
 * empty `ExecStart=` clears the list, which is how drop-ins replace dockerd's flags.
 */
export function dockerdCommandLine(units: SystemdUnitsFact): DockerdCommandLine | null {
  const unit = units.units['docker.service'];
  if (!unit) return null;
  let effective: { file: string; line: string } | null = null;
  for (const file of [unit.fragment, ...unit.dropIns]) {
    if (!file?.text) continue;
    for (const line of unitLines(file.text)) {
      const match = /^ExecStart\s*=\s*(.*)$/.exec(line);
      if (!match) continue;
      effective = match[1]!.trim() === '' ? null : { file: file.path, line: match[1]!.trim() };
    }
  }
  if (!effective) return null;
  const args = splitCommand(effective.line.replace(/^[-@:+!]+/, ''));
  return { file: effective.file, args, flags: parseFlags(args.slice(1)) };
}

/** Logical lines of a unit file: comments dropped, backslash continuations joined. */
function unitLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (pending === '' && /^\s*[#;]/.test(line)) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push((pending + line).trim());
    pending = '';
  }
  if (pending) lines.push(pending.trim());
  return lines;
}

/** systemd's command-line splitting: whitespace, single and double quotes, backslash escapes. */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** dockerd's long flags. A value that does not start with "-" after a bare flag is taken as its value. */
function parseFlags(args: string[]): DockerdCommandLine['flags'] {
  const flags: DockerdCommandLine['flags'] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.push({ name: arg.slice(2, eq), value: arg.slice(eq + 1) });
    } else if (i + 1 < args.length && !args[i + 1]!.startsWith('-')) {
      flags.push({ name: arg.slice(2), value: args[++i]! });
    } else {
      flags.push({ name: arg.slice(2), value: null });
    }
  }
  return flags;
}
