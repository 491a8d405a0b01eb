import { describe, expect, it } from 'vitest';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

describe('DD308 empty static address', () => {
  it('notes an empty ipv4_address (unset variable, or written empty) instead of an error; an empty gateway is not given', async () => {
    expect(summary(await lintFixtures(['empty-address']))).toEqual([
      'empty-address/compose.yaml:6:23 info DD308 ipv4_address of service amf on network core is empty (AMF_IP has no value and no default): compose ignores it and the container gets a dynamic address.',
      'empty-address/compose.yaml:11:23 info DD308 ipv4_address of service smf on network core is empty (it is written empty): compose ignores it and the container gets a dynamic address.',
    ]);
  });

  it('says nothing once the variable has a value (then DD302 checks the address)', async () => {
    expect(summary(await lintFixtures(['empty-address'], { environment: { AMF_IP: '10.100.200.16' } }), 'DD308')).toEqual([
      'empty-address/compose.yaml:11:23 info DD308 ipv4_address of service smf on network core is empty (it is written empty): compose ignores it and the container gets a dynamic address.',
    ]);
  });
});
