import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeInputError, gatherComposeProjects, type ComposeGatherOptions } from '../../src/lint/gather.js';
import { COMPOSE_FIXTURES } from './fixture-lint.js';

const options = (overrides: Partial<ComposeGatherOptions>): ComposeGatherOptions => ({
  cwd: COMPOSE_FIXTURES,
  environment: {},
  files: [],
  projectName: null,
  projectDirectory: null,
  envFile: null,
  profiles: [],
  paths: [],
  ...overrides,
});

describe('gatherComposeProjects', () => {
  it('searches directories for projects, with their override file, in name order', async () => {
    const { projects, problems } = await gatherComposeProjects(options({ paths: ['overlapping-projects', 'overrides'] }));
    expect(problems).toEqual([]);
    expect(projects.map((p) => [path.relative(COMPOSE_FIXTURES, p.workingDir), p.files.map((f) => f.path)])).toEqual([
      ['overlapping-projects/alpha', ['overlapping-projects/alpha/compose.yaml']],
      ['overlapping-projects/beta', ['overlapping-projects/beta/docker-compose.yml']],
      ['overrides', ['overrides/compose.yaml', 'overrides/compose.override.yaml']],
    ]);
  });

  it('merges -f files into one project named by -p, reading .env of the project directory', async () => {
    const { projects } = await gatherComposeProjects(options({ files: ['interpolated/compose.yaml', 'overrides/compose.override.yaml'], projectName: 'ci' }));
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({
      workingDir: path.join(COMPOSE_FIXTURES, 'interpolated'),
      nameOverride: 'ci',
      variables: { TELEMETRY_GATEWAY: '172.20.0.1', TELEMETRY_SUBNET: '172.20.0.0/24' },
    });
    expect(projects[0]!.files.map((f) => f.path)).toEqual(['interpolated/compose.yaml', 'overrides/compose.override.yaml']);
  });

  it('keeps unrelated .env entries and environment variables out of the snapshot', async () => {
    const { projects } = await gatherComposeProjects(options({ paths: ['interpolated'], environment: { HOME: '/root', STACK_NAME: 'prod' } }));
    expect(projects[0]!.variables).toEqual({ STACK_NAME: 'prod', TELEMETRY_GATEWAY: '172.20.0.1', TELEMETRY_SUBNET: '172.20.0.0/24' });
  });

  it('reports unreadable paths as input problems and an empty directory as a usage error', async () => {
    const { problems } = await gatherComposeProjects(options({ paths: ['no-such-dir'] }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe('no-such-dir');
    expect(problems[0]!.message).toMatch(/^cannot read no-such-dir: ENOENT/);
    await expect(gatherComposeProjects(options({ paths: ['../sarif'] }))).rejects.toThrow(ComposeInputError);
  });

  it('refuses -p for several projects', async () => {
    await expect(gatherComposeProjects(options({ paths: ['overlapping-projects'], projectName: 'x' }))).rejects.toThrow('-p names one project, but 2 were found: use -f to choose the files');
  });

  it('reports a .env compose would refuse as an input problem at its line, and leaves the project out', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dockdoc-gather-'));
    mkdirSync(path.join(root, 'app'));
    writeFileSync(path.join(root, 'app', 'compose.yaml'), 'networks:\n  n:\n    ipam:\n      config:\n        - subnet: ${NET}\n');
    writeFileSync(path.join(root, 'app', '.env'), 'NET=10.1.0.0/24\nBAD KEY=1\n');
    const { projects, problems } = await gatherComposeProjects(options({ cwd: root, paths: ['app'] }));
    expect(projects).toEqual([]);
    expect(problems).toEqual([{ file: 'app/.env', line: 2, message: 'key cannot contain a space' }]);
  });
});
