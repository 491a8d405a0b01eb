import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherEngine } from '../../src/gather/engine.js';
import { CLEAN, cleanEnd, fakeEngine, pathWith, runDockdoc, scratch, START_UP_ALLOWANCE_MS, stubTools, unavailableFacts, type EngineBehaviour } from './support.js';

/**
 * Engines that misbehave on the wire, on unix sockets of our own. Whatever the engine does, dockdoc reports DD002
 * for the engine with the reason and ends within its bound: the request is aborted and its socket destroyed at the
 * deadline, so neither a body that never ends nor one that drips keeps the process alive after the report.
 */
const TIMEOUT_MS = 2_000;
/** gatherSnapshot reads the systemd units, then everything else at once: two timeouts back to back at most. */
const BOUND_MS = 2 * TIMEOUT_MS;

const EXPECTED_REASON: Record<EngineBehaviour, RegExp> = {
  hung: /^Could not gather engine: querying the Docker engine timed out after 2000 ms\./,
  dripping: /^Could not gather engine: querying the Docker engine timed out after 2000 ms\./,
  // Which comes first depends on how fast this machine moves 32 MiB through a socket; memory stays bounded either way.
  endless: /^Could not gather engine: (Docker engine at unix:\/\/\S+ did not answer: GET \/\S+: the answer is larger than 33554432 bytes|querying the Docker engine timed out after 2000 ms)\./,
  garbage: /^Could not gather engine: Docker engine at unix:\/\/\S+ did not answer: HPE_INVALID_CONSTANT: Parse Error: Expected HTTP\//,
  closing: /^Could not gather engine: Docker engine at unix:\/\/\S+ did not answer: (socket hang up|write EPIPE|read ECONNRESET)\./,
};

describe.each(Object.keys(EXPECTED_REASON) as EngineBehaviour[])('an engine that is %s', (behaviour) => {
  const { dir, remove } = scratch(`engine-${behaviour}`);
  let engine: Awaited<ReturnType<typeof fakeEngine>>;
  beforeAll(async () => {
    engine = await fakeEngine(dir, behaviour);
  });
  afterAll(async () => {
    await engine.close();
    remove();
  });

  it('check: DD002 for the engine with the reason, exit 0, within the bound, nothing left running', async () => {
    const run = await runDockdoc(['check', '--root', dir, '--docker-host', `unix://${engine.socketPath}`, '--timeout', String(TIMEOUT_MS), '--format', 'json'], {
      env: { PATH: pathWith(stubTools(dir)) },
    });
    expect(cleanEnd(run)).toEqual(CLEAN);
    expect(run.exitCode).toBe(0);
    expect(unavailableFacts(run.stdout)).toEqual([expect.stringMatching(EXPECTED_REASON[behaviour])]);
    expect(engine.connections()).toBeGreaterThan(0);
    expect(run.elapsedMs).toBeLessThan(BOUND_MS + START_UP_ALLOWANCE_MS);
  });

  it.runIf(['hung', 'dripping', 'endless'].includes(behaviour))('gatherEngine returns at its timeout and leaves no connection open behind it', async () => {
    await connectionsClosed(engine);
    const before = engine.connections();
    const started = Date.now();
    const fact = await gatherEngine(`unix://${engine.socketPath}`, TIMEOUT_MS);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 500);
    expect(fact).toEqual({ unavailable: expect.stringMatching(/^Docker engine at unix:\/\/\S+ did not answer: /) });
    expect(engine.connections() - before).toBe(4);
    // The server sees its end of all four connections close: the client destroyed its sockets, not just gave up waiting.
    await connectionsClosed(engine);
    expect(engine.openConnections()).toBe(0);
  });
});

async function connectionsClosed(engine: { openConnections: () => number }): Promise<void> {
  for (let waited = 0; engine.openConnections() > 0 && waited < 2_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}
