import { commandPath } from './availability.js';
import { outputOrThrow, startDockerd, type DockerdHandle } from './dockerd.js';
import { eventually } from './eventually.js';

/**
 * A two-node swarm on this machine: two network namespaces joined by a veth pair (192.0.2.1 and 192.0.2.2/24,
 * TEST-NET-1, so nothing outside the pair can be reached or answer), a real dockerd 20.10 in each, `docker swarm init
 * --advertise-addr` on the first and `docker swarm join` on the second, an overlay network and a service with one
 * task on each node. Every process and namespace belongs to the two DockerdHandles: stop() ends them by pid.
 */
export interface SwarmNode {
  daemon: DockerdHandle;
  /** The node's address on the veth link: what it advertises, gossips and sends VXLAN from. */
  addr: string;
  nodeId: string;
}

export interface TwoNodeSwarm {
  manager: SwarmNode;
  worker: SwarmNode;
  /** The overlay network's name and subnet. */
  network: { name: string; subnet: string };
  service: string;
  /** Milliseconds from the first dockerd's start to a running task on each node. */
  setupMs: number;
  /** The service's running container on a node and its address on the overlay. */
  task(node: SwarmNode): Promise<{ container: string; ip: string }>;
  stop(): Promise<void>;
}

export interface TwoNodeSwarmOptions {
  /** Overlay subnet (default 10.77.0.0/24). */
  subnet?: string;
  /** `--opt encrypted` on the overlay (IPsec ESP between the nodes). */
  encrypted?: boolean;
  /** `--publish PORT:80` in ingress mode (the routing mesh): the DOCKER-INGRESS chains and the ingress_sbox. */
  publishedPort?: number;
  /** Bound for every wait (the swarm forming, tasks starting); default 90 s. */
  timeoutMs?: number;
}

const LINK = 'swarm0';
const NETWORK = 'dd-overlay';
const SERVICE = 'dd-web';
export const MANAGER_ADDR = '192.0.2.1';
export const WORKER_ADDR = '192.0.2.2';

export async function startTwoNodeSwarm(options: TwoNodeSwarmOptions = {}): Promise<TwoNodeSwarm> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const subnet = options.subnet ?? '10.77.0.0/24';
  const started = Date.now();
  const ip = commandPath('ip');
  // Both ends are made in the manager's namespace; the worker's setup moves its end into its own namespace.
  const manager = await startDockerd({
    setup: async (netns) => {
      outputOrThrow(await netns.run(ip, ['link', 'add', LINK, 'type', 'veth', 'peer', 'name', `${LINK}-peer`]), 'ip link add veth');
      outputOrThrow(await netns.run(ip, ['addr', 'add', `${MANAGER_ADDR}/24`, 'dev', LINK]), 'ip addr add');
      outputOrThrow(await netns.run(ip, ['link', 'set', LINK, 'up']), 'ip link set up');
    },
  });
  let worker: DockerdHandle | undefined;
  try {
    worker = await startDockerd({
      setup: async (netns) => {
        outputOrThrow(await manager.inNetns(ip, ['link', 'set', `${LINK}-peer`, 'netns', netns.name]), 'ip link set netns');
        outputOrThrow(await netns.run(ip, ['link', 'set', `${LINK}-peer`, 'name', LINK]), 'ip link set name');
        outputOrThrow(await netns.run(ip, ['addr', 'add', `${WORKER_ADDR}/24`, 'dev', LINK]), 'ip addr add');
        outputOrThrow(await netns.run(ip, ['link', 'set', LINK, 'up']), 'ip link set up');
      },
    });
    const workerDaemon = worker;
    outputOrThrow(await manager.docker(['swarm', 'init', '--advertise-addr', MANAGER_ADDR]), 'docker swarm init');
    const token = outputOrThrow(await manager.docker(['swarm', 'join-token', '-q', 'worker']), 'docker swarm join-token').trim();
    outputOrThrow(await workerDaemon.docker(['swarm', 'join', '--token', token, `${MANAGER_ADDR}:2377`], { timeoutMs }), 'docker swarm join');
    // Swarm services do not pull here (no registry): each node needs the image itself.
    const [image] = await Promise.all([manager.importBusybox(), workerDaemon.importBusybox()]);
    const nodes = {
      manager: { daemon: manager, addr: MANAGER_ADDR, nodeId: await nodeIdOf(manager) },
      worker: { daemon: workerDaemon, addr: WORKER_ADDR, nodeId: await nodeIdOf(workerDaemon) },
    };
    await eventually(async () => {
      const ready = outputOrThrow(await manager.docker(['node', 'ls', '--format', '{{.Status}}']), 'docker node ls').split('\n').filter((s) => s === 'Ready');
      if (ready.length !== 2) throw new Error(`nodes ready: ${ready.length} of 2`);
    }, { timeoutMs });
    const networkArgs = ['network', 'create', '--driver', 'overlay', '--attachable', '--subnet', subnet, ...(options.encrypted ? ['--opt', 'encrypted'] : []), NETWORK];
    outputOrThrow(await manager.docker(networkArgs), 'docker network create');
    const serviceArgs = [
      'service', 'create', '--detach', '--no-resolve-image', '--name', SERVICE, '--network', NETWORK,
      '--replicas', '2', '--replicas-max-per-node', '1',
      ...(options.publishedPort !== undefined ? ['--publish', `published=${options.publishedPort},target=80,mode=ingress`] : []),
      image, 'httpd', '-f', '-p', '80', '-h', '/www',
    ];
    outputOrThrow(await manager.docker(serviceArgs), 'docker service create');
    const swarm: TwoNodeSwarm = {
      ...nodes,
      network: { name: NETWORK, subnet },
      service: SERVICE,
      setupMs: 0,
      task: (node) => runningTask(node.daemon),
      stop: async () => {
        await Promise.all([manager.stop(), workerDaemon.stop()]);
      },
    };
    await eventually(() => Promise.all([swarm.task(nodes.manager), swarm.task(nodes.worker)]), { timeoutMs, intervalMs: 500 });
    swarm.setupMs = Date.now() - started;
    return swarm;
  } catch (error) {
    await Promise.all([manager.stop(), worker?.stop()]);
    throw error;
  }
}

