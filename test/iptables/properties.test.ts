import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHostNetwork } from '../../src/iptables/address.js';
import { parseRuleset } from '../../src/iptables/ruleset.js';
import { endsInsideQuote, tokenizeRuleLine } from '../../src/iptables/tokenize.js';
import { saveString } from '../../src/iptables/values.js';
import { formatPrefix, parseCidr } from '../../src/net/prefix.js';
import { generatedRule, reorderings, ruleLine } from './rule-arbitrary.js';

/** The canonical text of one rules-file line, or the parse problem. */
function canonical(chain: string, line: string): string {
  const parsed = parseRuleset(`*filter\n${line}\nCOMMIT\n`, { family: 4, mode: 'file' });
  if (parsed.problems.length > 0) return `problem: ${parsed.problems.map((p) => p.message).join('; ')}`;
  return (parsed.tables.get('filter')?.chains.get(chain)?.rules ?? []).map((r) => r.text).join('\n');
}

describe('tokenizer', () => {
  it('reads back any list of arguments printed the way iptables-save quotes them', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', '\t', '"', "'", '\\', '-', 'é', '!') }), { maxLength: 6 }), (args) => {
        const line = args.map(saveString).join(' ');
        expect(tokenizeRuleLine(line).tokens.map((t) => t.text)).toEqual(args);
      }),
    );
  });

  it('knows a line ends inside a quote exactly when tokenizing it does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\') }), (line) => {
        expect(endsInsideQuote(line)).toBe(tokenizeRuleLine(line).unterminatedQuote);
      }),
    );
  });
});

describe('canonical form', () => {
  it('is a fixed point: a canonical rule read again prints the same', () => {
    fc.assert(
      fc.property(generatedRule, (rule) => {
        const once = canonical(rule.chain, ruleLine(rule.chain, rule.groups));
        fc.pre(!once.startsWith('problem'));
        for (const text of once.split('\n')) expect(canonical(rule.chain, `-A ${rule.chain} ${text}`)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order options are written in (R1, R2, R4)', () => {
    fc.assert(
      fc.property(
        generatedRule.chain((rule) => fc.tuple(fc.constant(rule), reorderings(rule))),
        ([rule, order]) => {
          expect(canonical(rule.chain, ruleLine(rule.chain, order))).toBe(canonical(rule.chain, ruleLine(rule.chain, rule.groups)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('clears host bits and writes the prefix as prefix.ts does, for lengths and for contiguous dotted masks', () => {
    fc.assert(
      fc.property(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })), fc.integer({ min: 1, max: 32 }), (octets, length) => {
        const address = octets.join('.');
        const expected = formatPrefix(parseCidr(`${address}/${length}`).prefix);
        expect(parseHostNetwork(`${address}/${length}`, 4).text).toBe(expected);
        const maskValue = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
        const dotted = [24, 16, 8, 0].map((shift) => (maskValue >>> shift) & 255).join('.');
        expect(parseHostNetwork(`${address}/${dotted}`, 4).text).toBe(expected);
      }),
    );
  });

  it('treats a port range of one port as that port, and 0:65535 as no port at all (P2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), (port) => {
        expect(canonical('INPUT', `-A INPUT -p tcp --dport ${port}:${port} -j ACCEPT`)).toBe(`-p tcp -m tcp --dport ${port} -j ACCEPT`);
      }),
    );
    expect(canonical('INPUT', '-A INPUT -p udp --dport 0:65535 -j ACCEPT')).toBe('-p udp -m udp -j ACCEPT');
  });
});
