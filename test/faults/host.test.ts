import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLEAN, cleanEnd, fakeEngine, pathWith, pidAlive, recordedPids, runDockdoc, survivors, scratch, START_UP_ALLOWANCE_MS, stubTools, unavailableFacts } from './support.js';

/**
 * Host faults through the built CLI: firewall tools that hang (a wrapper whose child keeps running), fail, print
 * garbage or wait for the xtables lock; FIFOs and devices where files belong; files a non-root user cannot read; and
 * all of them at once. Each run must end within two gatherer timeouts (units, then the rest) plus start-up, with
 * DD002/DD001 and exit 0 or 1, no stack trace, and no process of its own or of the tools left behind.
 */
const TIMEOUT_MS = 1_500;
const BOUND_MS = 2 * TIMEOUT_MS;

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function workspace(name: string): string {
  const { dir, remove } = scratch(name);
  cleanups.push(remove);
  return dir;
}

function check(dir: string, extra: string[] = []): string[] {
  return ['check', '--root', dir, '--docker-host', `unix://${path.join(dir, 'no-engine.sock')}`, '--timeout', String(TIMEOUT_MS), '--format', 'json', ...extra];
}

function expectWithinBound(run: { elapsedMs: number }, bound = BOUND_MS): void {
  expect(run.elapsedMs).toBeLessThan(bound + START_UP_ALLOWANCE_MS);
}

describe('firewall tools that misbehave', () => {
  it('an iptables-save wrapper whose child keeps running: timed out, and the whole process group killed (no orphan)', async () => {
    const dir = workspace('wrapper');
    const pids = path.join(dir, 'pids');
    // The shell runs `sleep` in the background and waits for it: killing only the shell would orphan the sleep.
    const bin = stubTools(dir, { 'iptables-save': `sleep 600 & echo $! >> ${pids}\necho $$ >> ${pids}\nwait` });
    const run = await runDockdoc(check(dir), { env: { PATH: pathWith(bin) } });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(run.exitCode).toBe(0);
    expect(unavailableFacts(run.stdout)).toContainEqual(expect.stringMatching(/^Could not gather iptables: reading iptables timed out after 1500 ms\./));
    expectWithinBound(run);
    const recorded = recordedPids(pids);
    expect(recorded.length).toBeGreaterThanOrEqual(2);
    expect(await survivors(recorded)).toEqual([]);
  });

  it('a wrapper that prints the rules and exits, leaving a child holding the output pipe: rules read, child killed', async () => {
    const dir = workspace('leftover');
    const pids = path.join(dir, 'pids');
    const bin = stubTools(dir, { 'iptables-save': `sleep 600 & echo $! >> ${pids}\nprintf '*filter\\n:INPUT ACCEPT [0:0]\\nCOMMIT\\n'` });
    const run = await runDockdoc(['snapshot', '--root', dir, '--docker-host', `unix://${path.join(dir, 'none.sock')}`, '--timeout', String(TIMEOUT_MS)], {
      env: { PATH: pathWith(bin) },
    });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as { facts: { iptables: { save: string } } }).facts.iptables.save).toBe('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n');
    // Well before the timeout: dockdoc does not wait for the pipe the leftover child held.
    expect(run.elapsedMs).toBeLessThan(TIMEOUT_MS + START_UP_ALLOWANCE_MS);
    expect(await survivors(recordedPids(pids))).toEqual([]);
  });

  it('a failing iptables-save: DD002 with its exit status and first line of stderr', async () => {
    const dir = workspace('fail');
    const bin = stubTools(dir, { 'iptables-save': 'echo "iptables-save: cannot initialize: Permission denied" >&2\nexit 4' });
    const run = await runDockdoc(check(dir), { env: { PATH: pathWith(bin) } });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(run.exitCode).toBe(0);
    expect(unavailableFacts(run.stdout)).toContainEqual(
      expect.stringMatching(/^Could not gather iptables: `iptables-save` failed \(exit 4\): iptables-save: cannot initialize: Permission denied\./),
    );
    expectWithinBound(run);
  });

  it('garbage from iptables-save and ip: a report (findings or DD002), never a crash', async () => {
    const dir = workspace('garbage');
    const garbage = `head -c 20000 /dev/urandom; printf '\\n-A DOCKER -j\\n*nat\\n:X - [\\n'`;
    const bin = stubTools(dir, { 'iptables-save': garbage, 'ip6tables-save': garbage, ip: 'echo "{not json"' });
    const run = await runDockdoc(check(dir), { env: { PATH: pathWith(bin) } });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect([0, 1]).toContain(run.exitCode);
    expect(JSON.parse(run.stdout)).toMatchObject({ findings: expect.any(Array), summary: expect.any(Object) });
    expectWithinBound(run);
  });

  it('an iptables-save waiting for the xtables lock another process holds: timed out, lock holder untouched', async () => {
    const dir = workspace('lock');
    const lock = path.join(dir, 'xtables.lock');
    writeFileSync(lock, '');
    // What `iptables-save -w` does while another iptables holds /run/xtables.lock: wait on flock(2).
    const bin = stubTools(dir, { 'iptables-save': `exec flock ${lock} echo '*filter'` });
    const holder: ChildProcess = spawn('flock', [lock, 'sleep', '60'], { stdio: 'ignore' });
    cleanups.push(() => {
      holder.kill('SIGKILL');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const run = await runDockdoc(check(dir), { env: { PATH: pathWith(bin) } });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(run.exitCode).toBe(0);
    expect(unavailableFacts(run.stdout)).toContainEqual(expect.stringMatching(/^Could not gather iptables: reading iptables timed out after 1500 ms\./));
    expectWithinBound(run);
    expect(pidAlive(holder.pid!)).toBe(true);
  });
});

