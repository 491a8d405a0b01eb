import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockdoc, fixturePath } from '../helpers/cli.js';

/**
 * `dockdoc lint` reads and parses projects in worker threads when there are many (src/lint/read-threads.ts): the
 * built CLI (its own worker chunk) must report exactly what one thread reports, findings and order, byte for byte.
 */
async function lintWithJobs(args: string[], jobs: string[], cwd?: string): Promise<{ jobs: string; exitCode: number; stdout: string; stderr: string }[]> {
  const runs = [];
  for (const j of jobs) runs.push({ jobs: j, ...(await dockdoc(['lint', ...args, '--jobs', j], {}, cwd)) });
  return runs;
}

function ruleIds(stdout: string): Set<string> {
  return new Set((JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId));
}

/**
 * Projects of every kind the reader handles, in one directory tree: subnets from .env files, include and extends
 * of files in other projects' directories (one of them a project found by the search too), invalid YAML, unset
 * variables, a .env linking out of its project, and subnets that clash across projects that land in different
 * threads.
 */
function writeVariedProjects(root: string, count: number): void {
  const shared = path.join(root, 'projects', 'aaa-shared');
  mkdirSync(shared, { recursive: true });
  writeFileSync(path.join(shared, 'compose.yaml'), 'networks:\n  shared:\n    ipam:\n      config:\n        - subnet: 10.250.0.0/24\n');
  writeFileSync(path.join(shared, 'base.yaml'), 'services:\n  base:\n    image: busybox\n    networks: [edge]\n');
  writeFileSync(path.join(root, 'secret.env'), 'SUBNET=10.99.0.0/24\n');
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, 'projects', `p${String(i).padStart(4, '0')}`);
    mkdirSync(dir, { recursive: true });
    // Every 50th project reuses an earlier one's subnet: the pair is split between threads.
    const own = i % 50 === 49 ? `10.${(i - 40) >> 8}.${(i - 40) & 255}.0/24` : `10.${i >> 8}.${i & 255}.0/24`;
    const lines = [`name: app${i}`, 'services:', '  web:', '    image: busybox', '    networks: [edge, back]'];
    if (i % 13 === 0) lines.push('  worker:', '    extends:', '      file: ../aaa-shared/base.yaml', '      service: base');
    if (i % 7 === 0) lines.push('include:', '  - ../aaa-shared/compose.yaml');
    lines.push('networks:', '  edge:', '    ipam:', '      config:');
    if (i % 5 === 0) {
      lines.push('        - subnet: ${SUBNET}');
      writeFileSync(path.join(dir, '.env'), `SUBNET=172.${16 + (i % 16)}.${i & 255}.0/24\n`);
    } else if (i % 17 === 0) {
      lines.push('        - subnet: ${UNSET_SUBNET_VARIABLE}');
    } else {
      lines.push(`        - subnet: ${own}`);
    }
    lines.push('  back:', '    ipam:', '      config:', `        - subnet: 192.168.${i & 255}.0/24`);
    if (i % 19 === 0 && i % 5 !== 0) symlinkSync(path.join(root, 'secret.env'), path.join(dir, '.env'));
    const text = i % 11 === 0 ? `${lines.join('\n')}\n  bad: [unclosed\n` : `${lines.join('\n')}\n`;
    writeFileSync(path.join(dir, i % 2 === 0 ? 'compose.yaml' : 'docker-compose.yml'), text);
  }
}

describe('dockdoc lint in worker threads (built CLI)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-parallel-lint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the real-world corpus exactly as one thread does', async () => {
    const runs = await lintWithJobs([fixturePath('realworld/compose'), '--format', 'json'], ['1', '2', '5']);
    const [serial, ...parallel] = runs;
    expect(serial!.stderr).toBe('');
    expect(ruleIds(serial!.stdout).size).toBeGreaterThanOrEqual(2);
    for (const run of parallel) expect({ jobs: run.jobs, exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr }).toEqual({ ...serial!, jobs: run.jobs });
  }, 240_000);

  it('reports 400 generated projects exactly as one thread does, with --jobs and by default', async () => {
    writeVariedProjects(dir, 400);
    for (const format of ['json', 'text']) {
      const runs = await lintWithJobs(['projects', '--format', format], ['1', '3', 'auto'], dir);
      const [serial, ...parallel] = runs;
      expect(serial!.exitCode).toBe(1);
      if (format === 'json') {
        // The set exercises what the threads must agree on: overlaps across projects, unreadable input, variables.
        expect([...ruleIds(serial!.stdout)].sort()).toEqual(['DD001', 'DD301', 'DD303', 'DD304', 'DD305']);
        expect(serial!.stdout).toContain('leads outside');
      }
      for (const run of parallel) expect({ ...run, jobs: run.jobs }).toEqual({ ...serial!, jobs: run.jobs });
    }
  }, 240_000);

  it('refuses a --jobs that is not auto or a whole number from 1', async () => {
    const result = await dockdoc(['lint', fixturePath('realworld/compose'), '--jobs', '0']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--jobs must be auto or a whole number from 1 to 64, not "0"');
  });
});
