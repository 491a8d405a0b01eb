import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate, InterpolationError, referencedVariables } from '../../src/compose/interpolate.js';

const vars: Record<string, string> = { SET: '10.1.0.0/16', EMPTY: '', NESTED: '10.9.0.0/16' };
const lookup = (name: string): string | undefined => vars[name];
const run = (template: string): string => interpolate(template, lookup).value;

describe('interpolate', () => {
  it('substitutes $VAR and ${VAR}', () => {
    expect(run('$SET')).toBe('10.1.0.0/16');
    expect(run('${SET}')).toBe('10.1.0.0/16');
    expect(run('a${SET}b')).toBe('a10.1.0.0/16b');
    expect(run('$SET-x')).toBe('10.1.0.0/16-x');
  });

  it('keeps $$ as a literal dollar and a lone $ as written', () => {
    expect(run('$${SET}')).toBe('${SET}');
    expect(run('$$SET')).toBe('$SET');
    expect(run('cost $5')).toBe('cost $5');
    expect(run('end$')).toBe('end$');
  });

  it('applies the six operators as the compose specification defines them', () => {
    expect(run('${UNSET:-10.2.0.0/16}')).toBe('10.2.0.0/16');
    expect(run('${EMPTY:-10.2.0.0/16}')).toBe('10.2.0.0/16');
    expect(run('${EMPTY-10.2.0.0/16}')).toBe('');
    expect(run('${UNSET-10.2.0.0/16}')).toBe('10.2.0.0/16');
    expect(run('${SET:-x}')).toBe('10.1.0.0/16');
    expect(run('${SET:+replaced}')).toBe('replaced');
    expect(run('${EMPTY:+replaced}')).toBe('');
    expect(run('${EMPTY+replaced}')).toBe('replaced');
    expect(run('${UNSET+replaced}')).toBe('');
    expect(run('${SET:?needed}')).toBe('10.1.0.0/16');
    expect(run('${EMPTY?needed}')).toBe('');
  });

  it('interpolates nested defaults', () => {
    expect(run('${UNSET:-${NESTED}}')).toBe('10.9.0.0/16');
    expect(run('${UNSET:-${ALSO_UNSET:-10.3.0.0/16}}')).toBe('10.3.0.0/16');
    expect(run('${UNSET:-${NESTED}}/x')).toBe('10.9.0.0/16/x');
  });

  it('reports required variables with compose wording', () => {
    expect(() => run('${UNSET:?set the subnet}')).toThrow(new InterpolationError('required variable UNSET is missing a value: set the subnet'));
    expect(() => run('${EMPTY:?}')).toThrow(new InterpolationError('required variable EMPTY is missing a value'));
  });

  it('refuses invalid templates', () => {
    expect(() => run('${}')).toThrow(InterpolationError);
    expect(() => run('${1A}')).toThrow(InterpolationError);
    expect(() => run('${SET')).toThrow(InterpolationError);
    expect(() => run('${SET:x}')).toThrow(InterpolationError);
  });

  it('lists unset variables without a default', () => {
    expect(interpolate('${A}-$B-${C:-x}', lookup).unset).toEqual(['A', 'B']);
  });

  it('lists every referenced variable, defaults included, but not escaped ones', () => {
    expect(referencedVariables('${A:-${B}} $C $$D ${E?x}')).toEqual(['A', 'B', 'C', 'E']);
  });

  it('leaves text without a dollar unchanged (property)', () => {
    fc.assert(fc.property(fc.string().filter((s) => !s.includes('$')), (s) => run(s) === s));
  });

  it('round-trips any text escaped with $$ (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => run(s.replaceAll('$', () => '$$')) === s));
  });

  it('uses the value when set and non-empty, whatever the default (property)', () => {
    const name = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
    const value = fc.string({ minLength: 1 }).filter((s) => !s.includes('$'));
    fc.assert(
      fc.property(name, value, fc.constantFrom(':-', '-'), (n, v, op) => {
        return interpolate(`\${${n}${op}fallback}`, (k) => (k === n ? v : undefined)).value === v;
      }),
    );
  });
});
