import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import { hookDropIn, restartDropIn } from '../../src/hook/dropIns.js';
import { HOOK_TARGETS } from '../../src/hook/targets.js';
import type { HostFile, Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';

const SETTINGS = { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } };
const IPTABLES = HOOK_TARGETS.find((t) => t.unit === 'iptables.service')!;

function unitFile(name: string): HostFile {
  return { path: `/usr/lib/systemd/system/${name}`, present: true, text: readFileSync(new URL(`../../fixtures/systemd/${name}`, import.meta.url), 'utf8') };
}

/** The EL7 host of the corpus, with iptables-services and docker.service installed and the given drop-ins. */
function el7With(dropIns: { iptables?: string; docker?: string }): Snapshot {
  const snapshot = hostFixture('el7-iptables-restart');
  const dropIn = (unit: string, text: string | undefined): HostFile[] =>
    text === undefined ? [] : [{ path: `/etc/systemd/system/${unit}.d/50-dockdoc.conf`, present: true, text }];
  return {
    ...snapshot,
    facts: {
      ...snapshot.facts,
      systemdUnits: {
        units: {
          'iptables.service': { fragment: unitFile('iptables.service'), dropIns: dropIn('iptables.service', dropIns.iptables) },
          'docker.service': { fragment: unitFile('docker.service'), dropIns: dropIn('docker.service', dropIns.docker) },
        },
      },
    },
  };
}

function dd409(snapshot: Snapshot): string[] {
  return runRules(snapshot, { rules: ALL_RULES, settings: SETTINGS, ignore: [], severityOverrides: {} })
    .findings.filter((f) => f.ruleId === 'DD409')
    .map((f) => f.subject);
}

/** DD409 (the firewall rules' owner) must take what `hook install` writes as the fix it recommends. */
describe('DD409 and the drop-ins of hook install', () => {
  it('warns about iptables-services with no hook', () => {
    expect(dd409(el7With({}))).toEqual(['unit:iptables.service']);
  });

  it('is satisfied by the hook drop-in, with or without --fix', () => {
    for (const fix of [false, true]) {
      const text = hookDropIn(IPTABLES, true, { command: ['/usr/bin/node', '/opt/dockdoc/bin/dockdoc.js'], fix, strict: false, boundMs: null, dockerHost: null });
      expect(dd409(el7With({ iptables: text }))).toEqual([]);
    }
  });

  it('is satisfied by the --restart-docker drop-in on docker.service', () => {
    expect(dd409(el7With({ docker: restartDropIn(['iptables.service']) }))).toEqual([]);
  });
});
