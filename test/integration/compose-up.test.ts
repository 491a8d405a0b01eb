import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { gatherEngine } from '../../src/gather/engine.js';
import { gatherComposeProjects } from '../../src/lint/gather.js';
import { lintRules } from '../../src/lint/rules.js';
import { runLint } from '../../src/lint/run.js';
import { lintSnapshot } from '../../src/lint/snapshot.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { run, type CommandResult } from '../support/command.js';
import { describeIntegration, outputOrThrow, startDockerd, type DockerdHandle } from '../support/dockerd.js';

const CASES = fileURLToPath(new URL('../../fixtures/compose/integration/', import.meta.url));
const COMPOSE = '/usr/bin/docker-compose';

/** What `dockdoc lint --snapshot` predicts for one fixture project against the engine as it is now. */
async function predictsPoolOverlap(daemon: DockerdHandle, fixture: string, project: string): Promise<boolean> {
  const engine = await gatherEngine(daemon.dockerHost, 20_000);
  const gathered = await gatherComposeProjects({ cwd: CASES, environment: {}, files: [], projectName: project, projectDirectory: null, envFile: null, profiles: [], paths: [fixture] });
  const empty = lintSnapshot({ compose: { projects: [] }, host: null, daemonConfig: null });
  const host: Snapshot = { ...empty, facts: { ...empty.facts, engine } };
  const { report } = runLint(
    lintSnapshot({ compose: { projects: gathered.projects }, host, daemonConfig: null }),
    { rules: lintRules(ALL_RULES), settings: { engineVersion: null, reserved: [], thresholds: DEFAULT_CONFIG.thresholds }, ignore: [], severityOverrides: {} },
    gathered.problems,
    null,
  );
  expect(report.findings.filter((f) => f.ruleId === 'DD001')).toEqual([]);
  return report.findings.some((f) => f.ruleId === 'DD304');
}

/** Debian's docker-compose 1.29 against the namespaced engine: creates the networks and containers, starts nothing. */
function composeUp(daemon: DockerdHandle, fixture: string, project: string): Promise<CommandResult> {
  return run(COMPOSE, ['-p', project, '-f', `${CASES}${fixture}/compose.yaml`, 'up', '--no-start'], {
    env: { DOCKER_HOST: daemon.dockerHost, PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: daemon.paths.dockerConfig },
    timeoutMs: 90_000,
  });
}

describeIntegration('dockdoc lint predicts `docker-compose up` (DD304)', () => {
  let daemon: DockerdHandle;

  beforeAll(async () => {
    daemon = await startDockerd();
    await daemon.importBusybox();
    // The host as a server looks after a while: a network that took the first dynamic subnet, and one pinned.
    outputOrThrow(await daemon.docker(['network', 'create', 'live-auto']), 'docker network create live-auto');
    outputOrThrow(await daemon.docker(['network', 'create', '--subnet', '10.80.0.0/16', 'live-explicit']), 'docker network create live-explicit');
  });

  afterAll(async () => {
    await daemon?.stop();
  });

  it('has docker-compose 1.29 to compare with', async () => {
    expect(outputOrThrow(await run(COMPOSE, ['version', '--short']), 'docker-compose version').trim()).toMatch(/^1\.29\./);
  });

  for (const [fixture, overlaps] of [
    ['seed-overlap', true],
    ['docker0-overlap', true],
    ['explicit-overlap', true],
    ['clear', false],
  ] as const) {
    it(`${fixture}: dockdoc ${overlaps ? 'predicts' : 'does not predict'} DD304, and up ${overlaps ? 'fails with' : 'succeeds without'} "Pool overlaps"`, async () => {
      const project = `lint-${fixture}`;
      const predicted = await predictsPoolOverlap(daemon, fixture, project);
      const up = await composeUp(daemon, fixture, project);
      const poolOverlaps = up.stderr.includes('Pool overlaps with other one on this address space');
      expect({ predicted, poolOverlaps, exitCode: up.exitCode === 0 ? 0 : 'failed' }).toEqual({
        predicted: overlaps,
        poolOverlaps: overlaps,
        exitCode: overlaps ? 'failed' : 0,
      });
    });
  }

  it('an already deployed project is not its own overlap: lint stays quiet and up reuses the network', async () => {
    const project = 'lint-clear';
    const networks = outputOrThrow(await daemon.docker(['network', 'ls', '--format', '{{.Name}}']), 'docker network ls');
    expect(networks.split('\n')).toContain(`${project}_pinned`);
    expect(await predictsPoolOverlap(daemon, 'clear', project)).toBe(false);
    const again = await composeUp(daemon, 'clear', project);
    expect(again.stderr).not.toContain('Pool overlaps');
    expect(again.exitCode).toBe(0);
  });
});
