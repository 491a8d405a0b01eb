import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture, withDaemonJson } from '../helpers/hosts.js';

/** fixtures/realworld/daemon/sources.json: where each file comes from and what dockdoc must say about it. */
interface CorpusEntry {
  file: string;
  source: string;
  /** Engine the file was written for (the version its page or issue names), else the captured host's 20.10.24. */
  engineVersion: string;
  /** Exact findings about the file: [rule, severity, line]. */
  findings: [string, string, number][];
}

const DIR = new URL('../../fixtures/realworld/daemon/', import.meta.url);
const CORPUS = JSON.parse(readFileSync(new URL('sources.json', DIR), 'utf8')) as CorpusEntry[];
const DAEMON_JSON = '/etc/docker/daemon.json';

/** The captured healthy 20.10 host with this daemon.json, its engine reporting the given version. */
function hostWith(text: string, engineVersion: string): Snapshot {
  const host = withDaemonJson(hostFixture('healthy-20.10'), text, DAEMON_JSON);
  return { ...host, facts: { ...host.facts, engine: { ...(host.facts.engine as object), version: engineVersion } as Snapshot['facts']['engine'] } };
}

describe('real-world daemon.json files: exact findings, no false errors (fixtures/realworld/README.md explains each)', () => {
  it('lists every file of the directory once', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'sources.json' && f !== 'README.md').sort();
    expect(CORPUS.map((entry) => entry.file).sort()).toEqual(files);
  });

  for (const entry of CORPUS) {
    it(`${entry.file} (${entry.engineVersion})`, () => {
      const report = runRules(hostWith(readFileSync(new URL(entry.file, DIR), 'utf8'), entry.engineVersion), {
        rules: ALL_RULES,
        settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } },
        ignore: [],
        severityOverrides: {},
      });
      const aboutTheFile = report.findings.filter((f) => f.location?.file === DAEMON_JSON);
      expect(aboutTheFile.map((f) => [f.ruleId, f.severity, f.location?.line])).toEqual(entry.findings);
    });
  }
});
