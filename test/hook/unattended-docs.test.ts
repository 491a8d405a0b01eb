import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hookDropIn, restartDropIn } from '../../src/hook/dropIns.js';
import { HOOK_TARGETS } from '../../src/hook/targets.js';
import { REQUIRE_INTEGRATION_ENV } from '../support/describe-integration.js';
import { makeSystemdRoot, skipUnlessSystemdAnalyze, verifyUnits } from './systemdRoot.js';

/** docs/unattended.md is tested like code: its unit files, drop-ins and alert rules are the real thing. */
const DOC = readFileSync(new URL('../../docs/unattended.md', import.meta.url), 'utf8');

/** Fenced blocks of a language, in order. */
function blocks(language: string): string[] {
  return [...DOC.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]!);
}

/** The ini block that follows the line naming a file, e.g. `/etc/systemd/system/dockdoc-metrics.service`. */
function unitFileBlock(name: string): string {
  const match = new RegExp(`\`/etc/systemd/system/${name.replace('.', '\\.')}\`:\\n\\n\`\`\`ini\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(DOC);
  if (!match) throw new Error(`docs/unattended.md has no ini block for ${name}`);
  return match[1]!;
}

describe('docs/unattended.md', () => {
  it('shows the drop-in exactly as `hook install` writes it', () => {
    const generated = hookDropIn(HOOK_TARGETS.find((t) => t.unit === 'iptables.service')!, true, {
      command: ['/usr/bin/node', '/usr/lib/node_modules/dockdoc/bin/dockdoc.js'],
      fix: false,
      strict: false,
      boundMs: null,
      dockerHost: null,
    });
    const [shown] = blocks('ini');
    const createdNote = '# dockdoc created this drop-in directory: `dockdoc hook remove` deletes it when it is empty.\n';
    expect(shown!.replace(createdNote, '')).toBe(generated);
  });

  it('shows the [Unit] section of the --restart-docker drop-in exactly', () => {
    const generated = restartDropIn(['iptables.service', 'ip6tables.service', 'netfilter-persistent.service', 'nftables.service']);
    expect(generated.endsWith(blocks('ini')[1]!)).toBe(true);
  });
});

describe.skipIf(skipUnlessSystemdAnalyze())('the documented timer units under systemd-analyze verify', () => {
  const root = makeSystemdRoot(['docker.service', 'docker.socket', 'containerd.service']);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('accepts dockdoc-metrics.service and dockdoc-metrics.timer', () => {
    const dir = path.join(root, 'etc/systemd/system');
    mkdirSync(dir, { recursive: true });
    for (const name of ['dockdoc-metrics.service', 'dockdoc-metrics.timer']) writeFileSync(path.join(dir, name), unitFileBlock(name));
    const command = /^ExecStart=(\S+)/m.exec(unitFileBlock('dockdoc-metrics.service'))![1]!;
    // The documented install path of dockdoc; verify checks it is executable under the root.
    mkdirSync(path.join(root, path.dirname(command)), { recursive: true });
    writeFileSync(path.join(root, command), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(verifyUnits(root, ['dockdoc-metrics.service', 'dockdoc-metrics.timer'])).toEqual({ exitCode: 0, output: '' });
  });
});

const PROMTOOL = '/usr/bin/promtool';
function skipWithoutPromtool(): string | false {
  if (existsSync(PROMTOOL)) return false;
  if (process.env[REQUIRE_INTEGRATION_ENV] === '1') throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but ${PROMTOOL} is missing (apt-get install prometheus)`);
  return `${PROMTOOL} missing (apt-get install prometheus)`;
}

describe.skipIf(skipWithoutPromtool())('the documented alert rules under promtool', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-alerts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rules = blocks('yaml')[0]!;
  writeFileSync(path.join(dir, 'dockdoc.rules.yml'), rules);

  function promtool(args: string[]): { status: number | null; output: string } {
    const result = spawnSync(PROMTOOL, args, { cwd: dir, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('passes promtool check rules', () => {
    expect(promtool(['check', 'rules', 'dockdoc.rules.yml'])).toEqual({ status: 0, output: 'Checking dockdoc.rules.yml\n  SUCCESS: 3 rules found\n\n' });
  });

  it('fires on a DD401 error after 10 minutes, on stale metrics, and on a failed run, and resolves when fixed', () => {
    // Series as node_exporter would expose them from the textfile, scraped every minute.
    writeFileSync(
      path.join(dir, 'tests.yml'),
      `rule_files: [dockdoc.rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'dockdoc_findings{instance="web-1", job="node", rule="DD401", severity="error"}'
        values: '1x15 _x30'
      - series: 'dockdoc_check_success{instance="web-1", job="node"}'
        values: '1x60'
      - series: 'dockdoc_last_run_timestamp_seconds{instance="web-1", job="node"}'
        values: '0+60x60'
      - series: 'dockdoc_check_success{instance="web-2", job="node"}'
        values: '0x60'
      - series: 'dockdoc_last_run_timestamp_seconds{instance="web-2", job="node"}'
        values: '0+60x60'
      # web-3's timer stopped: its last run stays at time 0.
      - series: 'dockdoc_check_success{instance="web-3", job="node"}'
        values: '1x60'
      - series: 'dockdoc_last_run_timestamp_seconds{instance="web-3", job="node"}'
        values: '0x60'
    alert_rule_test:
      - eval_time: 9m
        alertname: DockdocError
        exp_alerts: []
      - eval_time: 11m
        alertname: DockdocError
        exp_alerts:
          - exp_labels: { severity: critical, instance: web-1, rule: DD401 }
            exp_annotations:
              summary: dockdoc DD401 on web-1
              description: "dockdoc found 1 error(s) of rule DD401. Run \`dockdoc check\` on the host; \`dockdoc explain DD401\` says why and how to fix it."
      - eval_time: 30m
        alertname: DockdocError
        exp_alerts: []
      - eval_time: 20m
        alertname: DockdocNotReporting
        exp_alerts:
          - exp_labels: { severity: warning, instance: web-2, job: node }
            exp_annotations:
              summary: dockdoc has not reported from web-2
              description: "The dockdoc metrics are older than 30 minutes, or the last run could not read its input: check dockdoc-metrics.timer and \`journalctl -u dockdoc-metrics\`."
      - eval_time: 46m
        alertname: DockdocNotReporting
        exp_alerts:
          - exp_labels: { severity: warning, instance: web-2, job: node }
            exp_annotations:
              summary: dockdoc has not reported from web-2
              description: "The dockdoc metrics are older than 30 minutes, or the last run could not read its input: check dockdoc-metrics.timer and \`journalctl -u dockdoc-metrics\`."
          - exp_labels: { severity: warning, instance: web-3, job: node }
            exp_annotations:
              summary: dockdoc has not reported from web-3
              description: "The dockdoc metrics are older than 30 minutes, or the last run could not read its input: check dockdoc-metrics.timer and \`journalctl -u dockdoc-metrics\`."
`,
    );
    expect(promtool(['test', 'rules', 'tests.yml'])).toEqual({ status: 0, output: 'Unit Testing:  tests.yml\n  SUCCESS\n\n' });
  });
});
