import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import { describeError } from '../text/errors.js';
import { describeTarget } from './dockerHost.js';
import { engineDeadline, getEngineJson } from './engineApi.js';
import type { EngineInfo } from './engineAnswers.js';
import { addressSource, engineTarget, infoOr } from './engineQuery.js';
import type { ApiNode, ApiService, ApiSwarmInfo, ApiSwarmNetwork, ApiTask, SwarmAnswers, SwarmNetworkAnswer } from './swarmAnswers.js';

/**
 * Asks the engine API about swarm mode under one deadline; never throws. Nodes, services and tasks are asked only of
 * an active member, and each may fail alone (a worker is refused them) without losing the rest. `/info` is the run's
 * shared answer (queryEngineInfo) when given, asked again only when that one failed.
 */
export async function querySwarmApi(dockerHost: string | undefined, timeoutMs: number, signal?: AbortSignal, sharedInfo?: Promise<Fact<EngineInfo>>): Promise<Fact<SwarmAnswers>> {
  const target = engineTarget(dockerHost);
  if ('unavailable' in target) return target;
  const deadline = engineDeadline(timeoutMs, signal);
  const get = (path: string) => getEngineJson(target, path, deadline.signal);
  const optional = async <T>(path: string): Promise<Fact<T>> => {
    try {
      return (await get(path)) as T;
    } catch (error) {
      return unavailable(deadline.timedOut() ? `no complete answer to GET ${path} within ${timeoutMs} ms` : describeError(error));
    }
  };
  try {
    const info: ApiSwarmInfo = (await infoOr(sharedInfo, () => get('/info'))).Swarm ?? {};
    if (info.LocalNodeState !== 'active') {
      const why = unavailable('not asked: this node is not an active swarm member');
      return { info, networks: [], nodes: why, services: why, tasks: why };
    }
    const [networks, nodes, services, tasks] = await Promise.all([
      get('/networks').then((answer) => withPeers(answer as ApiSwarmNetwork[], optional)),
      optional<ApiNode[]>('/nodes'),
      optional<ApiService[]>('/services'),
      optional<ApiTask[]>('/tasks'),
    ]);
    return { info, networks, nodes, services, tasks };
  } catch (error) {
    const reason = deadline.timedOut() ? `no complete answer within ${timeoutMs} ms` : describeError(error);
    return unavailable(`Docker engine at ${describeTarget(target)} (${addressSource(dockerHost)}) did not answer: ${reason}`);
  } finally {
    deadline.end();
  }
}

/** Each swarm-scope overlay with the peers this node gossips with on it (listed only where it is attached). */
function withPeers(list: ApiSwarmNetwork[], optional: <T>(path: string) => Promise<Fact<T>>): Promise<SwarmNetworkAnswer[]> {
  const overlays = list.filter((n) => n.Driver === 'overlay' && n.Scope === 'swarm');
  return Promise.all(
    overlays.map(async (network) => {
      const detail = await optional<{ Peers?: SwarmNetworkAnswer['peers'] }>(`/networks/${encodeURIComponent(network.Id)}?verbose=true`);
      return { network, peers: isUnavailable(detail) ? detail : (detail.Peers ?? null) };
    }),
  );
}
