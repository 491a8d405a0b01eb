import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherAddressFacts } from '../../src/gather/addressFacts.js';
import type { EngineFact, SwarmFact } from '../../src/snapshot/schema.js';

/** An engine on a unix socket of the test's own that answers a swarm manager's questions and counts them. */
const ANSWERS: Record<string, unknown> = {
  '/version': { Version: '20.10.24', ApiVersion: '1.41' },
  '/info': { ID: 'X', Swarm: { NodeID: 'n1', NodeAddr: '192.0.2.1', LocalNodeState: 'active', ControlAvailable: true, RemoteManagers: [{ NodeID: 'n1', Addr: '192.0.2.1:2377' }], Cluster: { DefaultAddrPool: ['10.0.0.0/8'], SubnetSize: 24, DataPathPort: 4789 } } },
  '/networks': [],
  '/containers/json?all=1': [],
  '/nodes': [],
  '/services': [],
  '/tasks': [],
};

describe('the engine and swarm gatherers share one GET /info', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-shared-info-'));
  const socket = path.join(dir, 'engine.sock');
  const asked: string[] = [];
  let server: Server;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = (request.url ?? '').replace(/^\/v[\d.]+/, '');
      asked.push(url);
      const answer = ANSWERS[url];
      response.writeHead(answer === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(answer ?? { message: 'not found' }));
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks /info once, and both facts read it', async () => {
    const snapshot = await gatherAddressFacts({ root: '/', dockerHost: `unix://${socket}`, timeoutMs: 5_000 }, { installedEngine: false, reason: 'not read in this test', listings: 'routes-and-addresses' });
    expect(asked.filter((url) => url === '/info')).toEqual(['/info']);
    expect((snapshot.facts.engine as EngineFact).swarm).toEqual({ state: 'active', defaultAddrPool: ['10.0.0.0/8'], subnetSize: 24 });
    expect(snapshot.facts.swarm as SwarmFact).toMatchObject({ localNodeState: 'active', role: 'manager', nodeAddr: '192.0.2.1', cluster: { dataPathPort: 4789 } });
  });
});
