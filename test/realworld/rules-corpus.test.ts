import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';

/** fixtures/realworld/rules/sources.json: each saved rules file, where it comes from, where hosts keep it. */
interface CorpusEntry {
  file: string;
  source: string;
  hostPath: string;
  /** Exact findings about the file: [rule, severity, line]. */
  findings: [string, string, number | null][];
}

const DIR = new URL('../../fixtures/realworld/rules/', import.meta.url);
const CORPUS = JSON.parse(readFileSync(new URL('sources.json', DIR), 'utf8')) as CorpusEntry[];

/** The captured healthy 20.10 host (dockerd running, its rules live) with this file saved for the boot-time restore. */
function hostWith(entry: CorpusEntry): Snapshot {
  const host = hostFixture('healthy-20.10');
  const text = readFileSync(new URL(entry.file, DIR), 'utf8');
  return { ...host, facts: { ...host.facts, savedRules: { files: [{ path: entry.hostPath, present: true, text, family: 4 }] } } };
}

describe('real-world saved iptables rules on a Docker host: exact findings (fixtures/realworld/README.md explains each)', () => {
  it('lists every file of the directory once', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'sources.json').sort();
    expect(CORPUS.map((entry) => entry.file).sort()).toEqual(files);
  });

  for (const entry of CORPUS) {
    it(entry.file, () => {
      const report = runRules(hostWith(entry), {
        rules: ALL_RULES,
        settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } },
        ignore: [],
        severityOverrides: {},
      });
      const aboutTheFile = report.findings.filter((f) => f.location?.file === entry.hostPath || JSON.stringify(f.evidence ?? {}).includes(entry.hostPath));
      expect(aboutTheFile.map((f) => [f.ruleId, f.severity, f.location?.line ?? null])).toEqual(entry.findings);
    });
  }
});
