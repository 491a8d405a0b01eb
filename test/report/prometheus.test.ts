import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { runRules, summarise, type Report } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { escapeLabelValue, renderPrometheus } from '../../src/report/prometheus.js';
import { dockdoc, fixturePath } from '../helpers/cli.js';
import { hostFixture } from '../helpers/hosts.js';
import { REQUIRE_INTEGRATION_ENV } from '../support/describe-integration.js';

interface MetricFamily {
  name: string;
  help: string;
  type: string;
  metrics: { value: string; labels?: Record<string, string> }[];
}
const parse = parsePrometheusTextFormat as (text: string) => MetricFamily[];

/** Samples of one family as "labels → value", e.g. {'area=firewall,severity=error': 1}. */
function samples(families: MetricFamily[], name: string): Record<string, number> {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no ${name}`);
  return Object.fromEntries(
    family.metrics.map((m) => [Object.entries(m.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','), Number(m.value)]),
  );
}

const SETTINGS = { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } };
const FINISHED = new Date('2025-03-01T10:00:00.250Z');
const HOSTS = ['healthy-20.10', 'el7-iptables-restart', 'el8-iptables-restart', 'after-dockerd-restart', 'no-engine'];

function finding(ruleId: string, severity: Finding['severity'], subject: string, area?: string): Finding {
  return { ruleId, severity, title: 't', message: 'm', subject, evidence: area ? { area } : {}, fix: { text: 'f' } };
}

/** Whether an external tool exists; CI (DOCKDOC_REQUIRE_INTEGRATION=1) must have it. */
function skipWithout(tool: string, install: string): string | false {
  if (existsSync(tool)) return false;
  if (process.env[REQUIRE_INTEGRATION_ENV] === '1') throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but ${tool} is missing (${install})`);
  return `${tool} missing (${install})`;
}

describe('renderPrometheus', () => {
  it('writes every family, with exact samples, as a prom2json-style parser reads them', () => {
    const report: Report = {
      findings: [
        finding('DD101', 'error', 'file:/etc/docker/daemon.json'),
        finding('DD206', 'warning', 'network:a'),
        finding('DD206', 'warning', 'network:b'),
        finding('DD206', 'error', 'network:c'),
        finding('DD002', 'info', 'fact:iptables', 'firewall'),
      ],
      skipped: [
        { ruleId: 'DD301', reason: 'compose unavailable' },
        { ruleId: 'DD302', reason: 'compose unavailable' },
      ],
      summary: { error: 2, warning: 2, info: 1 },
    };
    const families = parse(renderPrometheus(report, { rules: ALL_RULES, success: true, finishedAt: FINISHED }));
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ['dockdoc_check_success', 'GAUGE'],
      ['dockdoc_last_run_timestamp_seconds', 'GAUGE'],
      ['dockdoc_findings', 'GAUGE'],
      ['dockdoc_area_findings', 'GAUGE'],
      ['dockdoc_area_skipped_rules', 'GAUGE'],
    ]);
    expect(samples(families, 'dockdoc_check_success')).toEqual({ '': 1 });
    expect(samples(families, 'dockdoc_last_run_timestamp_seconds')).toEqual({ '': 1740823200.25 });
    expect(samples(families, 'dockdoc_findings')).toEqual({
      'rule=DD002,severity=info': 1,
      'rule=DD101,severity=error': 1,
      'rule=DD206,severity=error': 1,
      'rule=DD206,severity=warning': 2,
    });
    expect(samples(families, 'dockdoc_area_findings')).toEqual({
      'area=daemon,severity=error': 1,
      'area=daemon,severity=warning': 0,
      'area=daemon,severity=info': 0,
      'area=pools,severity=error': 1,
      'area=pools,severity=warning': 2,
      'area=pools,severity=info': 0,
      'area=compose,severity=error': 0,
      'area=compose,severity=warning': 0,
      'area=compose,severity=info': 0,
      'area=firewall,severity=error': 0,
      'area=firewall,severity=warning': 0,
      'area=firewall,severity=info': 1,
      'area=engine,severity=error': 0,
      'area=engine,severity=warning': 0,
      'area=engine,severity=info': 0,
    });
    expect(samples(families, 'dockdoc_area_skipped_rules')).toEqual({
      'area=daemon': 0,
      'area=pools': 0,
      'area=compose': 2,
      'area=firewall': 0,
      'area=engine': 0,
    });
  });

  it('reports a run that could not read its input as check_success 0', () => {
    const families = parse(renderPrometheus({ findings: [], skipped: [], summary: summarise([]) }, { rules: ALL_RULES, success: false, finishedAt: FINISHED }));
    expect(samples(families, 'dockdoc_check_success')).toEqual({ '': 0 });
    expect(samples(families, 'dockdoc_findings')).toEqual({});
  });

  it('agrees with the report on every host fixture', () => {
    for (const host of HOSTS) {
      const report = runRules(hostFixture(host), { rules: ALL_RULES, settings: SETTINGS, ignore: [], severityOverrides: {} });
      const families = parse(renderPrometheus(report, { rules: ALL_RULES, success: true, finishedAt: FINISHED }));
      const total = (name: string) => Object.values(samples(families, name)).reduce((a, b) => a + b, 0);
      expect({ host, findings: total('dockdoc_findings'), areas: total('dockdoc_area_findings'), skipped: total('dockdoc_area_skipped_rules') }).toEqual({
        host,
        findings: report.findings.length,
        areas: report.findings.length,
        skipped: report.skipped.length,
      });
    }
  });

  it('escapes any label value so that the parser reads it back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\\', '"', '\n', 'n', '{', '}', ',', '=', ' ', 'ü') }), (value) => {
        const text = `# TYPE x gauge\nx{v="${escapeLabelValue(value)}"} 1\n`;
        expect(parse(text)[0]!.metrics[0]!.labels).toEqual({ v: value });
      }),
    );
  });
});

