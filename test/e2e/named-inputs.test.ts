import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockdoc, fixturePath } from '../helpers/cli.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-named-'));
const healthy = fixturePath('hosts/healthy-20.10/snapshot.json');
/** Gathering under an empty --root with no engine: touches nothing of this host; the bound is generous for a loaded machine. */
const offline = ['--root', scratch, '--docker-host', `unix://${path.join(scratch, 'no.sock')}`, '--timeout', '10000'];

describe('what a user names must exist (exit 2 with the path and the reason)', () => {
  it.each([
    [['check', '--daemon-config', '/nonexistent/daemon.json'], '--daemon-config /nonexistent/daemon.json: no such file or directory'],
    [['check', '--saved-rules', '/nope'], '--saved-rules /nope: no such file or directory'],
    [['check', '--resolv-conf', '/nope'], '--resolv-conf /nope: no such file or directory'],
    [['check', '--root', '/nonexistent'], '--root /nonexistent: no such file or directory'],
    [['snapshot', '--root', '/etc/hostname'], '--root /etc/hostname: not a directory'],
    [['check', '--config', '/nope.yml'], '--config /nope.yml: no such file or directory'],
    [['check', '--snapshot', '/nope.json'], '--snapshot /nope.json: no such file or directory'],
    [['pools', '--snapshot', '/nope.json'], '--snapshot /nope.json: no such file or directory'],
    [['lint', '--snapshot', '/nope.json', fixturePath('compose')], '--snapshot /nope.json: no such file or directory'],
    [['hook', 'run', '--snapshot', '/nope.json'], '--snapshot /nope.json: no such file or directory'],
    [['check', '--daemon-config', '/etc'], '--daemon-config /etc: is a directory, not a file'],
  ])('%j', async (args, message) => {
    expect(await dockdoc(args)).toMatchObject({ exitCode: 2, stdout: '', stderr: `dockdoc: ${message}` });
  });

  it('an absent default stays a fact: no daemon.json under --root is "defaults apply", exit 0', async () => {
    const result = await dockdoc(['snapshot', ...offline]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).facts.daemonConfig).toEqual({ path: '/etc/docker/daemon.json', present: false });
  });
});

