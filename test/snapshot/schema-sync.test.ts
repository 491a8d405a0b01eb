import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

describe("docs/snapshot.schema.json and the loader's validator", () => {
  it('are what scripts/snapshot-schema.mjs generates from src/snapshot/schema.ts today (run `npm run schema`)', async () => {
    const result = await execa(process.execPath, ['scripts/snapshot-schema.mjs', '--check'], { cwd: REPO_ROOT, reject: false });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  }, 60_000);
});
