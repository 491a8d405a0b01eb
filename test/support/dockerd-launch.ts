import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandPath } from './availability.js';

/** Where one daemon keeps everything; stop() removes `dir` and all below it. */
export interface DockerdPaths {
  dir: string;
  dataRoot: string;
  execRoot: string;
  pidFile: string;
  socket: string;
  configFile: string;
  /** dockerd's stdout and stderr, appended across restarts. */
  logFile: string;
  /** The file bind-mounted over /etc/resolv.conf for dockerd, or null when dockerd sees the host's. */
  resolvConf: string | null;
  /** Bind-mounted over /run/containerd for dockerd (see LAUNCH_SCRIPT). */
  containerdRun: string;
  /** DOCKER_CONFIG for the CLI, so the user's ~/.docker (contexts, plugins) cannot redirect commands. */
  dockerConfig: string;
}

export function dockerdPaths(dir: string, withResolvConf: boolean): DockerdPaths {
  return {
    dir,
    dataRoot: join(dir, 'data-root'),
    execRoot: join(dir, 'exec-root'),
    pidFile: join(dir, 'dockerd.pid'),
    socket: join(dir, 'docker.sock'),
    configFile: join(dir, 'daemon.json'),
    logFile: join(dir, 'dockerd.log'),
    resolvConf: withResolvConf ? join(dir, 'resolv.conf') : null,
    containerdRun: join(dir, 'containerd-run'),
    dockerConfig: join(dir, 'docker-config'),
  };
}

/**
 * Runs in dockerd's private mount namespace, then execs dockerd (so the spawned pid is dockerd's).
 * $1: file to show as /etc/resolv.conf, or empty. $2: empty directory to show as /run/containerd: dockerd 20.10
 * uses a system containerd whenever /run/containerd/containerd.sock exists, and then every daemon would share one;
 * hiding it makes each dockerd start its own containerd under its exec-root. The shims' sockets, which containerd
 * puts in /run/containerd/s, then stay in the daemon's own directory too. (mkdir -p acts on the host's /run,
 * leaving at most the empty directory containerd would create there anyway.)
 */
const LAUNCH_SCRIPT = [
  'set -e',
  'if [ -n "$1" ]; then mount --bind "$1" /etc/resolv.conf; fi',
  'mkdir -p /run/containerd',
  'mount --bind "$2" /run/containerd',
  'shift 2',
  'exec "$@"',
].join('\n');

export interface ExitStatus {
  exitCode: number | null;
  signal: string | null;
}

/** A dockerd process started by the harness. */
export interface RunningDockerd {
  pid: number;
  /** Settles when dockerd has exited (never rejects). */
  exited: Promise<ExitStatus>;
  /** Set once `exited` has settled. */
  readonly exitStatus: ExitStatus | null;
}

/**
 * Starts dockerd in the namespace: nsenter --net (not `ip netns exec`, which remounts /sys and makes dockerd fail
 * with "Devices cgroup isn't mounted"), then unshare --mount for the private resolv.conf and /run/containerd.
 * setpriv --pdeathsig makes the kernel send dockerd SIGTERM when the test process dies without stopping it
 * (test workers are killed, so an exit handler would not run); the next run's sweep removes the netns and files.
 * node:child_process rather than execa here, because dockerd must write to the log file's descriptor directly
 * (no pipe through this process) and execa's types reject a descriptor held in a variable.
 */
export function launchDockerd(netnsPath: string, paths: DockerdPaths, extraArgs: readonly string[]): RunningDockerd {
  const dockerdArgs = [
    commandPath('dockerd'),
    '--data-root', paths.dataRoot,
    '--exec-root', paths.execRoot,
    '--pidfile', paths.pidFile,
    '-H', `unix://${paths.socket}`,
    '--config-file', paths.configFile,
    ...extraArgs,
  ];
  const log = openSync(paths.logFile, 'a');
  try {
    const child = spawn(
      commandPath('nsenter'),
      [
        `--net=${netnsPath}`,
        commandPath('unshare'), '--mount', '--propagation', 'private',
        commandPath('setpriv'), '--pdeathsig', 'TERM',
        '/bin/sh', '-c', LAUNCH_SCRIPT, 'dockdoc-launch-dockerd', paths.resolvConf ?? '', paths.containerdRun,
        ...dockerdArgs,
      ],
      { stdio: ['ignore', log, log] },
    );
    let exitStatus: ExitStatus | null = null;
    const exited = new Promise<ExitStatus>((resolve) => {
      // Only a failed spawn emits 'error' here; it is reported below, where pid is undefined.
      child.once('error', () => {
        exitStatus = { exitCode: null, signal: null };
        resolve(exitStatus);
      });
      child.once('exit', (exitCode, signalName) => {
        exitStatus = { exitCode, signal: signalName };
        resolve(exitStatus);
      });
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start nsenter for dockerd of ${netnsPath}`);
    return {
      pid,
      exited,
      get exitStatus() {
        return exitStatus;
      },
    };
  } finally {
    closeSync(log);
  }
}

/** Waits for dockerd to exit; false when it still runs after `timeoutMs`. */
export async function exitsWithin(running: RunningDockerd, timeoutMs: number): Promise<boolean> {
  const timeout = sleep(timeoutMs, false, { ref: false });
  return Promise.race([running.exited.then(() => true), timeout]);
}
