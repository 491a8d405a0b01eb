import { isUnavailable, unavailable } from '../snapshot/fact.js';
import type { Facts, Snapshot } from '../snapshot/schema.js';
import { boundedBy, startAddressGatherers } from './addressFacts.js';
import { gatherFirewallFamily } from './firewall.js';
import { gatherIngressSandbox } from './ingressSandbox.js';
import { gatherFirewalld } from './firewalld.js';
import { gatherInstalledEngine } from './installedEngine.js';
import { gatherNftFacts } from './nftFacts.js';
import { gatherNftablesConfigFiles } from './nftablesConfigs.js';
import { LIVE_HOST_IO } from './hostIo.js';
import { hostPath } from './hostPath.js';
import type { GatherOptions } from './options.js';
import { gatherSavedRules } from './savedRules.js';
import { gatherSysctls } from './sysctls.js';
import { gatherUnitStates } from './unitStates.js';
import { snapshotOf } from './snapshotOf.js';

type FirewallFamilies = Pick<Facts, 'iptables' | 'ip6tables'>;

/**
 * What a gathered snapshot holds: `everything` (`dockdoc snapshot`, read later, maybe by another dockdoc), or
 * `what-the-checks-read` (a live `check`, whose snapshot is read once, here, by these checks). The latter leaves out
 * what its checks would not read, each a process fewer started while `iptables-save` runs, which on a large host is
 * what a check waits for (docs/performance.md):
 * - the installed dockerd's release (`dockerd --version`, a Go binary of ~60 MB, 0.1 s of CPU), read only when the
 *   engine does not answer (src/engine/run.ts engineVersionBasis): asked then, after an engine that did not answer in
 *   time it has a bound of its own, so such a run lasts up to twice --timeout only if `dockerd --version` hangs too;
 * - every table's chains (`nft list chains`) and the input chains found through them, read only by the checks of
 *   Docker's nftables backend and of a swarm node (src/gather/nftFacts.ts): 0.2 s of nft's CPU on a Kubernetes-sized
 *   iptables-nft host, and two reads of its 20,000 chains in node;
 * - where they are read, `nft list chains` as text, read only when its JSON cannot be (src/gather/nftables.ts): 0.24 s
 *   of CPU on the same host.
 */
export type Recording = 'everything' | 'what-the-checks-read';

const INSTALLED_ENGINE_NOT_ASKED = 'not asked: the engine answered, and the checks use the version it gave';

/**
 * Gathers every host fact concurrently, each bounded by the timeout; never throws.
 *
 * `whileFirewallIsRead` is handed the snapshot as soon as every fact but the iptables rules is in (on a large host
 * `iptables-save` runs for seconds after the rest), to work out ahead what does not depend on them: Docker's intent,
 * say. The snapshot it gets is the one returned, its `iptables` and `ip6tables` filled in afterwards; until then
 * reading them throws, so nothing can be worked out from rules not read yet (a derivation that throws is not
 * remembered, src/snapshot/derive.ts). What it throws is ignored.
 */
export async function gatherSnapshot(
  options: GatherOptions,
  whileFirewallIsRead?: (snapshot: Snapshot) => void,
  recording: Recording = 'everything',
): Promise<Snapshot> {
  const { root, timeoutMs } = options;
  const io = options.io ?? LIVE_HOST_IO;
  const bounded = boundedBy(timeoutMs);
  // iptables-save is the slowest command on a large host (seconds for 50,000 rules): it starts first, and every
  // other gatherer overlaps it.
  const firewallGathered: Promise<FirewallFamilies> = Promise.all([
    bounded('reading iptables', (signal) => gatherFirewallFamily(4, timeoutMs, signal, io)),
    bounded('reading ip6tables', (signal) => gatherFirewallFamily(6, timeoutMs, signal, io)),
  ]).then(([iptables, ip6tables]) => ({ iptables, ip6tables }));
  const gathering = startAddressGatherers(options, io, bounded, 'routes-and-addresses');
  const nft = gatherNftFacts(recording, gathering.engine, timeoutMs, io, bounded);
  const findInstalledEngine = () => bounded('finding the installed engine', () => gatherInstalledEngine(root, timeoutMs, io));
  // The routing mesh's namespace is looked into only on an active swarm member, at the exec-root dockerd is given.
  const ingressSandboxGathered = Promise.all([gathering.swarm, gathering.systemdUnits, gathering.daemonConfig]).then(([swarm, systemdUnits, daemonConfig]) =>
    bounded('looking into the ingress_sbox namespace', (signal) => gatherIngressSandbox(root, { swarm, systemdUnits, daemonConfig }, timeoutMs, signal, io)),
  );
  const [
    [systemdUnits, daemonConfig, engine, swarm, routes, addresses, resolvConf],
    [installedEngine, savedRules, sysctls, nftablesConf, firewallUnitStates, firewalld, nftablesConfigFiles, nftRuleset, ingressSandbox, nftInputChains],
  ] = await Promise.all([
    Promise.all([gathering.systemdUnits, gathering.daemonConfig, gathering.engine, gathering.swarm, gathering.routes, gathering.addresses, gathering.resolvConf]),
    Promise.all([
      recording === 'everything' ? findInstalledEngine() : gathering.engine.then((engine) => (isUnavailable(engine) ? findInstalledEngine() : unavailable(INSTALLED_ENGINE_NOT_ASKED))),
      bounded('reading saved rules', () => gatherSavedRules(root, options.savedRulesPaths, io)),
      bounded('reading sysctls', () => gatherSysctls(root, io)),
      bounded('reading nftables.conf', () => io.readFile(hostPath(root, '/etc/nftables.conf'), '/etc/nftables.conf', 'hostFile')),
      bounded('asking systemd about the firewall units', () => gatherUnitStates(root, timeoutMs, io)),
      bounded('asking firewalld', () => gatherFirewalld(root, timeoutMs, io)),
      bounded('reading the nftables service configs', () => gatherNftablesConfigFiles(root, io)),
      nft.nftRuleset,
      ingressSandboxGathered,
      nft.nftInputChains,
    ]),
  ]);
  const factsWith = ({ iptables, ip6tables }: FirewallFamilies): Facts => ({
    daemonConfig,
    systemdUnits,
    engine,
    installedEngine,
    swarm,
    ingressSandbox,
    iptables,
    ip6tables,
    savedRules,
    routes,
    addresses,
    resolvConf,
    sysctls,
    nftablesConf,
    nftRuleset,
    firewallUnitStates,
    firewalld,
    nftablesConfigFiles,
    nftInputChains,
    compose: unavailable('no compose files given'),
  });
  if (!whileFirewallIsRead) return snapshotOf(factsWith(await firewallGathered));
  const pending = unavailable('being gathered');
  const snapshot = snapshotOf(Object.defineProperties(factsWith({ iptables: pending, ip6tables: pending }), THROW_UNTIL_READ));
  try {
    whileFirewallIsRead(snapshot);
  } catch {
    // Worked out from the whole snapshot later, as without the hook.
  }
  const { facts, takenAt } = snapshotOf(factsWith(await firewallGathered));
  return Object.assign(snapshot, { facts, takenAt });
}

/** The iptables facts while they are read: reading them throws (see gatherSnapshot). */
const THROW_UNTIL_READ: PropertyDescriptorMap = Object.fromEntries(
  (['iptables', 'ip6tables'] as const).map((name) => [
    name,
    {
      enumerable: true,
      get: (): never => {
        throw new Error(`${name} was read before it was gathered`);
      },
    },
  ]),
);
