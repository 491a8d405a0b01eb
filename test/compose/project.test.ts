import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isLoadFailure, loadComposeProject } from '../../src/compose/project.js';
import { normalizeProjectName, resolveProjectName, ProjectNameError } from '../../src/compose/project-name.js';
import type { ComposeProject } from '../../src/compose/model.js';
import { projectVariables, referencedNames } from '../../src/lint/variables.js';
import type { ComposeProjectInput } from '../../src/snapshot/schema.js';

const fixture = (relative: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/compose/${relative}`, import.meta.url)), 'utf8');

function load(input: Partial<ComposeProjectInput> & { files: ComposeProjectInput['files'] }): ComposeProject {
  const result = loadComposeProject({ workingDir: '/srv/app', variables: {}, nameOverride: null, ...input });
  if (isLoadFailure(result)) throw new Error(`${result.location.file}:${result.location.line}: ${result.message}`);
  return result;
}

describe('loadComposeProject', () => {
  it('interpolates as Debian docker-compose 1.29 does (fixtures/compose/interpolation, real `config` output)', () => {
    const text = fixture('interpolation/docker-compose.yml');
    const files = [{ path: 'docker-compose.yml', present: true, text }];
    // capture.sh ran with BACK_GW set to "" in the environment and the fixture's .env.
    const variables = projectVariables(referencedNames(files), fixture('interpolation/.env'), { BACK_GW: '' });
    const project = load({ files, variables });
    const expected = parse(fixture('interpolation/docker-compose-config.out')) as {
      networks: { back: { ipam: { config: { subnet: string; gateway: string; ip_range: string; aux_addresses: { router: string } }[] } } };
      services: { web: { networks: { back: { ipv4_address: string } } } };
    };
    const config = expected.networks.back.ipam.config[0]!;
    const ipam = project.networks[0]!.ipam[0]!;
    expect(ipam.subnet?.value).toBe(config.subnet);
    // The gateway interpolates to "" here; the engine treats an empty gateway as not given, so the model drops it.
    expect(config.gateway).toBe('');
    expect(ipam.gateway).toBeNull();
    expect(ipam.ipRange?.value).toBe(config.ip_range);
    // `config` prints a literal $ as $$ again.
    expect(ipam.auxAddresses[0]!.address.value).toBe(config.aux_addresses.router.replaceAll('$$', '$'));
    expect(project.endpoints[0]!.ipv4Address?.value).toBe(expected.services.web.networks.back.ipv4_address);
  });

  it('gathers only referenced variables, with the environment winning over .env', () => {
    const files = [{ path: 'compose.yaml', present: true, text: fixture('interpolated/compose.yaml') }];
    expect([...referencedNames(files)].sort()).toEqual(['COLLECTOR_IP', 'COMPOSE_PROJECT_NAME', 'STACK_NAME', 'TELEMETRY_GATEWAY', 'TELEMETRY_SUBNET']);
    expect(projectVariables(referencedNames(files), fixture('interpolated/.env'), { TELEMETRY_GATEWAY: '172.20.0.254', PATH: '/bin' })).toEqual({
      TELEMETRY_GATEWAY: '172.20.0.254',
      TELEMETRY_SUBNET: '172.20.0.0/24',
    });
  });

  it('names networks <project>_<key>, keeps name: and external names as given, adds the implicit default', () => {
    const text = [
      'services:',
      '  a: {image: x}',
      '  b: {image: x, networks: [front]}',
      '  c: {image: x, network_mode: host}',
      '  d: {image: x, networks: [pinned, outside, legacy]}',
      'networks:',
      '  front: {}',
      '  pinned: {name: my-net}',
      '  outside: {external: true}',
      '  legacy: {external: {name: old-net}}',
      '  spare: {}',
    ].join('\n');
    const project = load({ files: [{ path: 'compose.yaml', present: true, text }], workingDir: '/srv/My App' });
    expect(project.name).toBe('myapp');
    // `spare` is used by no service: compose does not create it (Project.WithoutUnnecessaryResources).
    expect(project.networks.map((n) => [n.key, n.name, n.external, n.services])).toEqual([
      ['front', 'myapp_front', false, ['b']],
      ['pinned', 'my-net', false, ['d']],
      ['outside', 'outside', true, ['d']],
      ['legacy', 'old-net', true, ['d']],
      ['default', 'myapp_default', false, ['a']],
    ]);
  });

  it('reports what compose refuses as a failure with the position', () => {
    const failure = loadComposeProject({
      workingDir: '/srv/app',
      variables: {},
      nameOverride: null,
      files: [{ path: 'compose.yaml', present: true, text: 'networks:\n  n:\n    external: true\n    ipam:\n      config: [{subnet: 10.0.0.0/24}]\n' }],
    });
    expect(failure).toEqual({
      message: 'conflicting parameters "external" and "ipam" specified for network "n"',
      location: { file: 'compose.yaml', line: 5, column: 7 },
    });
    const required = loadComposeProject({ workingDir: '/srv/app', variables: {}, nameOverride: null, files: [{ path: 'c.yml', present: true, text: 'networks:\n  n:\n    ipam:\n      config:\n        - subnet: ${NET:?set NET}\n' }] });
    expect(required).toMatchObject({ message: 'required variable NET is missing a value: set NET', location: { file: 'c.yml', line: 5, column: 19 } });
    expect(loadComposeProject({ workingDir: '/srv/app', variables: {}, nameOverride: null, files: [{ path: 'gone.yml', present: false }] })).toMatchObject({
      message: 'file not found',
      location: { file: 'gone.yml', line: 1, column: 1 },
    });
  });
});

describe('project names', () => {
  it('normalises as compose does', () => {
    expect(normalizeProjectName('My_App-2 (prod)')).toBe('my_app-2prod');
    expect(normalizeProjectName('__-x')).toBe('x');
  });

  it('takes -p, then COMPOSE_PROJECT_NAME, then name:, then the directory', () => {
    const base = { commandLine: null, environment: null, fromFiles: null, workingDir: '/srv/Shop.Front' };
    expect(resolveProjectName(base)).toEqual({ name: 'shopfront', source: 'directory' });
    expect(resolveProjectName({ ...base, fromFiles: 'Billing' })).toEqual({ name: 'billing', source: 'name:' });
    expect(resolveProjectName({ ...base, fromFiles: 'billing', environment: 'env-name' })).toEqual({ name: 'env-name', source: 'COMPOSE_PROJECT_NAME' });
    expect(resolveProjectName({ ...base, environment: 'env-name', commandLine: 'cli' })).toEqual({ name: 'cli', source: 'command line' });
  });

  it('refuses an invalid -p or COMPOSE_PROJECT_NAME instead of normalising it', () => {
    expect(() => resolveProjectName({ commandLine: 'Bad Name', environment: null, fromFiles: null, workingDir: '/x' })).toThrow(ProjectNameError);
    expect(() => resolveProjectName({ commandLine: null, environment: '-x', fromFiles: null, workingDir: '/x' })).toThrow(
      'invalid project name "-x" (COMPOSE_PROJECT_NAME): must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number',
    );
  });
});
