import type { InputProblem } from '../engine/types.js';
import { capMessage, INPUT_CAPS } from '../limits/caps.js';

/**
 * The bundle the agentless gather script (src/bundle/gather.sh) writes, documented in docs/bundle.md. Version 1:
 *
 * ```
 * dockdoc-bundle 1                       the first line: the format and its version
 * hostname web01                         header lines, `key value`, until the first record
 * taken-at 2026-12-05T07:00:00Z
 * @file present 42 0 /etc/docker/daemon.json
 * <42 bytes of the file><0 bytes of error text>
 * @run 0 1234 0 iptables-save -w
 * <1234 bytes of stdout><0 bytes of stderr>
 * @end
 * ```
 *
 * Every record is one header line `@KIND STATUS OUT-BYTES ERR-BYTES KEY`, then exactly OUT-BYTES and ERR-BYTES of raw
 * bytes, then a newline. The lengths make any content (binary, no final newline, lines starting with @) safe, and a
 * record of an unknown kind can be skipped, so a newer script's bundle stays readable. `@end` says the script ran to
 * its end: a bundle cut off (a full disk, a killed ssh session) is refused, not read as a host with less in it.
 */
export const BUNDLE_MAGIC = 'dockdoc-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

/** A script writes about 150 records; far more is not a bundle the script wrote. */
export const MAX_BUNDLE_RECORDS = 20_000;

export const RECORD_KINDS = ['file', 'dir', 'lstat', 'run', 'engine'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface BundleRecord {
  kind: string;
  /** file: present | absent | unreadable; dir: present | absent; lstat: link | present | absent; run, engine: an exit status | not-found | timeout. */
  status: string;
  /** The path, the command line, or the engine question. */
  key: string;
  /** The file's text, the directory's names (one a line), the link's target, or the command's stdout. */
  out: string;
  /** Why a file could not be read, or the command's stderr. */
  err: string;
  /** Where the record's header line is in the bundle, for DD001. */
  line: number;
}

export interface Bundle {
  version: number;
  /** The header lines: hostname, taken-at, script (its dockdoc version), docker-host, step-timeout. */
  header: Record<string, string>;
  records: BundleRecord[];
}

const NEWLINE = 0x0a;

/** Reads a bundle; any problem comes back with the line and column where it is, for DD001. Never throws. */
export function parseBundle(file: string, bytes: Buffer): Bundle | InputProblem {
  const problem = (line: number, column: number, message: string): InputProblem => ({ file, line, column, message: `not a valid bundle: ${message}` });
  if (bytes.length > INPUT_CAPS.bundle) return { file, line: 1, column: 1, message: capMessage('bundle') };
  let offset = 0;
  let line = 0;
  /** The next line, without its newline, or null at the end of the bundle. */
  const nextLine = (): string | null => {
    if (offset >= bytes.length) return null;
    const end = bytes.indexOf(NEWLINE, offset);
    const stop = end === -1 ? bytes.length : end;
    const text = bytes.toString('utf8', offset, stop);
    offset = end === -1 ? bytes.length : end + 1;
    line += 1;
    return text;
  };
  const first = nextLine();
  const magic = /^dockdoc-bundle (\d+)$/.exec(first ?? '');
  if (!magic) return problem(1, 1, `the first line must be "${BUNDLE_MAGIC} ${BUNDLE_FORMAT_VERSION}" (write a bundle with the script \`dockdoc gather-script\` prints)`);
  const version = Number(magic[1]);
  if (version !== BUNDLE_FORMAT_VERSION) {
    return problem(1, BUNDLE_MAGIC.length + 2, `bundle format version ${magic[1]} is not supported by this dockdoc (it reads version ${BUNDLE_FORMAT_VERSION})`);
  }
  const header: Record<string, string> = {};
  const records: BundleRecord[] = [];
  for (;;) {
    const text = nextLine();
    if (text === null) return problem(line + 1, 1, 'the bundle ends before its `@end` line: the gather script did not finish (was it stopped, or its output cut off?)');
    if (text === '@end') break;
    if (!text.startsWith('@')) {
      if (records.length > 0) return problem(line, 1, 'expected a record line starting with @ after the previous record');
      const field = /^([a-z][a-z0-9-]*) (.*)$/.exec(text);
      if (!field) return problem(line, 1, 'a header line is `key value` (lower-case key, one space)');
      header[field[1]!] = field[2]!;
      continue;
    }
    const fields = /^@([a-z][a-z0-9-]*) (\S+) (\d{1,10}) (\d{1,10}) (.+)$/.exec(text);
    if (!fields) return problem(line, 1, 'a record line is `@KIND STATUS OUT-BYTES ERR-BYTES KEY`');
    if (records.length >= MAX_BUNDLE_RECORDS) return problem(line, 1, `more than ${MAX_BUNDLE_RECORDS} records; the gather script writes a few hundred`);
    const outBytes = Number(fields[3]);
    const errBytes = Number(fields[4]);
    const recordLine = line;
    if (offset + outBytes + errBytes + 1 > bytes.length) {
      const column = 1 + fields[1]!.length + 1 + fields[2]!.length + 2;
      return problem(line, column, `the record says ${outBytes} + ${errBytes} bytes follow, but the bundle ends before that`);
    }
    const out = bytes.toString('utf8', offset, offset + outBytes);
    const err = bytes.toString('utf8', offset + outBytes, offset + outBytes + errBytes);
    const end = offset + outBytes + errBytes;
    for (let at = bytes.indexOf(NEWLINE, offset); at !== -1 && at < end; at = bytes.indexOf(NEWLINE, at + 1)) line += 1;
    offset = end;
    if (bytes[offset] !== NEWLINE) return problem(line + 1, 1, `the ${outBytes} + ${errBytes} bytes of the record on line ${recordLine} must be followed by a newline`);
    // The content's last line ends with that newline.
    offset += 1;
    line += 1;
    records.push({ kind: fields[1]!, status: fields[2]!, key: fields[5]!, out, err, line: recordLine });
  }
  if (typeof header['hostname'] !== 'string') return problem(2, 1, 'the header has no `hostname` line');
  if (typeof header['taken-at'] !== 'string' || Number.isNaN(Date.parse(header['taken-at']))) return problem(2, 1, 'the header has no `taken-at` line with a date');
  return { version, header, records };
}

/** The bytes of a bundle: what the gather script writes, for tests and for tools that build bundles. */
export function serializeBundle(bundle: Omit<Bundle, 'version'>): Buffer {
  const parts: Buffer[] = [Buffer.from(`${BUNDLE_MAGIC} ${BUNDLE_FORMAT_VERSION}\n`)];
  for (const [key, value] of Object.entries(bundle.header)) parts.push(Buffer.from(`${key} ${value}\n`));
  for (const record of bundle.records) {
    const out = Buffer.from(record.out);
    const err = Buffer.from(record.err);
    parts.push(Buffer.from(`@${record.kind} ${record.status} ${out.length} ${err.length} ${record.key}\n`), out, err, Buffer.from('\n'));
  }
  parts.push(Buffer.from('@end\n'));
  return Buffer.concat(parts);
}
