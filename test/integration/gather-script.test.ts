import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseBundle, type Bundle } from '../../src/bundle/format.js';
import { bundleHostIo } from '../../src/bundle/hostIo.js';
import { gatherSnapshot } from '../../src/gather/snapshot.js';
import { BUSYBOX_PATH } from '../support/availability.js';
import { describeIntegration, outputOrThrow, startDockerd, type DockerdHandle } from '../support/dockerd.js';
import { simulateIptablesServiceRestart } from '../support/iptables-service-restart.js';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));
/** The admin's /etc/sysconfig/iptables from the corpus (fixtures/docker-rules/etc-sysconfig-iptables). */
const SAVED_RULES = readFileSync(new URL('../../fixtures/docker-rules/etc-sysconfig-iptables', import.meta.url), 'utf8');
const SBIN_PATH = `${process.env['PATH'] ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;
const DASH = ['/usr/bin/dash', '/bin/dash'].find((candidate) => {
  try {
    accessSync(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});
if (!DASH) console.warn('gather script under dash skipped: dash is not installed (apt-get install dash)');

/** JavaScript runtimes: the script's PATH must hold none of them, as on a host without Node. */
const RUNTIMES = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack', 'bun', 'deno']);

/**
 * A directory of links to every command on the test's PATH (and the sbin directories) but the JavaScript runtimes:
 * the script sees the same tools the live check runs, and no node.
 */
function pathWithoutNode(into: string): string {
  mkdirSync(into);
  for (const directory of SBIN_PATH.split(':').filter(Boolean)) {
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch {
      continue;
    }
    for (const name of names) {
      if (RUNTIMES.has(name)) continue;
      const target = path.join(directory, name);
      try {
        if (!statSync(target).isFile()) continue;
        symlinkSync(target, path.join(into, name));
      } catch {
        // an earlier directory already has this name (PATH order), or a dangling link
      }
    }
  }
  return into;
}

/**
 * The agentless path, for real: dockerd 20.10 in a namespace with a user network and a published port; the gather
 * script, run in that namespace by busybox sh and by dash with a PATH that holds no node, writes a bundle; `check
 * --snapshot BUNDLE` gives exactly the findings of a live `check` in the same namespace, healthy and after the EL7 and
 * EL8 flavours of `systemctl restart iptables`.
 */
describeIntegration('the gather script on a real dockerd 20.10, under busybox sh and dash, without node', () => {
  let daemon: DockerdHandle;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-gather-'));
  const scriptFile = path.join(scratch, 'gather.sh');
  let farm: string;

  const env = () => ({ NO_COLOR: '1', DOCKER_HOST: daemon.dockerHost });

  async function liveCheck(): Promise<{ exitCode: number; report: { findings: unknown[]; skipped: unknown[] } }> {
    const result = await daemon.inNetns(process.execPath, [BIN, 'check', '--format', 'json'], { env: { ...env(), PATH: SBIN_PATH } });
    expect(result.stderr).toBe('');
    return { exitCode: result.exitCode, report: JSON.parse(result.stdout) };
  }

  /** The script in the namespace under `shell`; the bundle's path, its size and how long the script took. */
  async function gather(shell: string[], name: string): Promise<{ file: string; bytes: number; ms: number; bundle: Bundle }> {
    const started = performance.now();
    const result = await daemon.inNetns(shell[0]!, [...shell.slice(1), scriptFile], { env: { ...env(), PATH: farm }, timeoutMs: 180_000 });
    const ms = Math.round(performance.now() - started);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const file = path.join(scratch, `${name}.bundle`);
    writeFileSync(file, result.stdout);
    const bundle = parseBundle(file, Buffer.from(result.stdout));
    if (!('records' in bundle)) throw new Error(`${bundle.file}:${bundle.line}:${bundle.column} ${bundle.message}`);
    return { file, bytes: Buffer.byteLength(result.stdout), ms, bundle };
  }

  async function bundleCheck(file: string): Promise<{ exitCode: number; report: { findings: unknown[]; skipped: unknown[] } }> {
    const result = await daemon.inNetns(process.execPath, [BIN, 'check', '--snapshot', file, '--format', 'json'], { env: env() });
    expect(result.stderr).toBe('');
    return { exitCode: result.exitCode, report: JSON.parse(result.stdout) };
  }

  /** Under each shell: the bundle's findings are the live ones; every question the gatherers asked had a record. */
  async function expectBundleEqualsLive(state: string): Promise<unknown[]> {
    const live = await liveCheck();
    const shells: [string, string[]][] = [['busybox', [BUSYBOX_PATH, 'sh']], ...(DASH ? [['dash', [DASH]] as [string, string[]]] : [])];
    for (const [name, shell] of shells) {
      const gathered = await gather(shell, `${state}-${name}`);
      console.log(`gather script under ${name} (${state}): ${gathered.ms} ms, ${gathered.bytes} bytes, ${gathered.bundle.records.length} records`);
      const io = bundleHostIo(gathered.bundle);
      await gatherSnapshot({ root: '/', timeoutMs: 5000, io });
      expect(io.unanswered, `${name}: questions the bundle had no record for`).toEqual([]);
      const offline = await bundleCheck(gathered.file);
      expect({ shell: name, findings: offline.report.findings, skipped: offline.report.skipped, exitCode: offline.exitCode }).toEqual({
        shell: name,
        findings: live.report.findings,
        skipped: live.report.skipped,
        exitCode: live.exitCode,
      });
    }
    return live.report.findings;
  }

  beforeAll(async () => {
    daemon = await startDockerd({ ipForward: '0' });
    const image = await daemon.importBusybox();
    outputOrThrow(await daemon.docker(['network', 'create', 'web']), 'network create');
    outputOrThrow(await daemon.docker(['run', '-d', '--name', 'site', '--network', 'web', '--restart', 'always', '-p', '8080:80', image, 'httpd', '-f', '-p', '80']), 'docker run');
    const printed = await daemon.inNetns(process.execPath, [BIN, 'gather-script', '-o', scriptFile]);
    outputOrThrow(printed, 'dockdoc gather-script');
    farm = pathWithoutNode(path.join(scratch, 'bin'));
  }, 240_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('the PATH the script runs with holds no node', async () => {
    const found = await daemon.inNetns(BUSYBOX_PATH, ['sh', '-c', 'command -v node || echo none'], { env: { PATH: farm } });
    expect(found.stdout.trim()).toBe('none');
  });

  it('healthy: the bundle holds the engine, its user network and the published port, and gives the live findings', async () => {
    const findings = await expectBundleEqualsLive('healthy');
    expect(findings.filter((f) => (f as { ruleId: string }).ruleId === 'DD401')).toEqual([]);
    const fromBundle = await daemon.inNetns(process.execPath, [BIN, 'snapshot', '--from', path.join(scratch, 'healthy-busybox.bundle')], { env: env() });
    const live = await daemon.inNetns(process.execPath, [BIN, 'snapshot'], { env: { ...env(), PATH: SBIN_PATH } });
    const engine = JSON.parse(fromBundle.stdout).facts.engine;
    // The docker CLI's answers make the engine fact the API's answers make.
    expect(engine).toEqual(JSON.parse(live.stdout).facts.engine);
    expect(engine.networks.map((n: { name: string }) => n.name)).toEqual(['bridge', 'host', 'none', 'web']);
    expect(engine.containers[0].name).toBe('site');
    expect(engine.containers[0].ports).toContainEqual({ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' });
  }, 300_000);

  it('after the EL7 restart (every Docker chain gone): the same DD401 findings from the bundle as live', async () => {
    await simulateIptablesServiceRestart(daemon, 'el7', SAVED_RULES);
    const findings = await expectBundleEqualsLive('el7');
    expect(findings.map((f) => (f as { ruleId: string }).ruleId)).toContain('DD401');
  }, 300_000);

  it('after the EL8 restart (filter replaced, nat intact): the same findings from the bundle as live', async () => {
    await daemon.restart();
    await simulateIptablesServiceRestart(daemon, 'el8', SAVED_RULES);
    const findings = await expectBundleEqualsLive('el8');
    expect(findings.map((f) => (f as { ruleId: string }).ruleId)).toContain('DD401');
  }, 300_000);
});
