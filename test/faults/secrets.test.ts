import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLEAN, cleanEnd, pathWith, runDockdoc, scratch, stubTools } from './support.js';

/**
 * Secrets a host or a repository holds must not reach a snapshot or a report: the snapshot is what the README
 * suggests committing for CI, and lint's reports become SARIF uploads, CI annotations and JUnit artefacts.
 */
const SPLUNK_TOKEN = '176FCEBF-4CF5-4EDF-91BC-703796522D20';
const PROXY_PASSWORD = 'pr0xy-pa55';
const ENVIRONMENT_SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY';
const LOG_OPT_TOKEN = 'flag-token-0d9f8e';

const removers: (() => void)[] = [];
afterEach(() => removers.splice(0).forEach((remove) => remove()));

function hostTree(): string {
  const { dir, remove } = scratch('secrets');
  removers.push(remove);
  mkdirSync(path.join(dir, 'etc/docker'), { recursive: true });
  writeFileSync(
    path.join(dir, 'etc/docker/daemon.json'),
    `{
  "bip": "172.26.0.1/16",
  "bip": "10.200.0.1/24",
  "log-driver": "splunk",
  "log-opts": { "splunk-token": "${SPLUNK_TOKEN}", "splunk-url": "https://splunk.example:8088" },
  "proxies": { "http-proxy": "http://ops:${PROXY_PASSWORD}@proxy.example:3128" },
  "iptables": "false"
}
`,
  );
  mkdirSync(path.join(dir, 'etc/systemd/system/docker.service.d'), { recursive: true });
  writeFileSync(
    path.join(dir, 'etc/systemd/system/docker.service.d/override.conf'),
    [
      '[Service]',
      `Environment="HTTP_PROXY=http://ops:${PROXY_PASSWORD}@proxy.example:3128" "AWS_SECRET_ACCESS_KEY=${ENVIRONMENT_SECRET}"`,
      'Environment=DOCKER_INSECURE_NO_IPTABLES_RAW=1',
      'ExecStart=',
      `ExecStart=/usr/bin/dockerd -H fd:// --log-opt splunk-token=${LOG_OPT_TOKEN} --ip-forward=false`,
      '',
    ].join('\n'),
  );
  return dir;
}

function expectNoSecret(text: string): void {
  for (const secret of [SPLUNK_TOKEN, PROXY_PASSWORD, ENVIRONMENT_SECRET, LOG_OPT_TOKEN]) expect(text).not.toContain(secret);
}

describe('snapshot -o', () => {
  it('stores no secret, keeps what the rules read, and check gives the same findings from it as from the host', async () => {
    const dir = hostTree();
    const env = { PATH: pathWith(stubTools(dir)) };
    const gather = ['--root', dir, '--docker-host', `unix://${dir}/none.sock`, '--timeout', '2000'];
    const snapshotFile = path.join(dir, 'host.json');
    const saved = await runDockdoc(['snapshot', ...gather, '-o', snapshotFile], { env });
    expect(cleanEnd(saved)).toEqual(CLEAN);
    expect(saved.exitCode).toBe(0);
    const text = readFileSync(snapshotFile, 'utf8');
    expectNoSecret(text);
    const facts = (JSON.parse(text) as { facts: { systemdUnits: { units: Record<string, { dropIns: { text: string }[] }> } } }).facts;
    expect(facts.systemdUnits.units['docker.service']!.dropIns[0]!.text).toBe(
      [
        '[Service]',
        'Environment=HTTP_PROXY=http://<redacted>@proxy.example:3128 AWS_SECRET_ACCESS_KEY=<redacted>',
        'Environment=DOCKER_INSECURE_NO_IPTABLES_RAW=1',
        'ExecStart=',
        'ExecStart=/usr/bin/dockerd -H fd:// --log-opt splunk-token=<redacted> --ip-forward=false',
        '',
      ].join('\n'),
    );

    const fromHost = await runDockdoc(['check', ...gather, '--format', 'json'], { env });
    const fromSnapshot = await runDockdoc(['check', '--snapshot', snapshotFile, '--format', 'json'], { env });
    const findings = (json: string) => (JSON.parse(json) as { findings: unknown[] }).findings;
    expectNoSecret(fromHost.stdout);
    // Findings on daemon.json (the duplicate key, the string "false") and on the unit keep their file:line:col.
    expect(findings(fromSnapshot.stdout)).toEqual(findings(fromHost.stdout));
    expect(fromHost.stdout).toContain('"file": "/etc/docker/daemon.json"');
  });
});

describe('lint', () => {
  it.each(['text', 'json', 'sarif', 'github', 'junit'])('--format %s names the variable an invalid subnet came from, never its value', async (format) => {
    const { dir, remove } = scratch('lint-secret');
    removers.push(remove);
    writeFileSync(
      path.join(dir, 'compose.yaml'),
      'services:\n  app:\n    image: x\n    networks: [n]\nnetworks:\n  n:\n    ipam:\n      config:\n        - subnet: ${AWS_SECRET_ACCESS_KEY}\n          ip_range: ${RANGE}\n',
    );
    const run = await runDockdoc(['lint', '--format', format, '-v', '.'], { cwd: dir, env: { AWS_SECRET_ACCESS_KEY: ENVIRONMENT_SECRET, RANGE: '10.9.0.0/24' } });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(run.exitCode).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(ENVIRONMENT_SECRET);
    expect(run.stdout).toContain('${AWS_SECRET_ACCESS_KEY}');
  });
});
