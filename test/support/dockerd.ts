import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUSYBOX_PATH, commandPath } from './availability.js';
import { BUSYBOX_IMAGE, busyboxRootfsTar } from './busybox-image.js';
import { outputOrThrow, run, type CommandResult, type RunOptions } from './command.js';
import { track, untrack } from './daemon-registry.js';
import {
  dockerdPaths,
  exitsWithin,
  launchDockerd,
  type DockerdPaths,
  type ExitStatus,
  type RunningDockerd,
} from './dockerd-launch.js';
import {
  createNetns,
  netnsNamed,
  removeInstance,
  removeLeftoversOfDeadRuns,
  stateDirectory,
  uniqueName,
  type Netns,
} from './netns.js';
import { commandLine, signal, waitForExit } from './processes.js';

export { integrationAvailability, type Availability } from './availability.js';
export { describeIntegration, REQUIRE_INTEGRATION_ENV } from './describe-integration.js';
export { BUSYBOX_IMAGE, BUSYBOX_INDEX_HTML } from './busybox-image.js';
export { outputOrThrow, type CommandResult, type RunOptions } from './command.js';
export type { DockerdPaths, ExitStatus } from './dockerd-launch.js';
export type { Netns } from './netns.js';
export { stopAllDaemons } from './daemon-registry.js';

export interface StartDockerdOptions {
  /** daemon.json: an object is written as JSON, a string verbatim (for configs that are not valid JSON). Default {}. */
  daemonConfig?: Record<string, unknown> | string;
  /** net.ipv4.ip_forward in the namespace before dockerd starts. Default: leave what a new netns inherits. */
  ipForward?: '0' | '1';
  /** Runs in the new namespace (lo already up) before dockerd starts: add interfaces, addresses, routes. */
  setup?: (netns: Netns) => Promise<void>;
  /** What dockerd reads as /etc/resolv.conf (bind-mounted in its private mount namespace). Default: the host's file. */
  resolvConf?: string;
  /** More dockerd flags, after --data-root, --exec-root, --pidfile, -H and --config-file. */
  extraArgs?: string[];
  /** How long to wait for dockerd to answer `docker version` (default 60 s). */
  startTimeoutMs?: number;
}

