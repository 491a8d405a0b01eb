import { describe, expect, it } from 'vitest';
import { lintFixtures, summary } from './fixture-lint.js';

describe('lint follows include, extends and profiles as compose does', () => {
  it('include: a network defined in an included file is defined (issue 11), with the included env files', async () => {
    const result = await lintFixtures(['include']);
    expect(summary(result)).toEqual([]);
    const project = result.snapshot.facts.compose;
    expect('projects' in project && project.projects.map((p) => p.files.map((f) => f.path))).toEqual([['include/compose.yaml']]);
    // dns/.env is the included project's default env file; monitoring.env is named relative to the including project.
    expect('projects' in project && project.projects[0]!.linkedEnvFiles?.map((env) => [env.absolutePath.replace(/.*fixtures\/compose\//, ''), env.variables])).toEqual([
      ['include/dns/.env', { DNS_SUBNET: '10.53.0.0/24', RESOLVER_IP: '10.53.0.53' }],
      ['include/shared/monitoring.env', { MONITORING_SUBNET: '10.55.0.0/24' }],
    ]);
  });

  it('extends: file: relative to the project, then to the extended file; service: alone within the file', async () => {
    expect(summary(await lintFixtures(['extends']))).toEqual([
      'extends/common/root.yaml:5:23 error DD302 ipv4_address 10.99.0.5 of service api is outside every subnet of network extends_jobs (10.61.0.0/24), so the container cannot start on it.',
      'extends/common/root.yaml:5:23 error DD302 ipv4_address 10.99.0.5 of service worker is outside every subnet of network extends_jobs (10.61.0.0/24), so the container cannot start on it.',
    ]);
  });

  it('profiles: services of inactive profiles neither start nor create their networks', async () => {
    expect(summary(await lintFixtures(['profiles']))).toEqual([]);
    expect(summary(await lintFixtures(['profiles'], { profiles: ['debug'] }))).toEqual([
      'profiles/compose.yaml:8:23 error DD001 service "debug" refers to undefined network not_declared_here: invalid compose project',
    ]);
    const overlap = [
      'profiles/compose.yaml:21:19 error DD303 Subnet 10.70.0.0/25 of network profiles_tools overlaps 10.70.0.0/24 of profiles_front (profiles/compose.yaml). Whichever is created second fails: "invalid pool request: Pool overlaps with other one on this address space".',
    ];
    expect(summary(await lintFixtures(['profiles'], { environment: { COMPOSE_PROFILES: 'monitoring' } }))).toEqual(overlap);
    // --profile wins over COMPOSE_PROFILES, as in compose; `*` activates every profile.
    expect(summary(await lintFixtures(['profiles'], { profiles: ['monitoring'], environment: { COMPOSE_PROFILES: 'debug' } }))).toEqual(overlap);
    expect(summary(await lintFixtures(['profiles'], { profiles: ['*'] }))).toEqual([
      'profiles/compose.yaml:8:23 error DD001 service "debug" refers to undefined network not_declared_here: invalid compose project',
    ]);
  });

  it('profiles: COMPOSE_PROFILES from the project .env counts, as compose reads it there too', async () => {
    expect(summary(await lintFixtures(['profiles-dotenv']))).toEqual([
      'profiles-dotenv/compose.yaml:21:19 error DD303 Subnet 10.70.0.0/25 of network profiles-dotenv_tools overlaps 10.70.0.0/24 of profiles-dotenv_front (profiles-dotenv/compose.yaml). Whichever is created second fails: "invalid pool request: Pool overlaps with other one on this address space".',
    ]);
    expect(summary(await lintFixtures(['profiles-dotenv'], { profiles: ['web'] }))).toEqual([]);
  });

  it('an empty compose file is refused as compose refuses it', async () => {
    expect(summary(await lintFixtures(['empty-file']))).toEqual(['empty-file/compose.yaml:1:1 error DD001 empty compose file: compose refuses to load a project without any content']);
  });
});
