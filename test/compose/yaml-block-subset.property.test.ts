import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBlockSubset } from '../../src/compose/yaml-block-subset.js';
import { parseWithLibrary } from '../../src/compose/yaml-library.js';
import { DEFAULT_YAML_LIMITS, type ComposeNode, type MapNode } from '../../src/compose/yaml-tree.js';

// The block-subset reader must give exactly the trees the yaml library's path gives (values, key order, and the
// line:column of every key and value), for every text it accepts; everything else it must leave to the library.

/** A tree as plain data, with key order kept and numbers spelled so that -0, NaN and Infinity compare exactly. */
function plain(node: ComposeNode): unknown {
  const base = { file: node.file, at: `${node.at.line}:${node.at.column}`, tag: node.tag };
  if (node.kind === 'map') return { ...base, map: [...node.entries].map(([key, entry]) => [key, entry.key, `${entry.keyAt.line}:${entry.keyAt.column}`, plain(entry.value)]) };
  if (node.kind === 'seq') return { ...base, seq: node.items.map(plain) };
  const value = typeof node.value === 'number' ? `number ${Object.is(node.value, -0) ? '-0' : String(node.value)}` : node.value;
  return { ...base, value };
}

const plainTrees = (trees: MapNode[]) => trees.map(plain);

/** The library's trees, or its error as text. */
function library(text: string): unknown {
  try {
    return plainTrees(parseWithLibrary('c.yml', text));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

// ---- documents of the subset, written in the styles compose files use ----

type Tree = { map: [string, Tree][] } | { seq: Tree[] } | { flow: Scalar[] } | Scalar | null;
interface Scalar {
  scalar: string;
  quote: '' | '"' | "'";
}

/** Plain scalars YAML's core schema reads as something else than a string, and strings that look like them. */
const SPECIAL = ['null', 'Null', 'NULL', '~', 'true', 'True', 'FALSE', 'false', 'yes', 'on', 'off', 'no', '0o17', '0o8', '0x1F', '0xg', '007', '-12', '+3', '-0', '1.5', '1.', '.5', '1.0', '-1.50', '1e3', '1E-3', '.1e+2', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '12345678901234567890', '1_000', '0b101', '1:30', '10.1.0.0/16', 'fd00::/64', '::1', 'nulls', 'trueish', 'NaN', 'Infinity'];

const plainStart = fc.constantFrom(...'abzAZ09_./~+$(é中'.split(''), '😀', '-a', '-1', ':b', '::1', '?c', '-:', 'x');
const blockPlainBody = fc.string({ unit: fc.constantFrom(...'ab Z9_-./~+$(){}[],:!&*|>%@`\'"#é中😀'.split(''), '😀'), maxLength: 12 });
const flowPlainBody = fc.string({ unit: fc.constantFrom(...'ab Z9_-./~+$()!&*|>%@`\'"é中'.split('')), maxLength: 8 });

/** A plain scalar the subset reads: no `: `, no ` #`, no trailing `:` or space. */
function plainScalar(body: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...SPECIAL),
    fc.tuple(plainStart, body).map(([start, rest]) => {
      const text = (start + rest)
        .replace(/: /g, ':x')
        .replace(/ #/g, ' x')
        .replace(/[: ]+$/, '');
      // `-`, `?` and `:` start a plain scalar only before a non-space.
      return /^[-?:]( |$)/.test(text) ? `x${text}` : text;
    }),
  );
}

const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 3, arbitrary: plainScalar(blockPlainBody).map((s) => ({ scalar: s, quote: '' as const })) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'a 1:#-\'[]{},&*!é'.split('')), maxLength: 8 }).map((s) => ({ scalar: s, quote: '"' as const })) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'a 1:#-"\'[]{},&*!\\é'.split('')), maxLength: 8 }).map((s) => ({ scalar: s, quote: "'" as const })) },
);

