import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonWithPositions, toPlain } from '../../src/daemon/json.js';

function syntaxError(text: string): { message: string; line: number; column: number } {
  try {
    parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { message: error.message, ...error.at };
    throw error;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parseJsonWithPositions', () => {
  it('records the line and column of every key', () => {
    const root = parseJsonWithPositions('{\n  "bip": "172.17.0.1/16",\n  "default-address-pools": [\n    {"base": "10.0.0.0/8", "size": 24}\n  ]\n}\n');
    expect(root.kind).toBe('object');
    if (root.kind !== 'object') return;
    expect(root.entries.map((e) => [e.key, e.keyAt.line, e.keyAt.column])).toEqual([
      ['bip', 2, 3],
      ['default-address-pools', 3, 3],
    ]);
    const pools = root.entries[1]!.value;
    expect(pools.kind === 'array' && pools.items[0]!.at).toEqual({ line: 4, column: 5 });
  });

  it("words syntax errors as Go's encoding/json does, at the offending character", () => {
    expect(syntaxError('{\n  "bip": "172.17.0.1/16",\n}\n')).toEqual({
      message: "invalid character '}' looking for beginning of object key string",
      line: 3,
      column: 1,
    });
    expect(syntaxError('{"bip" "x"}')).toEqual({ message: `invalid character '"' after object key`, line: 1, column: 8 });
    expect(syntaxError('{"a": 1 "b": 2}')).toEqual({ message: `invalid character '"' after object key:value pair`, line: 1, column: 9 });
    expect(syntaxError('{"a": [1 2]}')).toEqual({ message: `invalid character '2' after array element`, line: 1, column: 10 });
    expect(syntaxError("{'a': 1}")).toEqual({ message: `invalid character '\\'' looking for beginning of object key string`, line: 1, column: 2 });
    expect(syntaxError('{"a": tru}')).toEqual({ message: `invalid character 't' looking for beginning of value`, line: 1, column: 7 });
    expect(syntaxError('{"a": 1')).toEqual({ message: 'unexpected EOF', line: 1, column: 8 });
    expect(syntaxError('{"a": "\\x"}')).toEqual({ message: `invalid character 'x' in string escape code`, line: 1, column: 9 });
  });

  it("nests as deep as Go's decoder allows and refuses deeper with Go's message (issue 10: it overflowed the stack)", () => {
    const deepest = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(parseJsonWithPositions(deepest).kind).toBe('array');
    expect(toPlain(parseJsonWithPositions(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`))).toBeTypeOf('object');
    expect(syntaxError('['.repeat(20_000))).toEqual({ message: "invalid character '[' exceeded max depth", line: 1, column: 10_001 });
    expect(syntaxError('{"a":'.repeat(4_000))).toEqual({ message: 'unexpected EOF', line: 1, column: 20_001 });
    expect(syntaxError(`${'{"a":'.repeat(10_000)}{}`)).toEqual({ message: "invalid character '{' exceeded max depth", line: 1, column: 50_001 });
  });

  it('stops after the first value, as json.Decoder does', () => {
    expect(toPlain(parseJsonWithPositions('{"debug": true} trailing'))).toEqual({ debug: true });
  });

  it('reads every JSON document exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(toPlain(parseJsonWithPositions(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every text JSON.parse rejects (when nothing follows the first value)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', 'a', ' ', '\\', 't', 'n') }), (text) => {
        let nativeOk = true;
        try {
          JSON.parse(text);
        } catch {
          nativeOk = false;
        }
        let oursOk = true;
        try {
          const node = parseJsonWithPositions(text);
          // A trailing remainder is ignored by us (and by dockerd) but rejected by JSON.parse.
          if (JSON.stringify(toPlain(node)) !== JSON.stringify(JSON.parse(text))) oursOk = false;
        } catch {
          oursOk = false;
        }
        if (nativeOk) expect(oursOk).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
