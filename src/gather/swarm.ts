import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { SwarmFact, SwarmNetwork, SwarmNode, SwarmService, SwarmTask } from '../snapshot/schema.js';
import type { EngineInfo } from './engineAnswers.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import type { ApiNode, ApiService, ApiTask, SwarmAnswers, SwarmNetworkAnswer } from './swarmAnswers.js';

/**
 * Swarm mode as this node sees it (live from the engine API, or from a bundle's docker CLI answers). Only what shapes
 * networking is kept: `/info`'s Swarm section (its Cluster is ClusterInfo, the swarm without join tokens, so the
 * tokens are never even requested: `GET /swarm` would send them), nodes' addresses, overlay networks, services'
 * modes, endpoints and ports, tasks' states and addresses. Never secrets, configs, container specs (environment,
 * commands, mounts) or labels.
 */
export async function gatherSwarm(
  dockerHost: string | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
  io: HostIo = LIVE_HOST_IO,
  info?: Promise<Fact<EngineInfo>>,
): Promise<Fact<SwarmFact>> {
  const answers = await io.querySwarm(dockerHost, timeoutMs, signal, info);
  return isUnavailable(answers) ? answers : swarmFromAnswers(answers);
}

/**
 * The swarm fact from the engine's answers: the one step both the live run and a bundle go through. Workers cannot
 * list nodes, services or tasks (the engine answers 503 "This node is not a swarm manager"): those facts are then
 * unavailable with the engine's reason, and the rest still stands.
 */
export function swarmFromAnswers({ info, networks, nodes, services, tasks }: SwarmAnswers): SwarmFact {
  const state = info.LocalNodeState ?? '';
  const nodeId = info.NodeID ?? '';
  const remoteManagers = (info.RemoteManagers ?? []).map((m) => ({ nodeId: m.NodeID ?? '', addr: m.Addr ?? '' }));
  const role = nodeId === '' ? null : info.ControlAvailable || remoteManagers.some((m) => m.nodeId === nodeId) ? 'manager' : 'worker';
  const base = { localNodeState: state, error: info.Error ?? '', nodeId, nodeAddr: info.NodeAddr ?? '', role, remoteManagers } as const;
  if (state !== 'active') {
    const why = `this node is not an active swarm member (LocalNodeState ${state || 'not reported'})`;
    return { ...base, cluster: unavailable(why), nodes: unavailable(why), networks: [], services: unavailable(why), tasks: unavailable(why) };
  }
  const cluster: SwarmFact['cluster'] = info.Cluster
    ? { defaultAddrPool: info.Cluster.DefaultAddrPool ?? [], subnetSize: info.Cluster.SubnetSize ?? 0, dataPathPort: info.Cluster.DataPathPort ?? 0 }
    : unavailable(role === 'worker' ? 'this node is a worker: only managers report the cluster settings' : 'the engine reported no cluster settings');
  const mapped = <A, F>(answer: Fact<A[]>, map: (a: A) => F, order: (a: F, b: F) => number): Fact<F[]> => (isUnavailable(answer) ? answer : answer.map(map).sort(order));
  return {
    ...base,
    cluster,
    nodes: mapped(nodes, toNode, (a, b) => a.hostname.localeCompare(b.hostname)),
    networks: networks.filter((n) => n.network.Driver === 'overlay' && n.network.Scope === 'swarm').map(toNetwork).sort((a, b) => a.name.localeCompare(b.name)),
    services: mapped(services, toService, (a, b) => a.name.localeCompare(b.name)),
    tasks: mapped(isUnavailable(tasks) ? tasks : tasks.filter((task) => !task.NodeID || task.NodeID === nodeId), toTask, byServiceSlotAndId),
  };
}

/** swarmkit's defaults for a service without an update config (api/defaults/service.go, swarmkit as vendored by v20.10.24). */
const DEFAULT_UPDATE = { parallelism: 1, order: 'stop-first' };

function byServiceSlotAndId(a: SwarmTask, b: SwarmTask): number {
  return a.serviceId.localeCompare(b.serviceId) || (a.slot ?? 0) - (b.slot ?? 0) || a.id.localeCompare(b.id);
}

function toNetwork({ network: n, peers }: SwarmNetworkAnswer): SwarmNetwork {
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
    peers: isUnavailable(peers) ? peers : peers ? peers.map((p) => ({ name: p.Name ?? '', ip: p.IP ?? '' })) : unavailable('the network is not attached on this node (no peers listed)'),
  };
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
    // The engine fills both in when it stores the job (daemon/cluster/convert/service.go at v20.10.24: 1, then the first).
    ...(mode.ReplicatedJob
      ? { job: { maxConcurrent: mode.ReplicatedJob.MaxConcurrent ?? 1, totalCompletions: mode.ReplicatedJob.TotalCompletions ?? mode.ReplicatedJob.MaxConcurrent ?? 1 } }
      : {}),
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
    // The API lists a service without the defaults the engine applies (the CLI asks with insertDefaults=true).
    update: { parallelism: spec.UpdateConfig?.Parallelism ?? DEFAULT_UPDATE.parallelism, order: spec.UpdateConfig?.Order || DEFAULT_UPDATE.order },
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
