import { describe, expect, it } from 'vitest';
import { dockerdCommandLine, dockerdFlags, splitCommand } from '../../src/daemon/unitFlags.js';
import type { SystemdUnitsFact } from '../../src/snapshot/schema.js';

/** docker.service as Debian's docker.io 20.10 package ships it (its ExecStart line). */
const DEBIAN_UNIT = `[Unit]
Description=Docker Application Container Engine
After=network-online.target docker.socket firewalld.service containerd.service

[Service]
Type=notify
ExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS
ExecReload=/bin/kill -s HUP $MAINPID
`;

function units(dropIns: { path: string; text: string }[]): SystemdUnitsFact {
  return {
    units: {
      'docker.service': {
        fragment: { path: '/lib/systemd/system/docker.service', present: true, text: DEBIAN_UNIT },
        dropIns: dropIns.map((d) => ({ ...d, present: true })),
      },
    },
  };
}

describe('dockerdCommandLine', () => {
  it('reads ExecStart from the fragment', () => {
    const line = dockerdCommandLine(units([]));
    expect(line?.file).toBe('/lib/systemd/system/docker.service');
    expect(line?.args).toEqual(['/usr/sbin/dockerd', '-H', 'fd://', '$DOCKER_OPTS']);
    expect(line?.flags).toEqual([{ name: 'host', value: 'fd://' }]);
  });

  it('lets a drop-in reset ExecStart and replace the flags, continuation lines included', () => {
    const line = dockerdCommandLine(
      units([
        {
          path: '/etc/systemd/system/docker.service.d/override.conf',
          text: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --bip=10.0.0.1/24 \\\n  --config-file /srv/docker.json --live-restore\n',
        },
      ]),
    );
    expect(line?.file).toBe('/etc/systemd/system/docker.service.d/override.conf');
    expect(line?.flags).toEqual([
      { name: 'bip', value: '10.0.0.1/24' },
      { name: 'config-file', value: '/srv/docker.json' },
      { name: 'live-restore', value: null },
    ]);
  });

  it('is null when a drop-in clears ExecStart without a new one', () => {
    expect(dockerdCommandLine(units([{ path: '/etc/x.conf', text: '[Service]\nExecStart=\n' }]))).toBeNull();
  });
});

describe('dockerdFlags', () => {
  it('resolves shorthands, collects repeated flags, and never takes a value for a boolean flag or from $VAR', () => {
    expect(dockerdFlags(['-H', 'fd://', '-Htcp://127.0.0.1:2375', '--debug', 'x', '--bip', '$BIP'], (n) => n === 'debug')).toEqual([
      { name: 'host', value: 'fd://' },
      { name: 'host', value: 'tcp://127.0.0.1:2375' },
      { name: 'debug', value: null },
      { name: 'bip', value: null },
    ]);
  });
});

describe('splitCommand', () => {
  it('honours quotes and escapes as systemd does', () => {
    expect(splitCommand(`dockerd --label "a b" --label 'c d' e\\ f`)).toEqual(['dockerd', '--label', 'a b', '--label', 'c d', 'e f']);
  });
});
