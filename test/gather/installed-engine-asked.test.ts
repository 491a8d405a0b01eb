import { describe, expect, it } from 'vitest';
import type { HostIo } from '../../src/gather/hostIo.js';
import { gatherSnapshot } from '../../src/gather/snapshot.js';
import { unavailable } from '../../src/snapshot/fact.js';
import { recordedHealthyHost } from '../helpers/recorded-host.js';

/**
 * `check` asks the installed dockerd its release only when the engine does not answer (the one case its checks read
 * it: src/engine/run.ts engineVersionBasis); a snapshot always records it. The host is the real bundle of a healthy
 * Debian 12 docker.io host, which recorded `dockerd --version`; the runs are counted on the way to it.
 */
function recordedHost(engineAnswers: boolean): { io: HostIo; ran: string[] } {
  const { io, ran } = recordedHealthyHost();
  if (engineAnswers) return { io, ran };
  const refused = async () => unavailable('connect ENOENT /var/run/docker.sock');
  return { io: { ...io, queryEngineInfo: refused, queryEngine: refused }, ran };
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
