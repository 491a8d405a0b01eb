import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { runRules, summarise, type Report } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { journalLine, renderJournald } from '../../src/report/journald.js';
import { dockdoc, fixturePath } from '../helpers/cli.js';
import { hostFixture, withDaemonJson } from '../helpers/hosts.js';

const SETTINGS = { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } };

function finding(ruleId: string, severity: Finding['severity'], subject: string, message: string): Finding {
  return { ruleId, severity, title: `${ruleId} title`, message, subject, evidence: {}, fix: { text: `fix ${ruleId}` } };
}

function report(findings: Finding[], skipped = 0): Report {
  return { findings, skipped: Array.from({ length: skipped }, (_, i) => ({ ruleId: `DD9${i}`, reason: 'x' })), summary: summarise(findings) };
}

describe('renderJournald', () => {
  it('writes one line per finding with the syslog priority of its severity, then a summary at the worst one', () => {
    const text = renderJournald(
      report(
        [
          finding('DD401', 'error', 'port:0.0.0.0:80/tcp', 'published port has no DNAT rule'),
          finding('DD402', 'warning', 'file:/etc/sysconfig/iptables', 'saved rules missing'),
          finding('DD002', 'info', 'fact:engine', 'could not gather engine'),
        ],
        2,
      ),
      { context: 'hook after iptables.service reload' },
    );
    expect(text).toBe(
      [
        '<3>DD401 error port:0.0.0.0:80/tcp: published port has no DNAT rule Fix: fix DD401',
        '<4>DD402 warning file:/etc/sysconfig/iptables: saved rules missing Fix: fix DD402',
        '<6>DD002 info fact:engine: could not gather engine Fix: fix DD002',
        '<3>dockdoc hook after iptables.service reload: 1 error, 1 warning, 1 note, 2 checks skipped',
        '',
      ].join('\n'),
    );
  });

  it('summarises at <4> with warnings only, and at <6> when clean', () => {
    expect(renderJournald(report([finding('DD402', 'warning', 's', 'm'), finding('DD403', 'warning', 's', 'm')]), { context: 'check' }).split('\n')[2]).toBe(
      '<4>dockdoc check: 0 errors, 2 warnings, 0 notes',
    );
    expect(renderJournald(report([]), { context: 'check' })).toBe('<6>dockdoc check: 0 errors, 0 warnings, 0 notes\n');
  });

  it('keeps every entry on one line, with the location of a real finding', () => {
    const broken = withDaemonJson(hostFixture('healthy-20.10'), '{\n  "bip": "172.17.0.1/16",\n}\n');
    const real = runRules(broken, { rules: ALL_RULES, settings: SETTINGS, ignore: [], severityOverrides: {} });
    const lines = renderJournald(real, { context: 'check' }).trimEnd().split('\n');
    expect(lines).toHaveLength(real.findings.length + 1);
    expect(lines.find((line) => line.includes('DD101'))).toBe(
      '<3>DD101 error file:/etc/docker/daemon.json: invalid character \'}\' looking for beginning of object key string (line 3, column 1). dockerd refuses to start with "unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character \'}\' looking for beginning of object key string". (/etc/docker/daemon.json:3:1) Fix: Correct the JSON at line 3, column 1 (a missing comma or quote, or a trailing comma), then check it before restarting dockerd.',
    );
    expect(journalLine(4, 'first line\n  second line\r\nthird')).toBe('<4>first line second line third');
  });
});

describe('dockdoc check --format journald', () => {
  it('prints one journal line per finding of the same check in JSON, then the summary', async () => {
    const snapshot = fixturePath('hosts/el7-iptables-restart/snapshot.json');
    const journal = await dockdoc(['check', '--snapshot', snapshot, '--format', 'journald']);
    const json = JSON.parse((await dockdoc(['check', '--snapshot', snapshot, '--format', 'json'])).stdout) as Report;
    expect(journal.exitCode).toBe(1);
    const priority = { error: 3, warning: 4, info: 6 };
    expect(journal.stdout.split('\n').map((line) => line.slice(0, line.indexOf(':')))).toEqual([
      ...json.findings.map((f) => `<${priority[f.severity]}>${f.ruleId} ${f.severity} ${f.subject.slice(0, f.subject.indexOf(':'))}`),
      '<3>dockdoc check',
    ]);
  });
});
