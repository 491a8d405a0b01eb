import { parseJsonWithPositions, type JsonNode } from '../daemon/json.js';
import { splitCommand } from '../daemon/unitFlags.js';
import type { Unavailable } from '../snapshot/fact.js';
import type { HostFile } from '../snapshot/schema.js';
import type { TextPosition } from '../text/position.js';

/**
 * What a redacted secret becomes, in place, on the same line: line numbers (and the columns of everything before
 * it) stay as they were, so findings on a redacted file point where they pointed on the original.
 */
export const REDACTED = '<redacted>';

/**
 * Environment= variables whose values a rule reads (moby reads them at start-up; docs/snapshot.md lists them).
 * Every other variable keeps its name and loses its value.
 */
export const KEPT_ENVIRONMENT = ['DOCKER_INSECURE_NO_IPTABLES_RAW', 'DOCKER_IPTABLES_SCTP_CHECKSUM'] as const;

/** Proxy variables keep their address, which says where traffic goes, and lose any user:password in it. */
const PROXY_ENVIRONMENT = /^(https?_proxy|no_proxy|all_proxy|ftp_proxy)$/i;

/** A host file read by a gatherer, with its text redacted (absent and unavailable files pass through). */
export function redactHostFile<F extends HostFile | Unavailable>(file: F, redact: (text: string) => string): F {
  return 'text' in file && typeof file.text === 'string' ? { ...file, text: redact(file.text) } : file;
}

/** daemon.json keys whose string values are credentials wherever they appear. */
const SECRET_KEY = /(password|passwd|secret|token|credential|auth|api-?key|private-?key)/i;

/** `scheme://user:password@host`: the userinfo goes, the scheme and host stay. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"]+@/gi;
const HAS_URL_USERINFO = new RegExp(URL_USERINFO.source, 'i');

function redactUrlUserinfo(text: string): string {
  return text.replace(URL_USERINFO, `$1${REDACTED}@`);
}

/**
 * daemon.json without its secrets: every `log-opts` value (the log drivers' tokens and passwords live there, and no
 * rule reads them), every string under a key that names a credential, and the user:password of any URL (proxies,
 * registry mirrors). Keys, structure and every other value stay, so the file parses (or fails to) exactly as before.
 */
export function redactDaemonJson(text: string): string {
  let root: JsonNode;
  try {
    root = parseJsonWithPositions(text);
  } catch {
    // Not JSON: the rules report where it breaks, so the text stays; values after a credential key go all the same.
    return redactUrlUserinfo(text.replace(/("[^"\n]*"\s*:\s*)"((?:[^"\\\n]|\\.)*)"/g, (whole, key: string) => (SECRET_KEY.test(key) ? `${key}"${REDACTED}"` : whole)));
  }
  const redactions: { at: TextPosition; replacement: (literal: string) => string }[] = [];
  const visit = (node: JsonNode, redactAll: boolean): void => {
    if (node.kind === 'object') {
      for (const entry of node.entries) visit(entry.value, redactAll || entry.key === 'log-opts' || SECRET_KEY.test(entry.key));
    } else if (node.kind === 'array') {
      for (const item of node.items) visit(item, redactAll);
    } else if (node.kind === 'string') {
      if (redactAll) redactions.push({ at: node.at, replacement: () => `"${REDACTED}"` });
      else if (HAS_URL_USERINFO.test(node.value)) redactions.push({ at: node.at, replacement: redactUrlUserinfo });
    }
  };
  visit(root, false);
  return replaceStringLiterals(text, redactions);
}

/** Replaces the JSON string literals that start at the given positions, last first so earlier offsets hold. */
function replaceStringLiterals(text: string, redactions: { at: TextPosition; replacement: (literal: string) => string }[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const spans = redactions.map(({ at, replacement }) => {
    const start = lineStarts[at.line - 1]! + at.column - 1;
    let end = start + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    return { start, end: end + 1, replacement };
  });
  let result = text;
  for (const span of spans.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, span.start) + span.replacement(result.slice(span.start, span.end)) + result.slice(span.end);
  }
  return result;
}

/**
 * A systemd unit file without its secrets: each Environment= assignment keeps its name, and its value only when a
 * rule needs it (KEPT_ENVIRONMENT) or it is a proxy address (without user:password); `--log-opt` values on command
 * lines go (a splunk-token can be passed that way), and so does the user:password of any URL. Every line stays on its
 * line, so ExecStart=, PartOf= and the dockdoc hook's marker read as before.
 */
export function redactUnitFile(text: string): string {
  const lines = text.split('\n');
  let inEnvironment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const environment = /^(\s*Environment\s*=\s*)(.*)$/.exec(line);
    if (environment || inEnvironment) {
      const [prefix, body] = environment ? [environment[1]!, environment[2]!] : ['', line];
      const continued = body.endsWith('\\');
      lines[i] = prefix + redactAssignments(continued ? body.slice(0, -1) : body) + (continued ? ' \\' : '');
      inEnvironment = continued;
      continue;
    }
    lines[i] = redactUrlUserinfo(line.replace(/(--log-opt(?:=|\s+))("[^"]*"|'[^']*'|\S+)/g, (_whole, flag: string, option: string) => `${flag}${redactLogOpt(option)}`));
  }
  return lines.join('\n');
}

/** `key=value` of a --log-opt (quoted or not): the key stays, the value goes. */
function redactLogOpt(option: string): string {
  const quote = /^["']/.test(option) ? option[0]! : '';
  const bare = quote ? option.slice(1, -1) : option;
  const equals = bare.indexOf('=');
  return equals === -1 ? option : `${quote}${bare.slice(0, equals + 1)}${REDACTED}${quote}`;
}

/** Environment= assignments as systemd splits them, written back quoted, values redacted as the unit doc says. */
function redactAssignments(body: string): string {
  return splitCommand(body)
    .map((word) => {
      const equals = word.indexOf('=');
      if (equals === -1) return quoteWord(word);
      const name = word.slice(0, equals);
      const value = word.slice(equals + 1);
      if ((KEPT_ENVIRONMENT as readonly string[]).includes(name)) return quoteWord(word);
      if (PROXY_ENVIRONMENT.test(name)) return quoteWord(`${name}=${redactUrlUserinfo(value)}`);
      return quoteWord(`${name}=${value === '' ? '' : REDACTED}`);
    })
    .join(' ');
}

function quoteWord(word: string): string {
  return /[\s"'\\]/.test(word) ? `"${word.replace(/(["\\])/g, '\\$1')}"` : word;
}