export interface DockerdHandle {
  /** Network namespace name, dd-<test pid>-<counter>. */
  readonly netns: string;
  /** /var/run/netns/<netns>. */
  readonly netnsPath: string;
  readonly socketPath: string;
  /** unix://<socketPath>, for DOCKER_HOST or dockerode. */
  readonly dockerHost: string;
  /** dockerd's pid; changes on restart(). */
  readonly pid: number;
  readonly paths: DockerdPaths;
  /** Server version reported by `docker version` at the last (re)start, e.g. "20.10.24+dfsg1". */
  readonly serverVersion: string;
  /** Runs the docker CLI against this daemon. A non-zero exit is returned, not thrown. */
  docker(args: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** Runs a command in the daemon's network namespace (nsenter --net). */
  inNetns(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** Pid of the containerd this dockerd started, or null when none runs. */
  containerdPid(): number | null;
  /** SIGTERM dockerd (as `systemctl restart docker` does), wait for it and its containerd, start it again. */
  restart(): Promise<void>;
  /** Kills the containers and dockerd, removes the namespace and every file. Idempotent. */
  stop(): Promise<void>;
  /** Imports the busybox image once per daemon and returns its name. */
  importBusybox(): Promise<string>;
  /** Everything dockerd printed so far (also after stop()). */
  log(): string;
}

export interface ExpectedFailure extends ExitStatus {
  /** dockerd's stdout and stderr. */
  log: string;
  /** Where daemon.json was (dockerd names it in config errors); already removed. */
  configFile: string;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;
/** Containers get 10 s to stop on a clean dockerd shutdown; leave room for several in parallel. */
const SHUTDOWN_TIMEOUT_MS = 45_000;

class Dockerd implements DockerdHandle {
  readonly paths: DockerdPaths;
  serverVersion = '';
  private readonly namespace: Netns;
  private running: RunningDockerd | null = null;
  private stopping: Promise<void> | null = null;
  private busyboxImage: Promise<string> | null = null;
  private finalLog: string | null = null;

  constructor(private readonly options: StartDockerdOptions) {
    this.namespace = netnsNamed(uniqueName());
    this.paths = dockerdPaths(stateDirectory(this.netns), options.resolvConf !== undefined);
  }

  get netns(): string {
    return this.namespace.name;
  }

  get netnsPath(): string {
    return this.namespace.path;
  }

  get socketPath(): string {
    return this.paths.socket;
  }

  get dockerHost(): string {
    return `unix://${this.paths.socket}`;
  }

  get pid(): number {
    if (this.running === null) throw new Error(`dockerd of ${this.netns} is not running`);
    return this.running.pid;
  }

  docker(args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    return run(commandPath('docker'), args, {
      ...options,
      env: { ...options.env, DOCKER_HOST: this.dockerHost, DOCKER_CONFIG: this.paths.dockerConfig },
    });
  }

  inNetns(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult> {
    return this.namespace.run(command, args, options);
  }

  containerdPid(): number | null {
    let text: string;
    try {
      text = readFileSync(`${this.paths.execRoot}/containerd/containerd.pid`, 'utf8');
    } catch {
      return null;
    }
    const pid = Number(text.trim());
    // The pid file outlives a crashed containerd; only trust it while the pid is still our containerd.
    return (commandLine(pid) ?? '').includes(`${this.paths.execRoot}/`) ? pid : null;
  }

  log(): string {
    if (this.finalLog !== null) return this.finalLog;
    return existsSync(this.paths.logFile) ? readFileSync(this.paths.logFile, 'utf8') : '';
  }

  /** Creates the directories, config files and namespace, and runs the options' setup in it. */
  async prepare(): Promise<void> {
    for (const dir of [this.paths.dir, this.paths.containerdRun, this.paths.dockerConfig]) {
      mkdirSync(dir, { recursive: true });
    }
    const config = this.options.daemonConfig ?? {};
    writeFileSync(this.paths.configFile, typeof config === 'string' ? config : `${JSON.stringify(config, null, 2)}\n`);
    if (this.paths.resolvConf !== null) writeFileSync(this.paths.resolvConf, this.options.resolvConf ?? '');
    await createNetns(this.namespace);
    if (this.options.ipForward !== undefined) {
      const sysctl = await this.inNetns(BUSYBOX_PATH, ['sysctl', '-w', `net.ipv4.ip_forward=${this.options.ipForward}`]);
      outputOrThrow(sysctl, `sysctl net.ipv4.ip_forward=${this.options.ipForward} in ${this.netns}`);
    }
    await this.options.setup?.(this.namespace);
  }

  launch(): RunningDockerd {
    this.running = launchDockerd(this.netnsPath, this.paths, this.options.extraArgs ?? []);
    return this.running;
  }

  /** Launches dockerd and waits until its API answers; throws with the log if it exits or hangs. */
  async start(): Promise<void> {
    const running = this.launch();
    const deadline = Date.now() + (this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    for (;;) {
      if (running.exitStatus !== null) {
        throw new Error(`dockerd in ${this.netns} exited (${describeExit(running.exitStatus)}) before answering:\n${this.log()}`);
      }
      const version = await this.docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 10_000 });
      if (version.exitCode === 0) {
        this.serverVersion = version.stdout.trim();
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`dockerd in ${this.netns} did not answer within the start timeout:\n${version.stderr}\n${this.log()}`);
      }
      await sleep(200);
    }
  }

  /** Launches dockerd for a config it must refuse and waits for it to exit by itself. */
  async awaitRefusal(timeoutMs: number): Promise<ExitStatus> {
    const running = this.launch();
    if (!(await exitsWithin(running, timeoutMs))) {
      const answering = (await this.docker(['version'], { timeoutMs: 10_000 })).exitCode === 0;
      throw new Error(
        `dockerd in ${this.netns} did not exit within ${timeoutMs} ms (API ${answering ? 'answering' : 'silent'}):\n${this.log()}`,
      );
    }
    return running.exited;
  }

  async restart(): Promise<void> {
    if (this.stopping !== null) throw new Error(`dockerd of ${this.netns} was stopped; start a new one`);
    await this.terminate();
    await this.start();
  }

  stop(): Promise<void> {
    this.stopping ??= this.teardown();
    return this.stopping;
  }

  importBusybox(): Promise<string> {
    this.busyboxImage ??= this.importBusyboxImage().catch((error: unknown) => {
      this.busyboxImage = null;
      throw error;
    });
    return this.busyboxImage;
  }

  private async importBusyboxImage(): Promise<string> {
    const tar = await busyboxRootfsTar();
    outputOrThrow(await this.docker(['import', '-', BUSYBOX_IMAGE], { input: tar }), `docker import ${BUSYBOX_IMAGE}`);
    return BUSYBOX_IMAGE;
  }

  /** SIGTERM dockerd and wait for it and its containerd; SIGKILL whichever outlives its timeout. */
  private async terminate(): Promise<void> {
    const running = this.running;
    if (running === null) return;
    const containerd = this.containerdPid();
    // Once dockerd has exited and been reaped, its pid may belong to someone else: never signal it then.
    if (running.exitStatus === null) signal(running.pid, 'SIGTERM');
    if (!(await exitsWithin(running, SHUTDOWN_TIMEOUT_MS))) {
      signal(running.pid, 'SIGKILL');
      await running.exited;
    }
    this.running = null;
    // A clean shutdown stops containerd too; after a crash or SIGKILL it would keep the state directory busy.
    if (containerd !== null && !(await waitForExit(containerd, 10_000))) {
      signal(containerd, 'SIGKILL');
      await waitForExit(containerd, 10_000);
    }
  }

  /** Kills running containers first: busybox as pid 1 ignores SIGTERM, so a clean shutdown would wait 10 s each. */
  private async killContainers(): Promise<void> {
    const ids = await this.docker(['ps', '--quiet'], { timeoutMs: 20_000 });
    const running = ids.stdout.split('\n').filter(Boolean);
    if (ids.exitCode === 0 && running.length > 0) await this.docker(['kill', ...running], { timeoutMs: 30_000 });
  }

  private async teardown(): Promise<void> {
    try {
      if (this.running !== null && this.running.exitStatus === null) await this.killContainers();
    } finally {
      await this.terminate();
      this.finalLog = this.log();
      await removeInstance(this.netns);
      untrack(this);
    }
  }
}

function describeExit(status: ExitStatus): string {
  return status.signal !== null ? `signal ${status.signal}` : `exit code ${status.exitCode}`;
}

let leftoversRemoved: Promise<void> | undefined;

async function prepared(options: StartDockerdOptions): Promise<Dockerd> {
  leftoversRemoved ??= removeLeftoversOfDeadRuns();
  await leftoversRemoved;
  const daemon = new Dockerd(options);
  track(daemon);
  try {
    await daemon.prepare();
  } catch (error) {
    await daemon.stop();
    throw error;
  }
  return daemon;
}

/**
 * Starts a real dockerd in a new network namespace, with its own data-root, exec-root, socket and containerd,
 * and waits until it answers. Stop it with handle.stop(); describeIntegration's afterAll stops forgotten ones.
 */
export async function startDockerd(options: StartDockerdOptions = {}): Promise<DockerdHandle> {
  const daemon = await prepared(options);
  try {
    await daemon.start();
  } catch (error) {
    await daemon.stop();
    throw error;
  }
  return daemon;
}

/**
 * Starts dockerd with a configuration it must refuse, waits (bounded) until it exits by itself, cleans up,
 * and returns how it exited with its log. Throws if dockerd keeps running.
 */
export async function startDockerdExpectingFailure(
  options: StartDockerdOptions & { exitTimeoutMs?: number } = {},
): Promise<ExpectedFailure> {
  const daemon = await prepared(options);
  try {
    const status = await daemon.awaitRefusal(options.exitTimeoutMs ?? 30_000);
    return { ...status, log: daemon.log(), configFile: daemon.paths.configFile };
  } finally {
    await daemon.stop();
  }
}