const flowItem: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 3, arbitrary: plainScalar(flowPlainBody).filter((s) => !/[:#,[\]{}]/.test(s) && !/^-[ ,]/.test(s)).map((s) => ({ scalar: s, quote: '' as const })) },
  { weight: 1, arbitrary: scalar.filter((s) => s.quote !== '') },
);

const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('services', 'networks', 'ipam', 'config', 'subnet', 'gateway', 'name', 'web', 'db', 'driver', 'external', 'x-a', '1', '80', 'true', 'null', '~', '1.50', '0x10', 'a.b', 'net-1', 'é') },
  { weight: 1, arbitrary: plainScalar(blockPlainBody).filter((s) => !s.includes('#') && s !== '<<').map((s) => s) },
);

const { tree } = fc.letrec<{ tree: Tree; map: Tree; seq: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(flowItem, { maxLength: 4 }).map((items) => ({ flow: items })) },
    { weight: 2, arbitrary: tie('map') },
    { weight: 2, arbitrary: tie('seq') },
  ),
  map: fc.uniqueArray(fc.tuple(key, tie('tree')), { minLength: 1, maxLength: 4, selector: ([k]) => k, comparator: sameKey }).map((entries) => ({ map: entries })),
  seq: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }).map((items) => ({ seq: items })),
}));

const keyNames = new Map<string, string>();

/** The key as the converter names it when written plain (`1.50` is `1.5`, `~` is ''). */
function keyName(source: string): string {
  let name = keyNames.get(source);
  if (name === undefined) {
    const [root] = parseWithLibrary('k.yml', `${source}: x`);
    name = [...root!.entries.keys()][0]!;
    keyNames.set(source, name);
  }
  return name;
}

/** Keys one map cannot hold both of, whether each is written plain or quoted (quoteKey). */
function sameKey(a: string, b: string): boolean {
  const names = new Set([a, keyName(a)]);
  return names.has(b) || names.has(keyName(b));
}

/** How a document is written: indentation, where sequences go, comments, spacing. */
interface Style {
  indent: number;
  indentless: boolean;
  compactItems: boolean;
  gap: string;
  comment: boolean;
  blank: boolean;
  flowSpace: string;
}

const style: fc.Arbitrary<Style> = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  indentless: fc.boolean(),
  compactItems: fc.boolean(),
  gap: fc.constantFrom(' ', '  '),
  comment: fc.boolean(),
  blank: fc.boolean(),
  flowSpace: fc.constantFrom('', ' '),
});

function scalarText(s: Scalar): string {
  if (s.quote === '"') return `"${s.scalar.replace(/"/g, '')}"`;
  if (s.quote === "'") return `'${s.scalar.replace(/'/g, "''")}'`;
  return s.scalar;
}

