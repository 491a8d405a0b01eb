import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { runHook } from '../../src/hook/run.js';
import { dockdoc } from '../helpers/cli.js';

/**
 * A real unix socket that accepts connections and never answers: what a wedged dockerd looks like to a client.
 * The hook must still finish within its bound, saying the engine could not be gathered (DD002) and which firewall
 * rules that skipped.
 */
describe('hook mode with a hung engine socket', () => {
  let dir: string;
  let socketPath: string;
  let server: Server;
  const connections: Socket[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-hung-'));
    socketPath = path.join(dir, 'docker.sock');
    server = createServer((socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  });

  afterAll(async () => {
    for (const socket of connections) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports DD002 for the engine with the timeout the bound allowed, within the bound', async () => {
    const started = Date.now();
    const result = await runHook({
      trigger: { unit: 'nftables.service', event: 'reload' },
      boundMs: 3_000,
      settleMs: 0,
      gather: { root: dir, timeoutMs: 5_000, dockerHost: `unix://${socketPath}` },
      snapshotPath: null,
      run: { rules: ALL_RULES, settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } }, ignore: [], severityOverrides: {} },
      failOn: null,
      failOnSkipped: false,
      repair: null,
    });
    const elapsed = Date.now() - started;
    expect(connections.length).toBeGreaterThan(0);
    expect(result.text.split('\n').filter((line) => line.includes('fact:engine'))).toEqual([
      expect.stringMatching(/^<6>DD002 info fact:engine: Could not gather engine: querying the Docker engine timed out after 1375 ms\. Skipped DD401, /),
    ]);
    expect(result.exitCode).toBe(0);
    // (3000 - 250 reserve) / 2 per gatherer: the engine alone takes one timeout, never more than two.
    expect(elapsed).toBeGreaterThanOrEqual(1_375);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('the built CLI exits 0 within its bound (plus Node start-up) although the socket never answers', async () => {
    const connectionsBefore = connections.length;
    const started = Date.now();
    const result = await dockdoc(['hook', 'run', '--root', dir, '--docker-host', `unix://${socketPath}`, '--bound', '2000', '--unit', 'iptables.service']);
    const elapsed = Date.now() - started;
    expect(connections.length).toBeGreaterThan(connectionsBefore);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').at(-1)).toMatch(/^<[346]>dockdoc hook after iptables\.service start: /);
    // (2000 - 250) / 2 ms per gatherer.
    expect(result.stdout.split('\n').filter((line) => line.includes('fact:engine'))).toEqual([
      expect.stringMatching(/^<6>DD002 info fact:engine: Could not gather engine: querying the Docker engine timed out after 875 ms\. Skipped DD401, /),
    ]);
    // Node start-up and module loading come on top of the bound (over 2 s on a loaded 2-core machine); a hang would
    // last until the test helper's 60 s timeout.
    expect(elapsed).toBeLessThan(2_000 + 6_000);
  });
});