describe('files that are not regular files', () => {
  it.each([
    ['a FIFO', (file: string) => execFileSync('mkfifo', [file]), 'it is a FIFO (named pipe)'],
    ['a link to /dev/zero', (file: string) => symlinkSync('/dev/zero', file), 'it is a character device'],
  ])('daemon.json that is %s: DD002 with the reason, at once', async (_kind, make, reason) => {
    const dir = workspace('special');
    mkdirSync(path.join(dir, 'etc/docker'), { recursive: true });
    make(path.join(dir, 'etc/docker/daemon.json'));
    const run = await runDockdoc(check(dir), { env: { PATH: pathWith(stubTools(dir)) } });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(run.exitCode).toBe(0);
    expect(unavailableFacts(run.stdout)).toContainEqual(
      expect.stringMatching(new RegExp(`^Could not gather daemonConfig: cannot read ${dir}/etc/docker/daemon\\.json: ${reason.replace(/[()]/g, '\\$&')}, not a regular file \\(dockdoc reads only regular files\\)\\.`)),
    );
    expect(run.elapsedMs).toBeLessThan(TIMEOUT_MS + START_UP_ALLOWANCE_MS);
  });

  it('a docker.service drop-in that is a FIFO: DD002 for the units, at once', async () => {
    const dir = workspace('unit-fifo');
    mkdirSync(path.join(dir, 'etc/systemd/system/docker.service.d'), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'etc/systemd/system/docker.service.d/override.conf')]);
    const run = await runDockdoc(check(dir), { env: { PATH: pathWith(stubTools(dir)) } });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(unavailableFacts(run.stdout)).toContainEqual(expect.stringMatching(/^Could not gather systemdUnits: cannot read .*override\.conf: it is a FIFO/));
    expect(run.elapsedMs).toBeLessThan(TIMEOUT_MS + START_UP_ALLOWANCE_MS);
  });

  it('lint: a .env that is a FIFO, a link to /dev/zero, or a link out of the project: DD001 at the .env, the other projects still linted', async () => {
    const dir = workspace('dotenv');
    const compose = 'services:\n  app:\n    image: x\n    networks: [n]\nnetworks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.99.0.0/33\n';
    for (const project of ['fifo', 'zero', 'escape']) {
      mkdirSync(path.join(dir, project));
      writeFileSync(path.join(dir, project, 'compose.yaml'), compose);
    }
    execFileSync('mkfifo', [path.join(dir, 'fifo/.env')]);
    symlinkSync('/dev/zero', path.join(dir, 'zero/.env'));
    writeFileSync(path.join(dir, 'host-secret'), 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\n');
    symlinkSync(path.join(dir, 'host-secret'), path.join(dir, 'escape/.env'));
    const run = await runDockdoc(['lint', '--format', 'json', 'fifo', 'zero', 'escape'], { cwd: dir });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(run.exitCode).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; location?: { file: string } }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'DD001').map((f) => [f.location?.file, f.message])).toEqual([
      ['fifo/.env', `cannot read ${dir}/fifo/.env: it is a FIFO (named pipe), not a regular file (dockdoc reads only regular files)`],
      ['zero/.env', `cannot read ${dir}/zero/.env: it is a character device, not a regular file (dockdoc reads only regular files)`],
      ['escape/.env', `cannot read ${dir}/escape/.env: it leads outside ${dir}/escape (to ${dir}/host-secret); dockdoc reads it only from inside the project`],
    ]);
    // Each project's own findings are still there.
    expect(findings.filter((f) => f.ruleId !== 'DD001').map((f) => f.location?.file).sort()).toEqual(['escape/compose.yaml', 'fifo/compose.yaml', 'zero/compose.yaml']);
    expect(run.stdout).not.toContain('wJalrXUtnFEMI');
  });

  it('lint: a .dockdoc.yml or a --baseline that is a FIFO: exit 2 naming it, at once', async () => {
    const dir = workspace('lint-fifo');
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  app:\n    image: x\n');
    execFileSync('mkfifo', [path.join(dir, '.dockdoc.yml')]);
    const config = await runDockdoc(['lint', '.'], { cwd: dir });
    expect(cleanEnd(config)).toEqual(CLEAN);
    expect(config.exitCode).toBe(2);
    expect(config.stderr).toBe(`dockdoc: ${dir}/.dockdoc.yml: cannot read configuration: it is a FIFO (named pipe), not a regular file (dockdoc reads only regular files)\n`);
    execFileSync('rm', [path.join(dir, '.dockdoc.yml')]);
    execFileSync('mkfifo', [path.join(dir, 'baseline.json')]);
    const baseline = await runDockdoc(['lint', '--baseline', 'baseline.json', '.'], { cwd: dir });
    expect(cleanEnd(baseline)).toEqual(CLEAN);
    expect(baseline.exitCode).toBe(2);
    expect(baseline.stderr).toBe('dockdoc: --baseline baseline.json: it is a FIFO (named pipe), not a regular file (dockdoc reads only regular files)\n');
  });

  it('lint: a .env over its 256 KiB cap is refused with the cap', async () => {
    const dir = workspace('dotenv-big');
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  app:\n    image: x\n');
    writeFileSync(path.join(dir, '.env'), `A=${'x'.repeat(256 * 1024)}\n`);
    const run = await runDockdoc(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(cleanEnd(run)).toEqual(CLEAN);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'DD001').map((f) => f.message)).toEqual([`cannot read ${dir}/.env: larger than dockdoc's 256 KiB cap for this input`]);
  });
});

