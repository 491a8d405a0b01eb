import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dockerServiceEnvironment } from '../../src/daemon/unitEnvironment.js';
import type { SystemdUnitsFact } from '../../src/snapshot/schema.js';

function units(fragment: string, ...dropIns: string[]): SystemdUnitsFact {
  return {
    units: {
      'docker.service': {
        fragment: { path: '/lib/systemd/system/docker.service', present: true, text: fragment },
        dropIns: dropIns.map((text, i) => ({ path: `/etc/systemd/system/docker.service.d/${i}.conf`, present: true, text })),
      },
    },
  };
}

describe("docker.service's Environment=", () => {
  it('reads quoted and bare assignments; drop-ins apply after the fragment; an empty Environment= clears', () => {
    const env = dockerServiceEnvironment(
      units(
        '[Service]\nEnvironment="A=one two" B=2\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd\n',
        '[Service]\nEnvironment=B=3 \\\n  C=4\n',
      ),
    )!;
    expect(env.variables).toEqual({
      A: { value: 'one two', file: '/lib/systemd/system/docker.service' },
      B: { value: '3', file: '/etc/systemd/system/docker.service.d/0.conf' },
      C: { value: '4', file: '/etc/systemd/system/docker.service.d/0.conf' },
    });
    expect(env.environmentFiles).toEqual(['/etc/default/docker']);
    expect(dockerServiceEnvironment(units('[Service]\nEnvironment=A=1\n', '[Service]\nEnvironment=\n'))!.variables).toEqual({});
    expect(dockerServiceEnvironment({ units: {} })).toBeNull();
  });

  it('property: any set of assignments written one per line, quoted, reads back', () => {
    const name = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/);
    const value = fc.stringMatching(/^[a-zA-Z0-9 =:/._-]{0,20}$/);
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 6 }), (vars) => {
        const text = `[Service]\n${Object.entries(vars).map(([k, v]) => `Environment="${k}=${v}"`).join('\n')}\n`;
        const read = dockerServiceEnvironment(units(text))!.variables;
        expect(Object.fromEntries(Object.entries(read).map(([k, v]) => [k, v.value]))).toEqual(vars);
      }),
    );
  });
});
