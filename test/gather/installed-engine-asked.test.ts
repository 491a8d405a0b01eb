import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/bundle/format.js';
import { bundleHostIo } from '../../src/bundle/hostIo.js';
import type { HostIo } from '../../src/gather/hostIo.js';
import { gatherSnapshot } from '../../src/gather/snapshot.js';
import { unavailable } from '../../src/snapshot/fact.js';
import { fixturePath } from '../helpers/cli.js';

/**
 * `check` asks the installed dockerd its release only when the engine does not answer (the one case its checks read
 * it: src/engine/run.ts engineVersionBasis); a snapshot always records it. The host is the real bundle of a healthy
 * Debian 12 docker.io host, which recorded `dockerd --version`; the runs are counted on the way to it.
 */
function recordedHost(engineAnswers: boolean): { io: HostIo; ran: string[] } {
  const parsed = parseBundle('host.bundle', readFileSync(fixturePath('bundles/dockerd-20.10-healthy.bundle')));
  if (!('records' in parsed)) throw new Error(parsed.message);
  const bundle = bundleHostIo(parsed);
  const ran: string[] = [];
  const io: HostIo = {
    ...bundle,
    run: (file, args, timeoutMs, options) => {
      ran.push([file, ...args].join(' '));
      return bundle.run(file, args, timeoutMs, options);
    },
    ...(engineAnswers ? {} : { queryEngineInfo: async () => unavailable('connect ENOENT /var/run/docker.sock'), queryEngine: async () => unavailable('connect ENOENT /var/run/docker.sock') }),
  };
  return { io, ran };
}

describe('the installed engine in a gathered snapshot', () => {
  it('is not asked when the engine answers and the run reads it only otherwise', async () => {
    const { io, ran } = recordedHost(true);
    const snapshot = await gatherSnapshot({ root: '/', timeoutMs: 5000, io }, undefined, 'what-the-checks-read');
    expect(snapshot.facts.installedEngine).toEqual({ unavailable: 'not asked: the engine answered, and the checks use the version it gave' });
    expect(ran.filter((command) => command.startsWith('dockerd '))).toEqual([]);
  });

  it('is asked when the engine does not answer', async () => {
    const { io, ran } = recordedHost(false);
    const snapshot = await gatherSnapshot({ root: '/', timeoutMs: 5000, io }, undefined, 'what-the-checks-read');
    expect(snapshot.facts.installedEngine).toMatchObject({ version: '20.10.24' });
    expect(ran.filter((command) => command.startsWith('dockerd '))).toEqual(['dockerd --version']);
  });

  it('is always asked for a snapshot, the engine answering or not', async () => {
    const { io, ran } = recordedHost(true);
    const snapshot = await gatherSnapshot({ root: '/', timeoutMs: 5000, io });
    expect(snapshot.facts.installedEngine).toMatchObject({ version: '20.10.24' });
    expect(ran.filter((command) => command.startsWith('dockerd '))).toEqual(['dockerd --version']);
  });
});