describe.runIf(process.getuid?.() === 0)('files a non-root user cannot read (run as nobody through setpriv)', () => {
  it('daemon.json readable only by root: DD002 naming the permission problem, exit 0', async () => {
    const dir = workspace('unreadable');
    mkdirSync(path.join(dir, 'etc/docker'), { recursive: true });
    writeFileSync(path.join(dir, 'etc/docker/daemon.json'), '{"bip": "10.1.0.1/16"}', { mode: 0o600 });
    const bin = stubTools(dir);
    const run = await runDockdoc(check(dir), { env: { PATH: pathWith(bin) }, as: { uid: 65534, gid: 65534 } });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(run.exitCode).toBe(0);
    expect(unavailableFacts(run.stdout)).toContainEqual(expect.stringMatching(/^Could not gather daemonConfig: cannot read \S+daemon\.json: EACCES: permission denied/));
    expectWithinBound(run);
  });
});

describe('everything at once', () => {
  it('check and hook run: a dripping engine, a hanging wrapper, FIFOs for daemon.json and a drop-in; each ends in its bound', async () => {
    const dir = workspace('all');
    const pids = path.join(dir, 'pids');
    const bin = stubTools(dir, {
      'iptables-save': `sleep 600 & echo $! >> ${pids}\nwait`,
      'ip6tables-save': `sleep 600 & echo $! >> ${pids}\nwait`,
      ip: `sleep 600 & echo $! >> ${pids}\nwait`,
    });
    mkdirSync(path.join(dir, 'etc/docker'), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'etc/docker/daemon.json')]);
    mkdirSync(path.join(dir, 'etc/systemd/system/iptables.service.d'), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'etc/systemd/system/iptables.service.d/local.conf')]);
    const engine = await fakeEngine(dir, 'dripping');
    cleanups.push(() => engine.close());
    const env = { PATH: pathWith(bin) };

    const checked = await runDockdoc(['check', '--root', dir, '--docker-host', `unix://${engine.socketPath}`, '--timeout', String(TIMEOUT_MS), '--format', 'json'], { env });
    expect(cleanEnd(checked)).toEqual(CLEAN);
    expect(checked.exitCode).toBe(0);
    expect(unavailableFacts(checked.stdout).map((message) => message.split(':')[0])).toEqual(
      // A rule skipped for several facts is reported under the first of them, so not every fact gets its own DD002.
      expect.arrayContaining(['Could not gather daemonConfig', 'Could not gather engine', 'Could not gather iptables']),
    );
    expectWithinBound(checked);

    const hook = await runDockdoc(['hook', 'run', '--root', dir, '--docker-host', `unix://${engine.socketPath}`, '--bound', '3000', '--fail-on', 'error', '--unit', 'iptables.service'], { env });
    expect(cleanEnd(hook)).toEqual(CLEAN);
    // Not 137: the run ends by itself inside its bound, so a strict firewall unit does not fail because of it.
    expect(hook.exitCode).toBe(0);
    expect(hook.stdout).toMatch(/^<6>DD002 info fact:engine: /m);
    expect(hook.stdout).not.toContain('stopped after its');
    expectWithinBound(hook, 3_000);
    expect(await survivors(recordedPids(pids))).toEqual([]);
  });
});

