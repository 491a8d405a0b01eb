import { dockerdExecRoot, ingressSandboxPath } from '../daemon/execRoot.js';
import { available, isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { DaemonConfigFact, IngressSandboxFact, SwarmFact, SystemdUnitsFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';
import { saveAllTables, TOOLS } from './saves.js';

export interface IngressSandboxInputs {
  swarm: Fact<SwarmFact> | undefined;
  systemdUnits: Fact<SystemdUnitsFact>;
  daemonConfig: Fact<DaemonConfigFact>;
}

/**
 * The routing mesh's namespace on an active swarm node: whether `<exec-root>/netns/ingress_sbox` is there and its
 * iptables rules, read with `nsenter --net=PATH iptables-save`. dockerd's fwmarker writes the namespace's rules with
 * the same `iptables` binary it uses on the host (service_linux.go, iptables.GetIptable), so the save tool paired with
 * it reads them back. Asked only of an active swarm member; never throws.
 */
export async function gatherIngressSandbox(
  root: string,
  { swarm, systemdUnits, daemonConfig }: IngressSandboxInputs,
  timeoutMs: number,
  signal?: AbortSignal,
  io: HostIo = LIVE_HOST_IO,
): Promise<Fact<IngressSandboxFact>> {
  if (available(swarm)?.localNodeState !== 'active') return unavailable('not asked: this node is not an active swarm member');
  const execRoot = dockerdExecRoot(systemdUnits, daemonConfig);
  const path = ingressSandboxPath(execRoot.path);
  // Under --root the files are another host's: its namespaces cannot be entered from here.
  if (hostPath(root, path) !== path) return unavailable(`not asked under --root: ${path} is a namespace of the running host`);
  const base = { path, execRootSource: execRoot.source };
  if (!(await io.exists(path))) {
    // An active node always has namespaces there (the ingress network's own, `1-<id>`): none at all means dockerd's
    // exec-root is elsewhere (a --exec-root dockdoc does not see, e.g. in $DOCKER_OPTS), not that the sandbox is gone.
    const netns = path.replace(/\/ingress_sbox$/, '');
    if ((await io.listDir(netns)).length === 0) {
      return unavailable(`no network namespaces under ${netns} (exec-root from ${execRoot.source}): dockerd's exec-root is not there; give it with \`exec-root\` in the daemon.json dockdoc reads`);
    }
    return { ...base, present: false, save: null };
  }
  const save = await saveAllTables(TOOLS[4].save, (tool, args) => io.run('nsenter', [`--net=${path}`, tool, ...args], timeoutMs, { signal }), io === LIVE_HOST_IO);
  if (isUnavailable(save)) {
    return unavailable(
      `${path} is there but could not be entered (${save.unavailable}); a file that is no network namespace seen from here is one dockerd bind-mounted in a mount namespace of its own (MountFlags=slave in docker.service), or a stale file`,
    );
  }
  return { ...base, present: true, save };
}
