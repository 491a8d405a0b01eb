import { describe, expect, it } from 'vitest';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

describe('DD303 compose subnets overlap each other', () => {
  it('reports overlaps across projects and within one network, at the later declaration', async () => {
    const result = await lintFixtures(['overlapping-projects']);
    expect(summary(result, 'DD303')).toEqual([
      'overlapping-projects/alpha/compose.yaml:14:19 error DD303 Subnet 10.31.0.128/25 of network alpha_internal overlaps 10.31.0.0/24 of the same network. Whichever is created second fails: "invalid pool request: Pool overlaps with other one on this address space".',
      'overlapping-projects/beta/docker-compose.yml:9:19 error DD303 Subnet 10.30.128.0/17 of network beta_data overlaps 10.30.0.0/16 of alpha_data (overlapping-projects/alpha/compose.yaml). Whichever is created second fails: "invalid pool request: Pool overlaps with other one on this address space" (when both projects run on the same engine).',
    ]);
    const cross = result.report.findings.find((f) => f.subject === 'network:beta_data')!;
    expect(cross.evidence['overlaps']).toEqual([
      { project: 'alpha', network: 'alpha_data', subnet: '10.30.0.0/16', file: 'overlapping-projects/alpha/compose.yaml', line: 9, column: 19 },
    ]);
  });

  it('does not count one network declared by two projects under the same name', async () => {
    const subjects = (await lintFixtures(['overlapping-projects'])).report.findings.map((f) => f.subject);
    expect(subjects).not.toContain('network:platform-shared');
  });

  it('keeps overlay (swarm scope) and bridge (local scope) apart: different address spaces', async () => {
    expect(summary(await lintFixtures(['overlay']), 'DD303')).toEqual([]);
  });

  it('finds nothing between disjoint projects', async () => {
    expect(summary(await lintFixtures(['valid', 'seed', 'ipv6', 'dd306']), 'DD303')).toEqual([]);
  });
});