function quoteKey(source: string, salt: number): string {
  if (/["'\\]/.test(source)) return source;
  if (salt % 5 === 0) return `"${source}"`;
  if (salt % 7 === 0) return `'${source}'`;
  return source;
}

/** Inline text of a leaf (scalar, flow sequence), or null for a block collection. */
function inline(node: Tree, s: Style): string | null {
  if (node === null) return '';
  if ('scalar' in node) return scalarText(node);
  if ('flow' in node) return node.flow.length === 0 ? `[${s.flowSpace}]` : `[${s.flowSpace}${node.flow.map(scalarText).join(`,${s.flowSpace === '' ? '' : ' '}`)}${s.flowSpace}]`;
  return null;
}

function write(node: Tree, column: number, s: Style, lines: string[], counter: { n: number }): void {
  const pad = ' '.repeat(column);
  const note = (): string => (s.comment && ++counter.n % 3 === 0 ? `${s.gap}# note ${counter.n}: a: b` : '');
  const extra = (): void => {
    if (s.blank && counter.n % 4 === 1) lines.push(counter.n % 8 === 1 ? '' : ' '.repeat(counter.n % 5));
    if (s.comment && counter.n % 5 === 2) lines.push(`${' '.repeat(counter.n % 7)}# between`);
  };
  if (node !== null && 'map' in node) {
    for (const [k, value] of node.map) {
      counter.n++;
      extra();
      const head = `${pad}${quoteKey(k, counter.n)}:`;
      const text = inline(value, s);
      if (text !== null) {
        lines.push(text === '' ? head + (counter.n % 2 ? '' : s.gap) + note() : `${head}${s.gap}${text}${note()}`);
      } else {
        lines.push(head + note());
        const child = value as { map: [string, Tree][] } | { seq: Tree[] };
        write(value, 'seq' in child && s.indentless ? column : column + s.indent, s, lines, counter);
      }
    }
  } else if (node !== null && 'seq' in node) {
    for (const item of node.seq) {
      counter.n++;
      extra();
      const text = inline(item, s);
      if (text !== null) {
        lines.push(text === '' ? `${pad}-${counter.n % 2 ? '' : ' '}${note()}` : `${pad}- ${text}${note()}`);
      } else if ('map' in item! && s.compactItems) {
        // `- key: value`, the rest of the mapping under the first key.
        const inner: string[] = [];
        write(item, column + 2, s, inner, counter);
        const first = inner.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
        lines.push(...inner.slice(0, first), `${pad}- ${inner[first]!.slice(column + 2)}`, ...inner.slice(first + 1));
      } else {
        lines.push(`${pad}-${note()}`);
        write(item, column + s.indent + 1, s, lines, counter);
      }
    }
  }
}

const document = fc.tuple(fc.uniqueArray(fc.tuple(key, tree), { minLength: 1, maxLength: 5, selector: ([k]) => k, comparator: sameKey }), style, fc.integer({ min: 0, max: 2 }), fc.boolean());

function render([entries, s, rootIndent, finalNewline]: [[string, Tree][], Style, number, boolean]): string {
  const lines: string[] = [];
  write({ map: entries }, rootIndent, s, lines, { n: 0 });
  return lines.join('\n') + (finalNewline ? '\n' : '');
}

describe('readBlockSubset', () => {
  it('reads every generated document of the subset, and gives the trees the yaml library gives (property)', () => {
    fc.assert(
      fc.property(document, (generated) => {
        const text = render(generated);
        const subset = readBlockSubset('c.yml', text, DEFAULT_YAML_LIMITS);
        expect(subset, text).not.toBeNull();
        expect(plainTrees(subset!), text).toEqual(library(text));
      }),
      { numRuns: 600 },
    );
  });

  it('gives the library\'s trees for every text it accepts, whatever the text (property)', () => {
    const unit = fc.constantFrom(...'ab1 :-#"\'[]{},&*!|>%@`~.\\\t\r\n'.split(''), '\n  ', '\n- ', ': ', '- ', ' #', '---', 'null', '0x1', '.5');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        const subset = readBlockSubset('c.yml', text, DEFAULT_YAML_LIMITS);
        if (subset) expect(plainTrees(subset), JSON.stringify(text)).toEqual(library(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the library\'s trees for every compose fixture it accepts, and accepts most of them', () => {
    const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));
    const texts: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(name) && /compose|realworld/.test(full)) texts.push(readFileSync(full, 'utf8'));
      }
    };
    walk(root);
    let accepted = 0;
    for (const text of texts) {
      const subset = readBlockSubset('c.yml', text, DEFAULT_YAML_LIMITS);
      if (!subset) continue;
      accepted++;
      expect(plainTrees(subset), text).toEqual(library(text));
    }
    expect(texts.length).toBeGreaterThan(20);
    expect(accepted).toBeGreaterThan(texts.length / 2);
  });

  it('leaves to the library what lies outside the subset', () => {
    const outside = [
      'a: &x 1\nb: *x',
      'a: {b: 1}',
      'a: !reset null',
      'a: |\n  text',
      'a: >-\n  text',
      'a: b\n  c',
      'a: "b\n  c"',
      'a: "b\\tc"',
      'a: [b,\n  c]',
      '%YAML 1.2\n---\na: 1',
      'a: 1\n---\nb: 2',
      'a: 1\n...',
      'a:\tb',
      'a: b\r\nc: d',
      '\ufeffa: b',
      'a: 1\na: 2',
      '<<: {}',
      '? a\n: b',
      '- a',
      'just text',
      '',
      '# only a comment',
      'a: b: c',
      'a: - b',
      '- - a',
      'a: [b, c,]',
      'a: [b: c]',
      Array.from({ length: 30 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n') + ' v',
    ];
    for (const text of outside) expect(readBlockSubset('c.yml', text, DEFAULT_YAML_LIMITS), JSON.stringify(text)).toBeNull();
  });
});
