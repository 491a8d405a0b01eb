import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { Severity } from '../engine/types.js';
import { FileRefusedError, readRegularFileSync } from '../files/readRegular.js';
import { INPUT_CAPS, MAX_YAML_NESTING, overCap } from '../limits/caps.js';
import { tryPrefix } from '../net/prefix.js';
import { LineIndex } from '../text/position.js';
import { withoutStackTraces, yamlNestingOverflow } from '../text/yaml.js';
import { ruleIdValue } from './ruleId.js';
import { engineVersionValue, severityValue, type Checked } from './values.js';
import { DEFAULT_CONFIG, type DockdocConfig } from './schema.js';

export class ConfigError extends Error {}

export function loadConfig(file: string): DockdocConfig {
  let text: string;
  try {
    // Regular files only: a FIFO or device would block this synchronous read forever (a repository can commit a FIFO
    // as .dockdoc.yml).
    text = readRegularFileSync(file, { maxBytes: INPUT_CAPS.config, overCap: 'truncate' });
  } catch (error) {
    throw new ConfigError(`${file}: cannot read configuration: ${error instanceof FileRefusedError ? error.reason : (error as Error).message}`);
  }
  return parseConfig(file, text);
}

export function parseConfig(file: string, text: string): DockdocConfig {
  const tooLarge = overCap('config', text);
  if (tooLarge) throw new ConfigError(`${file}:1:1: ${tooLarge}`);
  const tooDeep = yamlNestingOverflow(text, MAX_YAML_NESTING);
  if (tooDeep !== null) {
    const { line, column } = new LineIndex(text).position(tooDeep);
    throw new ConfigError(`${file}:${line}:${column}: nested more than ${MAX_YAML_NESTING} levels deep; dockdoc refuses the file`);
  }
  const lineCounter = new LineCounter();
  // Duplicate settings are found below: the library's own check compares each key with every earlier one.
  const document = withoutStackTraces(() => parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false }));
  const where = (node: Node | null | undefined): string => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new ConfigError(`${file}:${line}:${col}: ${error.message.split('\n')[0]}`);
  }
  const config: DockdocConfig = { ...DEFAULT_CONFIG, path: file, thresholds: { ...DEFAULT_CONFIG.thresholds } };
  const root = document.contents;
  if (root === null) return config;
  if (!isMap(root)) throw new ConfigError(`${where(root)}: the configuration must be a mapping of settings`);
  const seen = new Set<string>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (seen.has(key)) throw new ConfigError(`${where(pair.key as Node)}: "${key}" is set twice`);
    seen.add(key);
    const value = pair.value as Node | null;
    const at = where(pair.key as Node);
    switch (key) {
      case 'failOn':
        config.failOn = severityOf(value, at);
        break;
      case 'failOnSkipped':
        config.failOnSkipped = booleanOf(value, at);
        break;
      case 'engineVersion':
        config.engineVersion = checked(engineVersionValue(scalarText(value, at)), where(value));
        break;
      case 'ignore':
        config.ignore = listOf(value, at).map((item) => ignoreEntryOf(item, where(item)));
        break;
      case 'severity':
        config.severity = Object.fromEntries(
          mapOf(value, at).items.map((p) => [ruleIdOf(p.key as Node, where(p.key as Node)), severityOf(p.value as Node, where(p.value as Node))]),
        );
        break;
      case 'reserved':
        config.reserved = listOf(value, at).map((item) => reservedOf(item, where(item)));
        break;
      case 'thresholds':
        for (const p of mapOf(value, at).items) {
          const name = isScalar(p.key) ? String(p.key.value) : '';
          if (name === 'minFreeSubnets') config.thresholds.minFreeSubnets = countOf(p.value as Node, where(p.value as Node));
          else if (name === 'overlayFillPercent') config.thresholds.overlayFillPercent = percentOf(p.value as Node, where(p.value as Node));
          else throw new ConfigError(`${where(p.key as Node)}: unknown threshold "${name}" (known: minFreeSubnets, overlayFillPercent)`);
        }
        break;
      default:
        throw new ConfigError(`${at}: unknown setting "${key}" (known: failOn, failOnSkipped, ignore, severity, reserved, thresholds, engineVersion)`);
    }
  }
  return config;
}

function scalarText(node: Node | null, at: string): string {
  if (!isScalar(node) || node.value === null) throw new ConfigError(`${at}: expected a value`);
  return String(node.value);
}

/** The value, or a ConfigError at file:line:col with the words the command line uses for the same mistake. */
function checked<T>(result: Checked<T>, at: string): T {
  if ('problem' in result) throw new ConfigError(`${at}: ${result.problem}`);
  return result.value;
}

function severityOf(node: Node | null, at: string): Severity {
  return checked(severityValue(scalarText(node, at)), at);
}

function ruleIdOf(node: Node | null, at: string): string {
  return checked(ruleIdValue(scalarText(node, at)), at);
}

function booleanOf(node: Node | null, at: string): boolean {
  if (!isScalar(node) || typeof node.value !== 'boolean') throw new ConfigError(`${at}: expected true or false`);
  return node.value;
}

function countOf(node: Node | null, at: string): number {
  const text = scalarText(node, at);
  if (!/^\d+$/.test(text)) throw new ConfigError(`${at}: expected a whole number, not "${text}"`);
  return Number(text);
}

function percentOf(node: Node | null, at: string): number {
  const value = countOf(node, at);
  if (value < 1 || value > 100) throw new ConfigError(`${at}: expected a percentage from 1 to 100, not ${value}`);
  return value;
}

function listOf(node: Node | null, at: string): Node[] {
  if (!isSeq(node)) throw new ConfigError(`${at}: expected a list`);
  return node.items as Node[];
}

function mapOf(node: Node | null, at: string): YAMLMap {
  if (!isMap(node)) throw new ConfigError(`${at}: expected a mapping`);
  return node;
}

function fieldsOf(node: Node, at: string, allowed: string[]): Record<string, Node> {
  const fields: Record<string, Node> = {};
  for (const pair of mapOf(node, at).items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!allowed.includes(name)) throw new ConfigError(`${at}: unknown field "${name}" (known: ${allowed.join(', ')})`);
    fields[name] = pair.value as Node;
  }
  return fields;
}

function ignoreEntryOf(node: Node, at: string) {
  if (isScalar(node)) return { rule: ruleIdOf(node, at) };
  const fields = fieldsOf(node, at, ['rule', 'subject']);
  if (!fields['rule']) throw new ConfigError(`${at}: an ignore entry needs "rule"`);
  const rule = ruleIdOf(fields['rule'], at);
  return fields['subject'] ? { rule, subject: scalarText(fields['subject'], at) } : { rule };
}

function reservedOf(node: Node, at: string) {
  const fields = isScalar(node) ? { cidr: node } : fieldsOf(node, at, ['cidr', 'name']);
  if (!fields['cidr']) throw new ConfigError(`${at}: a reserved range needs "cidr"`);
  const cidr = scalarText(fields['cidr'], at);
  if (!tryPrefix(cidr)) throw new ConfigError(`${at}: "${cidr}" is not a CIDR such as 10.8.0.0/16`);
  return { cidr, name: fields['name'] ? scalarText(fields['name'], at) : cidr };
}
