import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../src/iptables/ruleset.js';

// iptables-restore takes at most 251 arguments from one line (argv of MAX_ARGC 255, after the program name, `-t` and
// the table). Checked with iptables-restore v1.8.9 (nf_tables) in a network namespace: a line of 251 arguments got
// past the argument store ("multiple -s flags not allowed"), one of 252 failed with "Parser cannot handle more
// arguments". Issue 10: a 2 MB line of double quotes (a million empty arguments) took 1.1 s to parse.

/** `-A INPUT`, `-s` and an address repeated, `-j ACCEPT`: `count` arguments. */
function ruleWith(count: number): string {
  return ['-A', 'INPUT', ...Array.from({ length: count - 4 }, (_, i) => (i % 2 === 0 ? '-s' : '10.0.0.1')), '-j', 'ACCEPT'].join(' ');
}

const file = (rule: string) => parseRuleset(`*filter\n:INPUT ACCEPT [0:0]\n${rule}\nCOMMIT\n`, { family: 4, mode: 'file' });
const kernel = (rule: string) => parseRuleset(`*filter\n:INPUT ACCEPT [0:0]\n${rule}\nCOMMIT\n`, { family: 4, mode: 'kernel' });

describe('a rule line with more arguments than iptables-restore takes', () => {
  it('is refused in a rules file at the first argument too many, as iptables-restore refuses it', () => {
    expect(file(ruleWith(251)).problems.map((p) => p.message)).toEqual(['multiple -s flags not allowed']);
    // The 252nd argument is the last, ACCEPT.
    const column = ruleWith(252).length - 'ACCEPT'.length + 1;
    expect(file(ruleWith(252)).problems).toEqual([
      { severity: 'error', line: 3, column, message: 'Parser cannot handle more arguments (iptables-restore takes at most 251 from a line)' },
    ]);
  });

  it('is kept as printed in kernel output, unread, when it cannot be taken as canonical', () => {
    // A counter prefix sends the line through the reader; the rule keeps its text after `-A INPUT`.
    const parsed = kernel(`[1:2] ${ruleWith(300)}`);
    expect(parsed.problems.map((p) => p.message)).toEqual(['dockdoc could not read this rule (Parser cannot handle more arguments (iptables-restore takes at most 251 from a line)); it is compared as printed']);
    expect(parsed.tables.get('filter')?.chains.get('INPUT')?.rules.map((r) => [r.text, r.spec])).toEqual([[ruleWith(300).slice('-A INPUT '.length), null]]);
  });

  it('costs no more than its first 252 arguments: a million empty quoted arguments on one line', () => {
    const quotes = `-A INPUT ${'""'.repeat(1_000_000)}`;
    const started = process.cpuUsage();
    expect(file(quotes).problems.map((p) => p.message)).toEqual(['Parser cannot handle more arguments (iptables-restore takes at most 251 from a line)']);
    expect(kernel(quotes).tables.get('filter')?.chains.get('INPUT')?.rules[0]?.spec).toBeNull();
    const used = process.cpuUsage(started);
    // Generous for a shared machine: it took over a second when every argument was read (0.04 s now).
    expect((used.user + used.system) / 1000).toBeLessThan(500);
  });
});
