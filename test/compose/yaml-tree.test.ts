import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComposeFileError, parseComposeYaml, type ComposeNode, type MapNode } from '../../src/compose/yaml-tree.js';

function at(node: MapNode, ...path: (string | number)[]): ComposeNode {
  let current: ComposeNode = node;
  for (const step of path) {
    if (typeof step === 'number' && current.kind === 'seq') current = current.items[step]!;
    else if (typeof step === 'string' && current.kind === 'map') current = current.entries.get(step)!.value;
    else throw new Error(`no ${String(step)}`);
  }
  return current;
}

describe('parseComposeYaml', () => {
  const text = ['networks:', '  back:', '    ipam:', '      config:', '        - subnet: 10.1.0.0/16', '          gateway: "10.1.0.1"', ''].join('\n');

  it('keeps the line and column of every value', () => {
    const [root] = parseComposeYaml('c.yml', text);
    const subnet = at(root!, 'networks', 'back', 'ipam', 'config', 0, 'subnet');
    expect(subnet).toMatchObject({ kind: 'scalar', value: '10.1.0.0/16', file: 'c.yml', at: { line: 5, column: 19 } });
    expect(at(root!, 'networks', 'back', 'ipam', 'config', 0, 'gateway')).toMatchObject({ value: '10.1.0.1', at: { line: 6, column: 20 } });
    expect(root!.entries.get('networks')!.keyAt).toEqual({ line: 1, column: 1 });
  });

  it('expands aliases and merge keys, explicit keys winning', () => {
    const [root] = parseComposeYaml('c.yml', ['x-net: &net {driver: bridge, internal: true}', 'networks:', '  a:', '    <<: *net', '    driver: overlay', '  b: *net'].join('\n'));
    expect(at(root!, 'networks', 'a', 'driver')).toMatchObject({ value: 'overlay', at: { line: 5, column: 13 } });
    expect(at(root!, 'networks', 'a', 'internal')).toMatchObject({ value: true });
    expect(at(root!, 'networks', 'b', 'driver')).toMatchObject({ value: 'bridge', at: { line: 1, column: 22 } });
  });

  it('marks !reset and !override', () => {
    const [root] = parseComposeYaml('c.yml', 'networks:\n  a: !reset null\n  b: !override\n    driver: x\n');
    expect(at(root!, 'networks', 'a').tag).toBe('reset');
    expect(at(root!, 'networks', 'b').tag).toBe('override');
  });

  it('reads every document and skips empty ones', () => {
    expect(parseComposeYaml('c.yml', 'name: a\n---\n---\nname: b\n')).toHaveLength(2);
    expect(parseComposeYaml('c.yml', '')).toHaveLength(0);
  });

  it('reports syntax errors, duplicate keys and non-mapping roots at their position', () => {
    expect(() => parseComposeYaml('c.yml', 'networks:\n  a: [1\n')).toThrow(ComposeFileError);
    try {
      parseComposeYaml('c.yml', 'name: a\nname: b\n');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ComposeFileError);
      expect((error as ComposeFileError).at).toEqual({ line: 2, column: 1 });
      expect((error as ComposeFileError).message).toMatch(/^invalid YAML: Map keys must be unique/);
    }
    expect(() => parseComposeYaml('c.yml', '- a\n')).toThrow('top-level object must be a mapping');
  });

  it('refuses an alias bomb before expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) {
      const name = String.fromCharCode(97 + level);
      const previous = String.fromCharCode(96 + level);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(',')}]`);
    }
    expect(() => parseComposeYaml('bomb.yml', lines.join('\n'))).toThrow(/more than 1000000 values after expanding aliases/);
  });

  it('refuses files over the size limit without parsing them', () => {
    expect(() => parseComposeYaml('big.yml', 'x'.repeat(101), { maxBytes: 100, maxNodes: 10, maxDepth: 10 })).toThrow(
      'a compose file may be at most 100 bytes; this one is larger, so dockdoc did not parse it',
    );
  });

  it('refuses deep nesting at the line where it gets too deep, before the yaml library overflows the stack (issue 10)', () => {
    const failure = (text: string) => {
      try {
        parseComposeYaml('deep.yml', text);
      } catch (error) {
        if (error instanceof ComposeFileError) return `${error.at.line}:${error.at.column} ${error.message}`;
        throw error;
      }
      return 'parsed';
    };
    const tooDeep = 'nested more than 100 levels deep; dockdoc refuses the file (compose files nest fewer than 10)';
    expect(failure(`${' '}${'- '.repeat(2500)}- :/64\n  gate`)).toBe(`1:201 ${tooDeep}`);
    expect(failure(`${'- '.repeat(1000)}x`)).toBe(`1:200 ${tooDeep}`);
    expect(failure(`services:\n  a: ${'['.repeat(5000)}`)).toBe(`2:104 ${tooDeep}`);
    expect(failure(`x: &a ${'['.repeat(60)}${']'.repeat(60)}\ny: ${'['.repeat(60)}*a${']'.repeat(60)}`)).toBe(`1:1 ${tooDeep}, once its aliases are expanded`);
    expect(failure(`${'- '.repeat(90)}x`)).toBe('1:1 top-level object must be a mapping');
  });

  it('points every subnet at its own text, whatever the quoting and indentation (property)', () => {
    const subnet = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 30 })).map(([a, b, n]) => `10.${a}.${b}.0/${n}`);
    const network = fc.record({ subnet, quote: fc.constantFrom('', "'", '"'), comment: fc.boolean() });
    fc.assert(
      fc.property(fc.array(network, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 4 }), (networks, indent) => {
        const lines = ['networks:'];
        networks.forEach((n, i) => {
          const pad = ' '.repeat(indent);
          if (n.comment) lines.push(`${pad}# network ${i}: $\{x} - subnet: 1.2.3.4/8`);
          lines.push(`${pad}net${i}:`, `${pad}${pad}ipam:`, `${pad}${pad}${pad}config:`, `${pad}${pad}${pad}  - subnet: ${n.quote}${n.subnet}${n.quote}`);
        });
        const text = lines.join('\n');
        const [root] = parseComposeYaml('p.yml', text);
        const sourceLines = text.split('\n');
        networks.forEach((n, i) => {
          const node = at(root!, 'networks', `net${i}`, 'ipam', 'config', 0, 'subnet');
          expect(node).toMatchObject({ kind: 'scalar', value: n.subnet });
          expect(sourceLines[node.at.line - 1]!.slice(node.at.column - 1)).toBe(`${n.quote}${n.subnet}${n.quote}`);
        });
      }),
    );
  });
});
