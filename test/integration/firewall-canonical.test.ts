import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseRuleset } from '../../src/iptables/ruleset.js';
import { commandPath } from '../support/availability.js';
import { run } from '../support/command.js';
import { describeIntegration } from '../support/dockerd.js';
import { createNetns, netnsNamed, removeInstance, uniqueName, type Netns } from '../support/netns.js';
import { dump } from '../iptables/corpus-support.js';
import { generatedRule, ruleLine } from '../iptables/rule-arbitrary.js';

/**
 * The oracle for the canonical form: random rules, written the way people write them, are loaded into a real kernel
 * through iptables-restore of both backends in a throw-away namespace, and what iptables-save prints back must equal
 * what dockdoc makes of the same file. Rules dockdoc refuses must be refused by the real tool too.
 */
const RULES = 150;
const SEED = 20261121;

/** Both backends' tools come with Debian's iptables package; sbin may be missing from a test runner's PATH. */
const SBIN_PATH = { PATH: `${process.env['PATH'] ?? ''}:/usr/local/sbin:/usr/sbin:/sbin` };

const BACKENDS = [
  { name: 'nft', restore: 'iptables-nft-restore', save: 'iptables-nft-save' },
  { name: 'legacy', restore: 'iptables-legacy-restore', save: 'iptables-legacy-save' },
] as const;

describeIntegration('canonical form against the real iptables', () => {
  const namespaces: Netns[] = [];

  async function freshNamespace(): Promise<Netns> {
    const netns = netnsNamed(uniqueName());
    await createNetns(netns);
    namespaces.push(netns);
    return netns;
  }

  beforeAll(() => {
    namespaces.length = 0;
  });
  afterAll(async () => {
    for (const netns of namespaces) await removeInstance(netns.name);
  });

  const rules = fc.sample(generatedRule, { seed: SEED, numRuns: RULES });
  const lines = rules.map((r) => ruleLine(r.chain, r.groups));
  const fileOf = (body: string[]): string => `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${body.join('\n')}\nCOMMIT\n`;

  for (const backend of BACKENDS) {
    it(`${backend.name}: ${RULES} random rules print back exactly as dockdoc canonicalises them`, async () => {
      const accepted: string[] = [];
      for (const line of lines) {
        const ours = parseRuleset(fileOf([line]), { family: 4, mode: 'file' });
        // Warnings load (on this backend, unless it is the one they name).
        if (!ours.problems.some((p) => p.severity === 'error' || p.failsOn === backend.name)) {
          accepted.push(line);
          continue;
        }
        const netns = await freshNamespace();
        const real = await run(commandPath('nsenter'), [`--net=${netns.path}`, backend.restore], { input: fileOf([line]), env: SBIN_PATH });
        expect({ line, exitCode: real.exitCode === 0 ? 0 : 'refused' }).toEqual({ line, exitCode: 'refused' });
      }
      expect(accepted.length).toBeGreaterThan(RULES / 2);
      const netns = await freshNamespace();
      const restore = await run(commandPath('nsenter'), [`--net=${netns.path}`, backend.restore], { input: fileOf(accepted), env: SBIN_PATH });
      expect(restore.stderr).toBe('');
      const saved = await run(commandPath('nsenter'), [`--net=${netns.path}`, backend.save], { env: SBIN_PATH });
      const kernel = parseRuleset(saved.stdout, { family: 4, mode: 'kernel' });
      expect(dump(parseRuleset(fileOf(accepted), { family: 4, mode: 'file' }), 'filter')).toBe(dump(kernel, 'filter'));
    });
  }
});