describe('values are validated once, for the command line and .dockdoc.yml alike', () => {
  it('rule IDs are case-insensitive everywhere: --ignore dd002 like explain dd401', async () => {
    const ignored = await dockdoc(['check', ...offline, '--ignore', 'dd002', '--format', 'json']);
    expect(ignored.exitCode).toBe(0);
    expect(JSON.parse(ignored.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('DD002');
    const config = path.join(scratch, 'lower.yml');
    writeFileSync(config, 'ignore: [dd002]\nseverity:\n  dd403: warning\n');
    const fromConfig = await dockdoc(['check', ...offline, '--config', config, '--format', 'json']);
    expect(JSON.parse(fromConfig.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('DD002');
  });

  it('an unknown rule is refused on the command line and in the configuration, with the same words', async () => {
    expect(await dockdoc(['check', '--snapshot', healthy, '--ignore', 'DD999'])).toMatchObject({
      exitCode: 2,
      stderr: 'dockdoc: --ignore: unknown rule DD999 (dockdoc rules lists them)',
    });
    const config = path.join(scratch, 'unknown.yml');
    writeFileSync(config, 'failOn: error\nignore: [DD501, DD999]\n');
    expect(await dockdoc(['check', '--snapshot', healthy, '--config', config])).toMatchObject({
      exitCode: 2,
      stderr: `dockdoc: ${config}:2:17: unknown rule DD999 (dockdoc rules lists them)`,
    });
    expect((await dockdoc(['explain', 'dd999'])).stderr).toBe('dockdoc: explain: unknown rule DD999 (dockdoc rules lists them)');
  });

  it('--engine-version banana is refused with the accepted forms; 20.10.24+dfsg1 is accepted', async () => {
    const forms = 'expected a release such as 27.3.1, 27.3 or v28.5.2 (package suffixes like 20.10.24+dfsg1 are accepted)';
    expect(await dockdoc(['check', '--snapshot', healthy, '--engine-version', 'banana'])).toMatchObject({
      exitCode: 2,
      stderr: `dockdoc: --engine-version: "banana" is not an engine version: ${forms}`,
    });
    const config = path.join(scratch, 'version.yml');
    writeFileSync(config, 'engineVersion: banana\n');
    expect((await dockdoc(['pools', '--snapshot', healthy, '--config', config])).stderr).toBe(
      `dockdoc: ${config}:1:16: "banana" is not an engine version: ${forms}`,
    );
    expect((await dockdoc(['check', '--snapshot', healthy, '--engine-version', '20.10.24+dfsg1'])).exitCode).toBe(0);
  });

  it.each([
    ['banana', '"banana" is not an engine address: use unix:///path/to/docker.sock or tcp://host:port'],
    ['unix://docker.sock', 'unix://docker.sock: a unix:// address needs an absolute socket path, e.g. unix:///var/run/docker.sock'],
    ['tcp://127.0.0.1:70000', 'tcp://127.0.0.1:70000: port 70000 is not a TCP port (1-65535)'],
    ['npipe:////./pipe/docker_engine', 'npipe:////./pipe/docker_engine: npipe:// is a Windows named pipe; dockdoc checks Linux hosts (unix:// or tcp://)'],
  ])('--docker-host %s is refused', async (address, message) => {
    expect(await dockdoc(['check', '--docker-host', address])).toMatchObject({ exitCode: 2, stderr: `dockdoc: --docker-host ${message}` });
  });

  it('--docker-host ssh:// is refused with the way to forward the socket', async () => {
    expect((await dockdoc(['snapshot', '--docker-host', 'ssh://admin@db1'])).stderr).toMatch(/^dockdoc: --docker-host ssh:\/\/admin@db1: .*ssh -L \/tmp\/docker\.sock:\/var\/run\/docker\.sock HOST/);
  });

  it.each(['0', '50', '600001', '5s', ''])('--timeout %j is out of range', async (value) => {
    expect(await dockdoc(['check', '--timeout', value])).toMatchObject({
      exitCode: 2,
      stderr: `dockdoc: --timeout must be a whole number of milliseconds from 100 to 600000, not "${value}"`,
    });
  });

  it('--fail-on and --format are checked per command', async () => {
    expect((await dockdoc(['check', '--fail-on', 'sometimes'])).exitCode).toBe(2);
    expect((await dockdoc(['lint', '--format', 'prometheus'])).exitCode).toBe(2);
    expect((await dockdoc(['pools', '--format', 'sarif'])).exitCode).toBe(2);
  });
});

describe('a check that skipped checks says so, and --fail-on-skipped fails it', () => {
  it('no engine: the summary counts the skipped checks; exit 0, or 1 with --fail-on-skipped or failOnSkipped: true', async () => {
    const plain = await dockdoc(['check', ...offline]);
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Summary: .*; \d+ of \d+ checks skipped, so this is not an all-clear \(-v lists them\)$/);
    expect(plain.stdout).not.toContain('[✓] firewall');
    expect((await dockdoc(['check', ...offline, '--fail-on-skipped'])).exitCode).toBe(1);
    const config = path.join(scratch, 'strict.yml');
    writeFileSync(config, 'failOnSkipped: true\n');
    expect((await dockdoc(['check', ...offline, '--config', config])).exitCode).toBe(1);
    // DD104 needs the systemd units, which this capture lacks: ignoring the rule leaves nothing skipped.
    expect((await dockdoc(['check', '--snapshot', healthy, '--fail-on-skipped'])).exitCode).toBe(1);
    expect((await dockdoc(['check', '--snapshot', healthy, '--fail-on-skipped', '--ignore', 'dd104'])).exitCode).toBe(0);
   }, 90_000);
});

describe('check --saved-rules /bin/ls (the exact input)', () => {
  it('caps DD001 at ten findings and one saying how many more', async () => {
    const result = await dockdoc(['check', ...offline, '--saved-rules', '/bin/ls', '--format', 'json']);
    expect(result.exitCode).toBe(1);
    const dd001 = JSON.parse(result.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'DD001');
    expect(dd001).toHaveLength(11);
    expect(dd001[10].message).toMatch(/^\d+ more problems in \/bin\/ls not shown \(the first 10 are\): is this the file you meant\?$/);
  });
});

describe('repair with no engine', () => {
  it('prints its error on stderr, nothing on stdout, and exits 2', async () => {
    const result = await dockdoc(['repair', ...offline]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^dockdoc: repair needs the Docker engine to know what to rebuild, and it did not answer: Docker engine at unix:\/\/.*no\.sock \(from --docker-host\) did not answer: connect ENOENT .*\. Check that dockerd runs \(systemctl status docker\)\.$/,
    );
  });
});
