import { describe, expect, it } from 'vitest';
import { summarise, type Report } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { renderGithubAnnotations } from '../../src/report/github.js';
import { renderJunit } from '../../src/report/junit.js';

const overlap: Finding = {
  ruleId: 'DD303',
  severity: 'error',
  title: 'Compose subnets overlap each other',
  message: 'Subnet 10.30.128.0/17 of network beta_data overlaps 10.30.0.0/16 of alpha_data (alpha/compose.yaml).',
  subject: 'network:beta_data',
  location: { file: 'beta/compose.yaml', line: 9, column: 19 },
  evidence: {},
  fix: { text: 'Pick another subnet, 100% outside: a<b & "c".' },
};
const pool: Finding = {
  ...overlap,
  ruleId: 'DD305',
  severity: 'warning',
  title: "Compose subnet lies inside Docker's dynamic pools",
  message: 'Subnet 172.20.0.0/24 lies in pool 172.20.0.0/14.',
  subject: 'network:metrics_telemetry',
  location: { file: 'metrics, prod/compose.yaml', line: 12 },
};
const report = (findings: Finding[]): Report => ({ findings, skipped: [], summary: summarise(findings) });

describe('renderGithubAnnotations', () => {
  it('writes one workflow command per finding with escaped properties and data', () => {
    expect(renderGithubAnnotations(report([overlap, pool])).split('\n')).toEqual([
      '::error file=beta/compose.yaml,line=9,col=19,title=DD303 Compose subnets overlap each other::Subnet 10.30.128.0/17 of network beta_data overlaps 10.30.0.0/16 of alpha_data (alpha/compose.yaml).%0AFix: Pick another subnet, 100%25 outside: a<b & "c".',
      "::warning file=metrics%2C prod/compose.yaml,line=12,title=DD305 Compose subnet lies inside Docker's dynamic pools::Subnet 172.20.0.0/24 lies in pool 172.20.0.0/14.%0AFix: Pick another subnet, 100%25 outside: a<b & \"c\".",
      '',
    ]);
  });

  it('writes nothing when there is nothing to say', () => {
    expect(renderGithubAnnotations(report([]))).toBe('');
  });
});

describe('renderJunit', () => {
  it('has one suite per linted file, failures at or above --fail-on, escaped XML', () => {
    const xml = renderJunit(report([overlap, pool]), { files: ['alpha/compose.yaml', 'beta/compose.yaml'], failOn: 'error' });
    expect(xml.split('\n')).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="dockdoc lint" tests="3" failures="1" errors="0">',
      '  <testsuite name="alpha/compose.yaml" tests="1" failures="0" errors="0" skipped="0">',
      '    <testcase classname="alpha/compose.yaml" name="no findings"/>',
      '  </testsuite>',
      '  <testsuite name="beta/compose.yaml" tests="1" failures="1" errors="0" skipped="0">',
      '    <testcase classname="beta/compose.yaml" name="DD303 network:beta_data (line 9)"><failure type="error" message="Subnet 10.30.128.0/17 of network beta_data overlaps 10.30.0.0/16 of alpha_data (alpha/compose.yaml).">beta/compose.yaml:9:19: error DD303 Subnet 10.30.128.0/17 of network beta_data overlaps 10.30.0.0/16 of alpha_data (alpha/compose.yaml).&#10;Fix: Pick another subnet, 100% outside: a&lt;b &amp; &quot;c&quot;.</failure></testcase>',
      '  </testsuite>',
      '  <testsuite name="metrics, prod/compose.yaml" tests="1" failures="0" errors="0" skipped="0">',
      '    <testcase classname="metrics, prod/compose.yaml" name="DD305 network:metrics_telemetry (line 12)"><system-out>metrics, prod/compose.yaml:12: warning DD305 Subnet 172.20.0.0/24 lies in pool 172.20.0.0/14.&#10;Fix: Pick another subnet, 100% outside: a&lt;b &amp; &quot;c&quot;.</system-out></testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ]);
  });

  it('counts warnings as failures with --fail-on warning', () => {
    expect(renderJunit(report([overlap, pool]), { files: [], failOn: 'warning' })).toContain('<testsuites name="dockdoc lint" tests="2" failures="2" errors="0">');
  });
});
