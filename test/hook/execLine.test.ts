import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitCommand } from '../../src/daemon/unitFlags.js';
import { execLine } from '../../src/hook/execLine.js';

/** What systemd does after splitting: `%%` is a literal % (specifiers) and `$$` a literal $ (environment variables). */
function expandLiterals(word: string): string {
  return word.replace(/%%/g, '%').replace(/\$\$/g, '$');
}

describe('execLine', () => {
  it('leaves plain words alone', () => {
    expect(execLine(['/usr/bin/systemd-cat', '--identifier=dockdoc', '/usr/bin/node', 'hook', 'run', '--unit', 'iptables.service'])).toBe(
      '/usr/bin/systemd-cat --identifier=dockdoc /usr/bin/node hook run --unit iptables.service',
    );
  });

  it('quotes whitespace and quotes, and escapes specifiers and variables', () => {
    expect(execLine(['/opt/my tools/dockdoc', 'unix:///run/a"b.sock', '100%', '$HOME', ''])).toBe(
      '"/opt/my tools/dockdoc" "unix:///run/a\\"b.sock" 100%% $$HOME ""',
    );
    expect(execLine(['a\\b', 'line\nbreak', 'x;y'])).toBe('"a\\\\b" "line\\nbreak" "x;y"');
  });

  it('round-trips any printable word through systemd command-line splitting', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '/', ' ', '"', "'", '\\', '%', '$', ';', '-', '=', ':', 'é', '.') });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        expect(splitCommand(execLine(words)).map(expandLiterals)).toEqual(words);
      }),
    );
  });
});
