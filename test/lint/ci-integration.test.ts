import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_FILE_NAMES, OVERRIDE_FILE_NAMES } from '../../src/lint/discover.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { COMPOSE_FIXTURES } from './fixture-lint.js';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: Step[] } };
const hooks = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; pass_filenames: boolean }[];
const lintStep = action.runs.steps.find((step) => step.id === 'lint')!;

describe('action.yml', () => {
  it('is a composite action that uploads the SARIF it writes', () => {
    expect(action.runs.using).toBe('composite');
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with).toEqual({ sarif_file: '${{ inputs.sarif-file }}', category: 'dockdoc-lint' });
  });

  it('runs the lint step as GitHub would: SARIF file, annotations, exit code output', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-action-'));
    const output = path.join(dir, 'github-output');
    const sarif = path.join(dir, 'dockdoc.sarif');
    const result = await execa('bash', ['-e', '-c', lintStep.run!], {
      cwd: COMPOSE_FIXTURES,
      reject: false,
      env: {
        DOCKDOC: path.join(REPO_ROOT, 'bin/dockdoc.js'),
        LINT_PATHS: 'seed overrides',
        LINT_ARGS: '--snapshot ../hosts/healthy-20.10/snapshot.json',
        FAIL_ON: 'error',
        SARIF_FILE: sarif,
        RULE_DOCS_URL: 'https://github.com/owner/dockdoc/blob/v1/docs/rules',
        GITHUB_OUTPUT: output,
        NO_COLOR: '1',
      },
    });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('exit-code=1\n');
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['DD302', 'DD304', 'DD305']);
    expect(log.runs[0].tool.driver.rules[0].helpUri).toBe('https://github.com/owner/dockdoc/blob/v1/docs/rules/DD001.md');
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::'))).toHaveLength(3);
    expect(result.stdout).toContain('2 errors, 1 warning, 0 notes');
  });

  it('uses only flags that dockdoc lint has', async () => {
    const help = (await execa(process.execPath, [path.join(REPO_ROOT, 'bin/dockdoc.js'), 'lint', '--help'])).stdout;
    const flags = [...new Set(lintStep.run!.match(/--[a-z][a-z-]+/g))];
    expect(flags.sort()).toEqual(['--fail-on', '--format', '--output', '--rule-docs-url']);
    for (const flag of flags) expect(help).toContain(flag);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hook = hooks.find((h) => h.id === 'dockdoc-lint')!;

  it('runs the package binary on the whole repository', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(hook.entry).toBe('dockdoc lint');
    expect(Object.keys(manifest.bin)).toContain('dockdoc');
    expect(hook.pass_filenames).toBe(false);
  });

  it('triggers on every file name compose reads, and on .env and the config file', () => {
    const pattern = new RegExp(hook.files);
    for (const name of [...COMPOSE_FILE_NAMES, ...OVERRIDE_FILE_NAMES]) {
      expect(pattern.test(name), name).toBe(true);
      expect(pattern.test(`deploy/app/${name}`), name).toBe(true);
    }
    expect(pattern.test('deploy/.env')).toBe(true);
    expect(pattern.test('.dockdoc.yml')).toBe(true);
    expect(pattern.test('src/compose.ts')).toBe(false);
    expect(pattern.test('my-compose.yaml.bak')).toBe(false);
  });
});
