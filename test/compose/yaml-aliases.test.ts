import { describe, expect, it } from 'vitest';
import { ComposeFileError, parseComposeYaml, type ComposeNode } from '../../src/compose/yaml-tree.js';
import { growthOnFourTimesTheInput } from '../support/growth.js';

// Issue 10: `npm run fuzz` found a 68 KB compose file of some 15,000 aliases that took 10.8 s to lint: resolving
// each alias walked the whole document again. Aliases are now resolved in one walk; what they resolve to is the same.

/** `count` aliases of one anchor, ten to a line, under an anchor defined once. */
function manyAliases(count: number): string {
  const lines = ['x-net: &net {driver: bridge}'];
  for (let i = 0; i < count / 10; i++) lines.push(`x-${i}: [${Array.from({ length: 10 }, () => '*net').join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const plain = (node: ComposeNode): unknown =>
  node.kind === 'scalar' ? node.value : node.kind === 'seq' ? node.items.map(plain) : Object.fromEntries([...node.entries].map(([key, entry]) => [key, plain(entry.value)]));

describe('compose YAML aliases', () => {
  it('each resolves to the last anchor of its name written before it', () => {
    const text = ['a: &x one', 'b: *x', 'c: &x {k: two}', 'd: *x', 'e: [&y three, *y, *x, &x four, *x]', ''].join('\n');
    expect(parseComposeYaml('c.yml', text).map(plain)).toEqual([{ a: 'one', b: 'one', c: { k: 'two' }, d: { k: 'two' }, e: ['three', 'three', { k: 'two' }, 'four', 'four'] }]);
  });

  it('keep the position of the anchored value they repeat', () => {
    const [root] = parseComposeYaml('c.yml', manyAliases(20));
    const alias = root!.entries.get('x-1')!.value;
    expect(alias.kind === 'seq' && alias.items[9]).toMatchObject({ kind: 'map', at: { line: 1, column: 13 } });
  });

  it('an unknown one, or one inside its own anchor, is still an error at the alias', () => {
    const error = (text: string) => {
      try {
        parseComposeYaml('c.yml', text);
      } catch (thrown) {
        return thrown instanceof ComposeFileError ? { message: thrown.message, at: thrown.at } : thrown;
      }
      return null;
    };
    expect(error('a: *x\nb: &x 1\n')).toEqual({ message: 'unknown alias *x', at: { line: 1, column: 4 } });
    expect(error('a: &x [1, *x]\n')).toMatchObject({ message: expect.stringContaining('after expanding aliases'), at: { line: 1, column: 1 } });
  });

  it('a chain of anchors each repeating the one before is refused as an alias bomb, as the fuzzed file was', () => {
    const levels = Array.from({ length: 8 }, (_, i) => `a${i}: &a${i} [${Array.from({ length: 10 }, () => (i === 0 ? 'x' : `*a${i - 1}`)).join(', ')}]`);
    expect(() => parseComposeYaml('c.yml', `${levels.join('\n')}\n`)).toThrow('more than 1000000 values after expanding aliases (an alias bomb?); dockdoc refuses the file');
  });

  // From 4,000 aliases up: at 1,000 a parse is too short to time (ratios of 6-7 on an idle machine, over 10 under load).
  it('are resolved in time linear in their number (4 times the aliases: about 4 times the time; 16 when it was quadratic)', () => {
    expect(growthOnFourTimesTheInput(manyAliases, (text) => parseComposeYaml('c.yml', text), 4_000, 10, 9)).toBeLessThan(10);
  });
});
