import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dump, file, kernel } from './corpus-support.js';

const capture = (name: string) => readFileSync(new URL(`../../fixtures/iptables/dockdoc-captures/${name}`, import.meta.url), 'utf8');

describe('rules files beyond -A (fixtures/iptables/dockdoc-captures)', () => {
  it('-I (with and without a position), -N, -F, -P and a comma list in -s and -d load as the kernel shows them', () => {
    const parsed = file(capture('commands.rules'), 4);
    expect(parsed.problems).toEqual([]);
    for (const backend of ['nft', 'legacy']) expect(dump(parsed)).toBe(dump(kernel(capture(`commands.${backend}.save.txt`), 4)));
  });

  it('refuses -i on OUTPUT as iptables does', () => {
    expect(file(capture('interface-on-output.rules'), 4).problems).toEqual([{ severity: 'error', line: 2, message: "Can't use -i with OUTPUT" }]);
    expect(capture('interface-on-output.nft.restore.stderr')).toContain("Can't use -i with OUTPUT");
  });
});

describe('warnings the kernel prints while loading', () => {
  it('an iprange whose start is above its end loads, with the kernel\'s warning', () => {
    const parsed = file(capture('reversed-iprange.rules'), 4);
    expect(parsed.problems).toEqual([{ severity: 'warning', line: 2, message: 'xt_iprange: range 10.0.0.9-10.0.0.1 is reversed and will never match' }]);
    for (const backend of ['nft', 'legacy']) {
      expect(capture(`reversed-iprange.${backend}.restore.stderr`).trim()).toBe(parsed.problems[0]!.message);
      expect(dump(parsed)).toBe(dump(kernel(capture(`reversed-iprange.${backend}.save.txt`), 4)));
    }
  });
});

describe('rules file structure', () => {
  it('reports a line with DOS line endings, a -t inside a rule, and a -D it does not model', () => {
    const parsed = file('*filter\r\n-A INPUT -t nat -j ACCEPT\n-D INPUT -j ACCEPT\nCOMMIT\n', 4);
    expect(parsed.problems).toEqual([
      { severity: 'error', line: 1, message: 'line ends with a carriage return (DOS line endings): iptables-restore reads it as part of the last argument' },
      { severity: 'error', line: 2, message: 'line 2 failed: rule or chain outside a table (no *filter / *nat line before it)' },
      { severity: 'error', line: 3, message: 'line 3 failed: rule or chain outside a table (no *filter / *nat line before it)' },
      { severity: 'error', line: 4, message: 'line 4 failed: COMMIT outside a table' },
    ]);
    expect(file('*filter\n-A INPUT -t nat -j ACCEPT\n-D INPUT -j ACCEPT\nCOMMIT\n', 4).problems).toEqual([
      { severity: 'error', line: 2, column: 10, message: 'The -t option (seen in this line) cannot be used in iptables-restore.' },
      { severity: 'warning', line: 3, message: "dockdoc does not model `-D' lines in a rules file; this line is left out of the comparison" },
    ]);
  });

  it('keeps only the last block of a table named twice, as restoring it replaces the table', () => {
    const parsed = file('*filter\n-A INPUT -j DROP\nCOMMIT\n*filter\n-A INPUT -j ACCEPT\nCOMMIT\n', 4);
    expect(dump(parsed)).toBe('*filter :INPUT ACCEPT\n*filter -A INPUT -j ACCEPT\n*filter :FORWARD ACCEPT\n*filter :OUTPUT ACCEPT');
  });

  it('does not resolve host names (dockdoc never does DNS for a rules file)', () => {
    expect(file('*filter\n-A INPUT -s example.com -j ACCEPT\nCOMMIT\n', 4).problems).toEqual([
      { severity: 'error', line: 2, column: 13, message: "host/network `example.com' not found" },
    ]);
  });

  it('skips lines for the other family and reads the same file for both', () => {
    const text = '*filter\n-4 -A INPUT -s 10.0.0.0/8 -j ACCEPT\n-6 -A INPUT -s fd00::/8 -j ACCEPT\nCOMMIT\n';
    expect(dump(file(text, 4))).toContain('-A INPUT -s 10.0.0.0/8 -j ACCEPT');
    expect(dump(file(text, 6))).toContain('-A INPUT -s fd00::/8 -j ACCEPT');
    expect(dump(file(text, 6))).not.toContain('10.0.0.0');
  });
});
