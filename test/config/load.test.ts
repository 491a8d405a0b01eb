import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { locateConfig } from '../../src/config/locate.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';

const EXAMPLE = `# dockdoc configuration
failOn: warning
engineVersion: "27.3.1"
ignore:
  - DD501
  - rule: DD206
    subject: "route:10.8.*"
severity:
  DD403: warning
reserved:
  - cidr: 10.8.0.0/16
    name: office VPN
  - 172.31.0.0/16
thresholds:
  minFreeSubnets: 3
  overlayFillPercent: 90
`;

function errorOf(text: string): string {
  try {
    parseConfig('.dockdoc.yml', text);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('parsed');
}

describe('parseConfig', () => {
  it('reads every setting', () => {
    expect(parseConfig('.dockdoc.yml', EXAMPLE)).toEqual({
      path: '.dockdoc.yml',
      failOn: 'warning',
      failOnSkipped: false,
      engineVersion: '27.3.1',
      ignore: [{ rule: 'DD501' }, { rule: 'DD206', subject: 'route:10.8.*' }],
      severity: { DD403: 'warning' },
      reserved: [
        { cidr: '10.8.0.0/16', name: 'office VPN' },
        { cidr: '172.31.0.0/16', name: '172.31.0.0/16' },
      ],
      thresholds: { minFreeSubnets: 3, overlayFillPercent: 90 },
    });
  });

  it('treats an empty file as the defaults', () => {
    expect(parseConfig('x', '')).toEqual({ ...DEFAULT_CONFIG, path: 'x' });
  });

  it('points at file:line:col for every mistake', () => {
    expect(errorOf('failOn: warning\nignor:\n  - DD501\n')).toBe(
      '.dockdoc.yml:2:1: unknown setting "ignor" (known: failOn, failOnSkipped, ignore, severity, reserved, thresholds, engineVersion)',
    );
    expect(errorOf('failOn: fatal\n')).toBe('.dockdoc.yml:1:1: severity must be error, warning or info, not "fatal"');
    expect(errorOf('failOnSkipped: yes please\n')).toBe('.dockdoc.yml:1:1: expected true or false');
    expect(errorOf('ignore: [DD999]\n')).toBe('.dockdoc.yml:1:10: unknown rule DD999 (dockdoc rules lists them)');
    expect(errorOf('engineVersion: banana\n')).toMatch(/^\.dockdoc\.yml:1:16: "banana" is not an engine version: expected /);
    expect(errorOf('ignore:\n  - DD50\n')).toBe('.dockdoc.yml:2:5: "DD50" is not a rule ID (DD followed by three digits, e.g. DD402)');
    expect(errorOf('reserved:\n  - cidr: 10.8.0.0/33\n')).toBe('.dockdoc.yml:2:5: "10.8.0.0/33" is not a CIDR such as 10.8.0.0/16');
    expect(errorOf('ignore: [DD501\n')).toMatch(/^\.dockdoc\.yml:2:1: /);
    expect(errorOf('thresholds:\n  overlayFillPercent: 120\n')).toBe('.dockdoc.yml:2:23: expected a percentage from 1 to 100, not 120');
    expect(errorOf('thresholds:\n  fill: 1\n')).toBe('.dockdoc.yml:2:3: unknown threshold "fill" (known: minFreeSubnets, overlayFillPercent)');
  });
});

describe('locateConfig', () => {
  it('finds .dockdoc.yml in the working directory or the nearest parent; --config wins', () => {
    const top = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-config-'));
    const nested = path.join(top, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    writeFileSync(path.join(top, '.dockdoc.yml'), 'failOn: info\n');
    expect(locateConfig(undefined, nested)).toBe(path.join(top, '.dockdoc.yml'));
    expect(locateConfig('/elsewhere.yml', nested)).toBe('/elsewhere.yml');
  });
});
