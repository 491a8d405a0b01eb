import type { Fact } from '../snapshot/fact.js';
import { unavailable } from '../snapshot/fact.js';
import type { SwarmClusterFact, SwarmFact, SwarmNetwork, SwarmNode, SwarmService, SwarmTask } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';
import { describeTarget } from './dockerHost.js';
import { addressSource, engineTarget } from './engine.js';
import { engineDeadline, getEngineJson } from './engineApi.js';

/**
 * Swarm mode as this node sees it, from the engine API. Only what shapes networking is kept: `/info`'s Swarm section
 * (its Cluster is ClusterInfo, the swarm without join tokens, so the tokens are never even requested: `GET /swarm`
 * would send them), nodes' addresses, overlay networks, services' modes, endpoints and ports, tasks' states and
 * addresses. Never secrets, configs, container specs (environment, commands, mounts) or labels.
 *
 * Workers cannot list nodes, services or tasks (the engine answers 503 "This node is not a swarm manager"): those
 * facts are then unavailable with the engine's reason, and the rest still stands.
 */
export async function gatherSwarm(dockerHost: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<Fact<SwarmFact>> {
  const target = engineTarget(dockerHost);
  if ('unavailable' in target) return target;
  const deadline = engineDeadline(timeoutMs, signal);
  const get = (path: string) => getEngineJson(target, path, deadline.signal);
  const optional = async <T>(path: string, read: (answer: unknown) => T): Promise<Fact<T>> => {
    try {
      return read(await get(path));
    } catch (error) {
      return unavailable(deadline.timedOut() ? `no complete answer to GET ${path} within ${timeoutMs} ms` : describeError(error));
    }
  };
  try {
    const info = ((await get('/info')) as { Swarm?: ApiSwarmInfo }).Swarm ?? {};
    const state = info.LocalNodeState ?? '';
    const nodeId = info.NodeID ?? '';
    const remoteManagers = (info.RemoteManagers ?? []).map((m) => ({ nodeId: m.NodeID ?? '', addr: m.Addr ?? '' }));
    const role = nodeId === '' ? null : info.ControlAvailable || remoteManagers.some((m) => m.nodeId === nodeId) ? 'manager' : 'worker';
    const base = { localNodeState: state, error: info.Error ?? '', nodeId, nodeAddr: info.NodeAddr ?? '', role, remoteManagers } as const;
    if (state !== 'active') {
      const why = `this node is not an active swarm member (LocalNodeState ${state || 'not reported'})`;
      return { ...base, cluster: unavailable(why), nodes: unavailable(why), networks: [], services: unavailable(why), tasks: unavailable(why) };
    }
    const cluster: Fact<SwarmClusterFact> = info.Cluster
      ? { defaultAddrPool: info.Cluster.DefaultAddrPool ?? [], subnetSize: info.Cluster.SubnetSize ?? 0, dataPathPort: info.Cluster.DataPathPort ?? 0 }
      : unavailable(role === 'worker' ? 'this node is a worker: only managers report the cluster settings' : 'the engine reported no cluster settings');
    const [networks, nodes, services, tasks] = await Promise.all([
      get('/networks').then((answer) => swarmNetworks(answer as ApiNetwork[], get)),
      optional('/nodes', (answer) => (answer as ApiNode[]).map(toNode).sort((a, b) => a.hostname.localeCompare(b.hostname))),
      optional('/services', (answer) => (answer as ApiService[]).map(toService).sort((a, b) => a.name.localeCompare(b.name))),
      optional('/tasks', (answer) =>
        (answer as ApiTask[])
          .filter((task) => !task.NodeID || task.NodeID === nodeId)
          .map(toTask)
          .sort((a, b) => a.serviceId.localeCompare(b.serviceId) || (a.slot ?? 0) - (b.slot ?? 0) || a.id.localeCompare(b.id)),
      ),
    ]);
    return { ...base, cluster, nodes, networks, services, tasks };
  } catch (error) {
    const reason = deadline.timedOut() ? `no complete answer within ${timeoutMs} ms` : describeError(error);
    return unavailable(`Docker engine at ${describeTarget(target)} (${addressSource(dockerHost)}) did not answer: ${reason}`);
  } finally {
    deadline.end();
  }
}

/** The swarm-scope overlays, each with the peers this node gossips with on it (only where the network is attached). */
async function swarmNetworks(list: ApiNetwork[], get: (path: string) => Promise<unknown>): Promise<SwarmNetwork[]> {
  const overlays = list.filter((n) => n.Driver === 'overlay' && n.Scope === 'swarm').sort((a, b) => a.Name.localeCompare(b.Name));
  return Promise.all(
    overlays.map(async (n): Promise<SwarmNetwork> => {
      let peers: SwarmNetwork['peers'];
      try {
        const detail = (await get(`/networks/${encodeURIComponent(n.Id)}?verbose=true`)) as { Peers?: { Name?: string; IP?: string }[] | null };
        peers = detail.Peers ? detail.Peers.map((p) => ({ name: p.Name ?? '', ip: p.IP ?? '' })) : unavailable('the network is not attached on this node (no peers listed)');
      } catch (error) {
        peers = unavailable(describeError(error));
      }
      return {
        id: n.Id,
        name: n.Name,
        driver: n.Driver,
        scope: n.Scope,
        ingress: Boolean(n.Ingress),
        attachable: Boolean(n.Attachable),
        internal: Boolean(n.Internal),
        // The overlay driver secures a network when the option is present at all, whatever its value (ov_network.go).
        encrypted: n.Options !== null && n.Options !== undefined && 'encrypted' in n.Options,
        subnets: (n.IPAM?.Config ?? []).map((c) => ({ subnet: c.Subnet ?? '', gateway: c.Gateway || null })),
        options: n.Options ?? {},
        peers,
      };
    }),
  );
}

function toNode(node: ApiNode): SwarmNode {
  return {
    id: node.ID,
    hostname: node.Description?.Hostname ?? '',
    role: node.Spec?.Role ?? '',
    state: node.Status?.State ?? '',
    availability: node.Spec?.Availability ?? '',
    addr: node.Status?.Addr ?? '',
    managerAddr: node.ManagerStatus?.Addr ?? null,
  };
}

function toService(service: ApiService): SwarmService {
  const spec = service.Spec ?? {};
  const mode = spec.Mode ?? {};
  const kind = mode.Global ? 'global' : mode.ReplicatedJob ? 'replicated-job' : mode.GlobalJob ? 'global-job' : 'replicated';
  return {
    id: service.ID,
    name: spec.Name ?? service.ID,
    mode: kind,
    replicas: kind === 'replicated' ? (mode.Replicated?.Replicas ?? 1) : null,
    endpointMode: spec.EndpointSpec?.Mode ?? 'vip',
    // Spec.Networks is the form the API took before 1.25; engines still fill it for services created that way.
    networks: (spec.TaskTemplate?.Networks ?? spec.Networks ?? []).map((n) => n.Target ?? ''),
    virtualIps: (service.Endpoint?.VirtualIPs ?? []).map((v) => ({ networkId: v.NetworkID ?? '', addr: v.Addr ?? '' })),
    ports: (service.Endpoint?.Ports ?? []).map((p) => ({
      protocol: p.Protocol ?? 'tcp',
      targetPort: p.TargetPort ?? 0,
      publishedPort: p.PublishedPort ?? null,
      publishMode: p.PublishMode ?? 'ingress',
    })),
    update: spec.UpdateConfig ? { parallelism: spec.UpdateConfig.Parallelism ?? 0, order: spec.UpdateConfig.Order ?? 'stop-first' } : null,
  };
}

function toTask(task: ApiTask): SwarmTask {
  return {
    id: task.ID,
    serviceId: task.ServiceID ?? '',
    slot: task.Slot ?? null,
    nodeId: task.NodeID ?? '',
    state: task.Status?.State ?? '',
    desiredState: task.DesiredState ?? '',
    error: task.Status?.Err ?? '',
    networks: (task.NetworksAttachments ?? []).map((a) => ({ networkId: a.Network?.ID ?? '', addresses: a.Addresses ?? [] })),
  };
}

/** The subset of the engine API's answers read here (api/types/swarm at v20.10.24). */
interface ApiSwarmInfo {
  NodeID?: string;
  NodeAddr?: string;
  LocalNodeState?: string;
  ControlAvailable?: boolean;
  Error?: string;
  RemoteManagers?: { NodeID?: string; Addr?: string }[] | null;
  Cluster?: { DefaultAddrPool?: string[] | null; SubnetSize?: number; DataPathPort?: number } | null;
}

interface ApiNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null };
  Options?: Record<string, string> | null;
}

interface ApiNode {
  ID: string;
  Description?: { Hostname?: string };
  Spec?: { Role?: string; Availability?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Addr?: string } | null;
}

interface ApiService {
  ID: string;
  Spec?: {
    Name?: string;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object; ReplicatedJob?: object; GlobalJob?: object };
    TaskTemplate?: { Networks?: { Target?: string }[] | null };
    Networks?: { Target?: string }[] | null;
    EndpointSpec?: { Mode?: string };
    UpdateConfig?: { Parallelism?: number; Order?: string } | null;
  };
  Endpoint?: {
    Ports?: { Protocol?: string; TargetPort?: number; PublishedPort?: number; PublishMode?: string }[] | null;
    VirtualIPs?: { NetworkID?: string; Addr?: string }[] | null;
  };
}

interface ApiTask {
  ID: string;
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  DesiredState?: string;
  Status?: { State?: string; Err?: string };
  NetworksAttachments?: { Network?: { ID?: string }; Addresses?: string[] | null }[] | null;
}
