import { NEWEST_KNOWN_ENGINE } from '../engine/version.js';
import type { SystemdUnitsFact } from '../snapshot/schema.js';
import { daemonKeyCatalogue } from './catalogue/index.js';

export interface DockerdCommandLine {
  /** The file (fragment or drop-in) holding the effective ExecStart=. */
  file: string;
  args: string[];
  /** Every flag occurrence, long names resolved from shorthands; value null for a boolean flag given bare. */
  flags: DockerdFlag[];
}

export interface DockerdFlag {
  name: string;
  value: string | null;
}

/** dockerd's one-letter flags (cmd/dockerd, 20.10 through 29): a unit may use them instead of the long names. */
export const DOCKERD_SHORTHANDS: Readonly<Record<string, string>> = {
  b: 'bridge',
  D: 'debug',
  g: 'graph',
  G: 'group',
  H: 'host',
  l: 'log-level',
  p: 'pidfile',
  r: 'restart',
  s: 'storage-driver',
};

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
  return { file: effective.file, args, flags: dockerdFlags(args.slice(1), isBooleanFlag) };
}

/** Logical lines of a unit file: comments dropped, backslash continuations joined. */
export function unitLines(text: string): string[] {
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

/** Which flags are boolean has not changed across releases for the flags units use; the newest catalogue says. */
function isBooleanFlag(name: string): boolean {
  return daemonKeyCatalogue(NEWEST_KNOWN_ENGINE).flags[name]?.bool ?? false;
}

/**
 * The flags on dockerd's command line, in order, long names resolved from shorthands.
 * pflag gives a non-boolean flag the next word as its value; `$VAR` words are environment expansions systemd
 * does at start, which a snapshot cannot know, so they are never taken as values.
 */
export function dockerdFlags(args: readonly string[], isBoolean: (name: string) => boolean): DockerdFlag[] {
  const flags: DockerdFlag[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const long = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    const short = /^-([a-zA-Z])(.*)$/.exec(arg);
    const name = long ? long[1]! : short ? DOCKERD_SHORTHANDS[short[1]!] : undefined;
    if (!name) continue;
    let value = long ? long[2] : short![2] || undefined;
    const next = args[i + 1];
    if (value === undefined && !isBoolean(name) && next !== undefined && !next.startsWith('-') && !next.startsWith('$')) {
      value = next;
      i++;
    }
    flags.push({ name, value: value ?? null });
  }
  return flags;
}
