import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXEC_ROOT, dockerdExecRoot } from '../../src/daemon/execRoot.js';
import { commandOutcome, type CommandResult } from '../../src/gather/command.js';
import type { HostIo } from '../../src/gather/hostIo.js';
import { gatherIngressSandbox } from '../../src/gather/ingressSandbox.js';
import { unavailable } from '../../src/snapshot/fact.js';
import type { SwarmFact, SystemdUnitsFact } from '../../src/snapshot/schema.js';
import { fixturePath } from '../helpers/cli.js';

/** Debian 12's docker.io unit (fixtures/systemd/docker.service), its ExecStart as shipped or with `--exec-root`. */
const UNIT = readFileSync(fixturePath('systemd/docker.service'), 'utf8');
const units = (text: string): SystemdUnitsFact => ({ units: { 'docker.service': { fragment: { path: '/lib/systemd/system/docker.service', present: true, text }, dropIns: [] } } });
const withFlag = units(UNIT.replace('ExecStart=/usr/sbin/dockerd -H fd://', 'ExecStart=/usr/sbin/dockerd --exec-root=/srv/docker-run -H fd://'));
const noDaemonJson = { path: '/etc/docker/daemon.json', present: false };
const active = { localNodeState: 'active' } as SwarmFact;

/** The host as a gatherer asks it: what is at which path, what each command answers (runBounded's shape). */
function fakeHost(paths: Record<string, string[] | true>, commands: Record<string, CommandResult>): HostIo & { ran: string[] } {
  const ran: string[] = [];
  const notAsked = () => Promise.reject(new Error('not asked by this gatherer'));
  return {
    ran,
    readFile: notAsked,
    readLink: notAsked,
    queryEngineInfo: notAsked,
    queryEngine: notAsked,
    querySwarm: notAsked,
    exists: async (path) => path in paths,
    listDir: async (path) => (Array.isArray(paths[path]) ? (paths[path] as string[]) : []),
    run: async (file, args) => {
      const command = [file, ...args].join(' ');
      ran.push(command);
      const result = commands[command];
      return result ? commandOutcome(file, args, result) : unavailable(`${file} is not installed (not found in PATH)`);
    },
  };
}
const answered = (stdout: string, exitCode = 0, stderr = ''): CommandResult => ({ stdout, stderr, exitCode, signal: null, stopped: null });
const SAVE = readFileSync(fixturePath('swarm/ingress-sbox/fwmarker-tcp-8080.save'), 'utf8');
const PATH = '/var/run/docker/netns/ingress_sbox';

describe('the ingress_sbox gatherer', () => {
  it('finds dockerd\'s exec-root: --exec-root in the unit, else daemon.json, else /var/run/docker', () => {
    expect(dockerdExecRoot(withFlag, { path: '/etc/docker/daemon.json', present: true, text: '{"exec-root": "/elsewhere"}' })).toEqual({ path: '/srv/docker-run', source: 'unit' });
    expect(dockerdExecRoot(units(UNIT), { path: '/etc/docker/daemon.json', present: true, text: '{\n  "exec-root": "/run/dockerd"\n}\n' })).toEqual({ path: '/run/dockerd', source: 'daemon.json' });
    expect(dockerdExecRoot(units(UNIT), noDaemonJson)).toEqual({ path: DEFAULT_EXEC_ROOT, source: 'default' });
    expect(dockerdExecRoot(unavailable('no systemd'), { path: '/etc/docker/daemon.json', present: true, text: '{ not json' })).toEqual({ path: DEFAULT_EXEC_ROOT, source: 'default' });
  });

  it('reads the namespace\'s rules with `nsenter --net=PATH iptables-save`, again without -w where the tool refuses it', async () => {
    const host = fakeHost({ [PATH]: true }, {
      [`nsenter --net=${PATH} iptables-save -w`]: answered('', 2, "iptables-save: invalid option -- 'w'"),
      [`nsenter --net=${PATH} iptables-save`]: answered(SAVE),
    });
    expect(await gatherIngressSandbox('/', { swarm: active, systemdUnits: units(UNIT), daemonConfig: noDaemonJson }, 5_000, undefined, host)).toEqual({
      path: PATH,
      execRootSource: 'default',
      present: true,
      save: SAVE,
    });
    expect(host.ran).toEqual([`nsenter --net=${PATH} iptables-save -w`, `nsenter --net=${PATH} iptables-save`]);
  });

  it('a namespace file that cannot be entered is unavailable, with nsenter\'s reason', async () => {
    const host = fakeHost({ [PATH]: true }, { [`nsenter --net=${PATH} iptables-save -w`]: answered('', 1, "nsenter: reassociate to namespace 'ns/net' failed: Invalid argument") });
    const fact = await gatherIngressSandbox('/', { swarm: active, systemdUnits: units(UNIT), daemonConfig: noDaemonJson }, 5_000, undefined, host);
    expect(fact).toEqual({ unavailable: expect.stringContaining("is there but could not be entered (`nsenter --net=/var/run/docker/netns/ingress_sbox iptables-save -w` failed (exit 1): nsenter: reassociate to namespace 'ns/net' failed: Invalid argument)") });
  });

  it('absent beside the node\'s other namespaces: not there; with no namespace at all under the exec-root: unavailable (dockerd\'s exec-root is elsewhere)', async () => {
    const inputs = { swarm: active, systemdUnits: withFlag, daemonConfig: noDaemonJson };
    const beside = fakeHost({ '/srv/docker-run/netns': ['1-pdntmlswsf', 'lb_hhalrqc9x'] }, {});
    expect(await gatherIngressSandbox('/', inputs, 5_000, undefined, beside)).toEqual({ path: '/srv/docker-run/netns/ingress_sbox', execRootSource: 'unit', present: false, save: null });
    expect(beside.ran).toEqual([]);
    expect(await gatherIngressSandbox('/', inputs, 5_000, undefined, fakeHost({}, {}))).toEqual({ unavailable: expect.stringContaining('no network namespaces under /srv/docker-run/netns (exec-root from unit)') });
  });

  it('asks nothing of a node that is no active swarm member, nor under --root', async () => {
    const host = fakeHost({ [PATH]: true }, {});
    expect(await gatherIngressSandbox('/', { swarm: { localNodeState: 'inactive' } as SwarmFact, systemdUnits: units(UNIT), daemonConfig: noDaemonJson }, 5_000, undefined, host)).toEqual({ unavailable: 'not asked: this node is not an active swarm member' });
    expect(await gatherIngressSandbox('/mnt/host', { swarm: active, systemdUnits: units(UNIT), daemonConfig: noDaemonJson }, 5_000, undefined, host)).toEqual({ unavailable: expect.stringContaining('not asked under --root') });
    expect(host.ran).toEqual([]);
  });
});
