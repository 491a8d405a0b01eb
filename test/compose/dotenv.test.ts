import { describe, expect, it } from 'vitest';
import { DotEnvError, parseDotEnv } from '../../src/compose/dotenv.js';

const none = (): undefined => undefined;

describe('parseDotEnv', () => {
  it('reads plain, exported, yaml-style and commented lines', () => {
    const text = ['# comment', 'A=1', 'export B=2', 'C: 3', '', '  D = spaced  ', 'E=x # trailing comment', 'F=a#b'].join('\n');
    expect(parseDotEnv(text, none)).toEqual({ A: '1', B: '2', C: '3', D: 'spaced', E: 'x', F: 'a#b' });
  });

  it('keeps single quotes literal and expands escapes in double quotes', () => {
    const text = ["S='a\\nb $A'", 'D="a\\tb \\"q\\" \\$A"', 'A=z', 'M="line1', 'line2"'].join('\n');
    expect(parseDotEnv(text, none)).toEqual({ S: 'a\\nb $A', D: 'a\tb "q" $A', A: 'z', M: 'line1\nline2' });
  });

  it('interpolates with the environment first, then earlier keys', () => {
    const env = (name: string): string | undefined => (name === 'FROM_ENV' ? 'env' : name === 'BASE' ? 'shell' : undefined);
    const text = ['BASE=file', 'X=${BASE}', 'Y=${FROM_ENV}-${MISSING:-d}', "Z='${BASE}'"].join('\n');
    expect(parseDotEnv(text, env)).toEqual({ BASE: 'file', X: 'shell', Y: 'env-d', Z: '${BASE}' });
  });

  it('inherits a bare key from the environment only when set there', () => {
    const env = (name: string): string | undefined => (name === 'HAS' ? 'v' : undefined);
    expect(parseDotEnv('HAS\nNOT\nK=1', env)).toEqual({ HAS: 'v', K: '1' });
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(parseDotEnv('\uFEFFA=1', none)).toEqual({ A: '1' });
  });

  it('refuses bad keys and unterminated quotes with the line number', () => {
    expect(() => parseDotEnv('A=1\nB C=2', none)).toThrow(new DotEnvError('key cannot contain a space', 2));
    expect(() => parseDotEnv('A=1\nB="open', none)).toThrow(new DotEnvError('unterminated quoted value "open', 2));
    expect(() => parseDotEnv('A$=1', none)).toThrow(new DotEnvError('unexpected character "$" in variable name "A$=1"', 1));
  });

  it('reports a malformed or failing interpolation at its line instead of escaping (issue 10)', () => {
    expect(() => parseDotEnv('A=1\nS=${${X}}\n', none)).toThrow(new DotEnvError('invalid interpolation format: "${${X}}"', 2));
    expect(() => parseDotEnv('A=1\n\nS=${X:?boom}\n', none)).toThrow(new DotEnvError('required variable X is missing a value: boom', 3));
    expect(() => parseDotEnv('A="x\ny"\nS="${X:?boom}"', none)).toThrow(new DotEnvError('required variable X is missing a value: boom', 3));
    expect(() => parseDotEnv(`S=${'${X:-'.repeat(5000)}${'}'.repeat(5000)}`, none)).toThrow(
      new DotEnvError('invalid interpolation format: defaults nested more than 32 levels deep', 1),
    );
  });
});
