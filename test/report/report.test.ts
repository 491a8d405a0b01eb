import { describe, expect, it } from 'vitest';
import DD001 from '../../rules/DD001.js';
import DD002 from '../../rules/DD002.js';
import DD101 from '../../rules/DD101.js';
import DD207 from '../../rules/DD207.js';
import DD208 from '../../rules/DD208.js';
import { runRules } from '../../src/engine/run.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import { TOOL_VERSION } from '../../src/version.js';
import { hostFixture, withDaemonJson } from '../helpers/hosts.js';

/** A fixed catalogue, so these tests do not move when rules are added. */
const ALL_RULES = [DD001, DD002, DD101];
/** Two rules that need the engine, as DD207 and DD208 do, for a host where it was not reached. */
const ENGINE_READERS = [DD207, DD208];
const SETTINGS = { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } };
const broken = withDaemonJson(hostFixture('healthy-20.10'), '{\n  "bip": "172.17.0.1/16",\n}\n');
const report = runRules(broken, { rules: ALL_RULES, settings: SETTINGS, ignore: [], severityOverrides: {} });

describe('renderJson', () => {
  it('follows the JSON contract exactly', () => {
    const document = JSON.parse(renderJson(report));
    expect(Object.keys(document)).toEqual(['schemaVersion', 'tool', 'findings', 'skipped', 'summary']);
    expect(document.schemaVersion).toBe(1);
    expect(document.tool).toEqual({ name: 'dockdoc', version: TOOL_VERSION });
    expect(document.summary).toEqual({ error: 1, warning: 0, info: 0 });
    expect(document.findings[0]).toEqual({
      ruleId: 'DD101',
      severity: 'error',
      title: 'daemon.json cannot be read by dockerd',
      message:
        'invalid character \'}\' looking for beginning of object key string (line 3, column 1). dockerd refuses to start with "unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character \'}\' looking for beginning of object key string".',
      subject: 'file:/etc/docker/daemon.json',
      location: { file: '/etc/docker/daemon.json', line: 3, column: 1 },
      evidence: { path: '/etc/docker/daemon.json', error: "invalid character '}' looking for beginning of object key string", line: 3, column: 1 },
      fix: {
        text: 'Correct the JSON at line 3, column 1 (a missing comma or quote, or a trailing comma), then check it before restarting dockerd.',
        commands: ['python3 -m json.tool /etc/docker/daemon.json'],
      },
    });
  });
});

describe('renderText', () => {
  const text = renderText(report, { color: false, verbose: false, heading: 'dockdoc test', rules: ALL_RULES });

  it('marks each area and prints the finding with its location and fix', () => {
    expect(text).toContain('[✗] daemon.json and dockerd flags: 1 error');
    expect(text).toContain('    ✗ DD101 daemon.json cannot be read by dockerd');
    expect(text).toContain("      /etc/docker/daemon.json:3:1  invalid character '}' looking for beginning of object key string (line 3, column 1).");
    expect(text).toContain('        $ python3 -m json.tool /etc/docker/daemon.json');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Summary: 1 error, 0 warnings, 0 notes');
  });

  it('has no escape codes without colour, and colours with it', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderText(report, { color: true, verbose: false, heading: 'x', rules: ALL_RULES })).toContain('\u001b[31m');
  });

  it('says plainly in the summary how many of how many checks were skipped, and never marks such an area, or one whose fact could not be gathered, ✓', () => {
    const noEngine = runRules(hostFixture('no-engine'), { rules: [DD002, DD101, ...ENGINE_READERS], settings: SETTINGS, ignore: [], severityOverrides: {} });
    const partial = renderText(noEngine, { color: false, verbose: false, heading: 'x', rules: [DD002, DD101, ...ENGINE_READERS] });
    expect(partial.trimEnd().split('\n').at(-1)).toBe('Summary: 0 errors, 0 warnings, 3 notes; 2 of 4 checks skipped, so this is not an all-clear (-v lists them)');
    expect(partial).toContain('[!] address pools: 2 notes (2 of 2 checks skipped)');
    // The engine area skipped none of these four checks, but its fact could not be gathered: no ✓ beside that.
    expect(partial).toContain('[!] engine: 1 note');
    expect(partial).not.toMatch(/\[✓\] (address pools|engine)/);
  });
});
