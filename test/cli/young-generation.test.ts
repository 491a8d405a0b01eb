import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

// The young generation's size after a run that keeps 400,000 objects alive, in a node of its own (V8's flags are the
// process's): with src/cli/youngGeneration.ts and without.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-young-generation-'));
const probe = path.join(scratch, 'probe.mjs');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(async () => {
  const keep = path.join(scratch, 'keep.mjs');
  await build({ entryPoints: [path.join(REPO_ROOT, 'src/cli/youngGeneration.ts')], outfile: keep, bundle: true, format: 'esm', platform: 'node', logLevel: 'error' });
  writeFileSync(
    probe,
    `import { getHeapSpaceStatistics } from 'node:v8';
import { keepYoungGenerationSmall } from './keep.mjs';
if (process.argv[2] === 'small') keepYoungGenerationSmall();
const kept = [];
for (let i = 0; i < 400_000; i++) kept.push({ i, name: 'chain-' + i, rules: [i] });
const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
process.stdout.write(String(newSpace.space_size));
`,
  );
}, 60_000);

function newSpaceBytes(mode: 'small' | 'default'): number {
  return Number(execFileSync(process.execPath, [probe, mode], { encoding: 'utf8' }));
}

describe('keepYoungGenerationSmall (src/cli/youngGeneration.ts)', () => {
  it('keeps the young generation at its first size while many objects survive', () => {
    expect(newSpaceBytes('small')).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('without it, the same run grows the young generation (so the test above can tell)', () => {
    expect(newSpaceBytes('default')).toBeGreaterThanOrEqual(16 * 1024 * 1024);
  });
});