describe('writes', () => {
  it('check -o into a folder that does not exist: exit 2 naming the path and the reason, never the temporary name', async () => {
    const dir = workspace('out');
    const target = path.join(dir, 'missing', 'report.json');
    const run = await runDockdoc([...check(dir), '-o', target], { env: { PATH: pathWith(stubTools(dir)) } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`dockdoc: cannot write ${target}: folder ${path.join(dir, 'missing')} does not exist\n`);
  });

  it('snapshot -o writes mode 0600 and refuses a symbolic link at the destination', async () => {
    const dir = workspace('snap');
    const env = { PATH: pathWith(stubTools(dir)) };
    const target = path.join(dir, 'host.json');
    const written = await runDockdoc(['snapshot', '--root', dir, '--docker-host', 'unix:///nonexistent.sock', '--timeout', '1000', '-o', target], { env });
    expect(written.exitCode).toBe(0);
    expect(execFileSync('stat', ['-c', '%a', target], { encoding: 'utf8' }).trim()).toBe('600');
    const link = path.join(dir, 'link.json');
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'keep');
    chmodSync(victim, 0o644);
    symlinkSync(victim, link);
    const refused = await runDockdoc(['snapshot', '--root', dir, '--docker-host', 'unix:///nonexistent.sock', '--timeout', '1000', '-o', link], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(`dockdoc: cannot write ${link}: it is a symbolic link, and dockdoc never writes through one (remove it or name its target)\n`);
  });

  it('--timeout above 2^31-1 ms is refused (Node would fire the timer after 1 ms)', async () => {
    const run = await runDockdoc(['check', '--timeout', '2147483648']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('dockdoc: --timeout must be a whole number of milliseconds from 100 to 600000, not "2147483648"\n');
  });
});
