import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../src/iptables/ruleset.js';
import { growthOnFourTimesTheInput } from '../support/growth.js';

// Issue 10: `npm run fuzz` found saved rules files of 200 KB whose kernel-mode parse took 3.2 s and 26.4 s: a double
// quote opened on a `-A` line and closed (or never) 20,000 lines later. Kernel output joins such lines into one rule
// (corpus Q5: a comment holding newlines), and each line joined used to rescan all the lines before it.

/** A comment opened on line 3 whose quote spans `lines` more lines, then closes; a last rule follows it. */
function spanningComment(lines: number, closed = true): string {
  return [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    '-A INPUT -m comment --comment "xxx',
    ...Array.from({ length: lines }, () => '  a:'),
    ...(closed ? ['end" -j ACCEPT', '-A INPUT -j DROP'] : []),
    'COMMIT',
    '',
  ].join('\n');
}

const kernel = (text: string) => parseRuleset(text, { family: 4, mode: 'kernel' });
const inputRules = (text: string) => kernel(text).tables.get('filter')!.chains.get('INPUT')!.rules;

describe('a double quote spanning many lines of kernel output', () => {
  it('is one rule whose comment keeps the newlines, with the rules after it on their own lines', () => {
    expect(inputRules(spanningComment(2)).map((rule) => [rule.line, rule.text])).toEqual([
      [3, '-m comment --comment "xxx\n  a:\n  a:\nend" -j ACCEPT'],
      [7, '-j DROP'],
    ]);
    const lines = 20_000;
    const rules = inputRules(spanningComment(lines));
    expect(rules.map((rule) => [rule.line, rule.spec?.target?.name])).toEqual([
      [3, 'ACCEPT'],
      [3 + lines + 2, 'DROP'],
    ]);
  });

  it('never closed, takes the rest of the input, COMMIT included, as iptables-restore would', () => {
    expect(inputRules(spanningComment(2, false)).map((rule) => [rule.line, rule.text])).toEqual([[3, '-m comment --comment "xxx\n  a:\n  a:\nCOMMIT\n"']]);
    const rules = inputRules(spanningComment(20_000, false));
    expect(rules.map((rule) => [rule.line, rule.spec?.target])).toEqual([[3, null]]);
  });

  it('ends only at an unescaped quote, a backslash at the end of a line escaping the newline', () => {
    const text = ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -m comment --comment "a\\', 'b\\" still inside\\\\', 'c" -j ACCEPT', '-A INPUT -j DROP', 'COMMIT', ''].join('\n');
    expect(inputRules(text).map((rule) => [rule.line, rule.text])).toEqual([
      [3, '-m comment --comment "a\nb\\" still inside\\\\\nc" -j ACCEPT'],
      [6, '-j DROP'],
    ]);
  });

  it('is parsed in time linear in its lines (4 times the lines: about 4 times the time; 16 when it was quadratic)', () => {
    expect(growthOnFourTimesTheInput(spanningComment, kernel, 50_000, 10)).toBeLessThan(10);
    expect(growthOnFourTimesTheInput((n) => spanningComment(n, false), kernel, 50_000, 10)).toBeLessThan(10);
  });
});