describe.skipIf(skipWithout('/usr/bin/promtool', 'apt-get install prometheus'))('promtool check metrics', () => {
  it('finds nothing to complain about in the output for every host fixture', () => {
    for (const host of HOSTS) {
      const report = runRules(hostFixture(host), { rules: ALL_RULES, settings: SETTINGS, ignore: [], severityOverrides: {} });
      const result = spawnSync('/usr/bin/promtool', ['check', 'metrics'], {
        input: renderPrometheus(report, { rules: ALL_RULES, success: true, finishedAt: FINISHED }),
        encoding: 'utf8',
      });
      expect({ host, status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({ host, status: 0, output: '' });
    }
  });

  it('rejects a malformed exposition (so the check above can fail)', () => {
    const result = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: 'dockdoc_findings{rule="DD401} 1\n', encoding: 'utf8' });
    expect(result.status).toBe(1);
  });
});

describe('dockdoc check --format prometheus -o FILE', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-prom-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file by rename, never rewriting it in place, and leaves no temp file', async () => {
    const file = path.join(dir, 'dockdoc.prom');
    writeFileSync(file, 'old\n');
    const before = statSync(file).ino;
    const result = await dockdoc(['check', '--snapshot', fixturePath('hosts/el7-iptables-restart/snapshot.json'), '--format', 'prometheus', '-o', file]);
    expect(result.stdout).toBe('');
    expect(statSync(file).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['dockdoc.prom']);
    const families = parse(readFileSync(file, 'utf8'));
    expect(samples(families, 'dockdoc_check_success')).toEqual({ '': 1 });
    const stamp = samples(families, 'dockdoc_last_run_timestamp_seconds')['']!;
    expect(Math.abs(stamp - Date.now() / 1000)).toBeLessThan(120);
  });

  it('says check_success 0, with the DD001 finding, when the snapshot cannot be read', async () => {
    const file = path.join(dir, 'broken.prom');
    // A named snapshot that does not exist is a usage error before anything runs; one that exists but does not parse
    // is DD001, and since nothing was checked the run exits 2 all the same.
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"facts": ');
    const result = await dockdoc(['check', '--snapshot', broken, '--format', 'prometheus', '-o', file]);
    expect(result.exitCode).toBe(2);
    const families = parse(readFileSync(file, 'utf8'));
    expect(samples(families, 'dockdoc_check_success')).toEqual({ '': 0 });
    expect(samples(families, 'dockdoc_findings')).toEqual({ 'rule=DD001,severity=error': 1 });
  });
});

const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';

describe.skipIf(skipWithout(NODE_EXPORTER, 'apt-get install prometheus-node-exporter'))('node_exporter textfile collector', () => {
  it('serves what `check --format prometheus` wrote, with no scrape error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-textfile-'));
    const file = path.join(dir, 'dockdoc.prom');
    await dockdoc(['check', '--snapshot', fixturePath('hosts/no-engine/snapshot.json'), '--format', 'prometheus', '-o', file]);
    const ours = parse(readFileSync(file, 'utf8'));
    const port = await freeLoopbackPort();
    const exporter = spawn(
      NODE_EXPORTER,
      ['--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${dir}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: 'ignore' },
    );
    try {
      const served = parse(await scrape(`http://127.0.0.1:${port}/metrics`));
      expect(samples(served, 'node_textfile_scrape_error')).toEqual({ '': 0 });
      for (const name of ['dockdoc_check_success', 'dockdoc_last_run_timestamp_seconds', 'dockdoc_findings', 'dockdoc_area_findings', 'dockdoc_area_skipped_rules']) {
        expect({ name, served: samples(served, name) }).toEqual({ name, served: samples(ours, name) });
      }
    } finally {
      exporter.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** GETs the exporter's page, waiting up to 10 s for it to listen. */
async function scrape(url: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return await response.text();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}