async function nodeIdOf(daemon: DockerdHandle): Promise<string> {
  return outputOrThrow(await daemon.docker(['info', '--format', '{{.Swarm.NodeID}}']), 'docker info').trim();
}

/** The service's running container on this daemon and its overlay address; throws while there is none. */
async function runningTask(daemon: DockerdHandle): Promise<{ container: string; ip: string }> {
  const ids = outputOrThrow(await daemon.docker(['ps', '--quiet', '--filter', `label=com.docker.swarm.service.name=${SERVICE}`]), 'docker ps').split('\n').filter(Boolean);
  if (ids.length === 0) throw new Error(`no running task of ${SERVICE} in ${daemon.netns}`);
  const container = ids[0]!;
  const ip = outputOrThrow(await daemon.docker(['inspect', '--format', `{{(index .NetworkSettings.Networks "${NETWORK}").IPAddress}}`, container]), 'docker inspect').trim();
  if (!ip) throw new Error(`task ${container} has no address on ${NETWORK} yet`);
  return { container, ip };
}

/**
 * Whether a TCP connection from `from`'s task reaches port 80 of `to` over the overlay (busybox `nc -w`, bounded both
 * by nc and by the command's own timeout): true when httpd answered.
 */
export async function overlayConnects(from: SwarmNode, toIp: string, fromContainer: string): Promise<boolean> {
  const result = await from.daemon.docker(['exec', fromContainer, 'sh', '-c', `echo 'GET / HTTP/1.0' | nc -w 3 ${toIp} 80`], { timeoutMs: 15_000 });
  return result.exitCode === 0 && result.stdout.includes('200 OK');
}

/** Whether one ICMP echo from `from`'s task reaches `toIp` over the overlay (busybox `ping -c 1 -W 2`). */
export async function overlayPings(from: SwarmNode, toIp: string, fromContainer: string): Promise<boolean> {
  const result = await from.daemon.docker(['exec', fromContainer, 'ping', '-c', '1', '-W', '2', toIp], { timeoutMs: 15_000 });
  return result.exitCode === 0;
}
