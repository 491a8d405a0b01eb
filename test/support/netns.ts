import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandPath } from './availability.js';
import { run, outputOrThrow, type CommandResult, type RunOptions } from './command.js';
import { isAlive, pidsWithCommandLineContaining, signal, waitForExit } from './processes.js';

/** Where `ip netns add` puts its namespace files. */
export const NETNS_DIRECTORY = '/var/run/netns';

/** Every harness namespace and state directory is named dd-<pid of the test process>-<counter>. */
const NAME_PATTERN = /^dd-(\d+)-\d+$/;

/** Parent of the per-daemon state directories (data-root, exec-root, socket, log, ...). */
const STATE_ROOT = join(tmpdir(), 'dockdoc-it');

/** A network namespace created by the harness. */
export interface Netns {
  name: string;
  /** /var/run/netns/<name>, what `nsenter --net=` takes. */
  path: string;
  /** Runs a command inside the namespace (nsenter --net; mounts and /etc stay the host's). */
  run(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

let counter = 0;

/** A name no other harness instance uses: the pid keeps parallel test processes apart. */
export function uniqueName(): string {
  counter += 1;
  return `dd-${process.pid}-${counter}`;
}

export function stateDirectory(name: string): string {
  return join(STATE_ROOT, name);
}

/** The namespace called `name`, whether or not it exists yet. */
export function netnsNamed(name: string): Netns {
  const path = join(NETNS_DIRECTORY, name);
  return {
    name,
    path,
    run: (command, args, options) => run(commandPath('nsenter'), [`--net=${path}`, command, ...args], options),
  };
}

/** Creates the namespace and brings its loopback up (a new netns starts with `lo` down). */
export async function createNetns(netns: Netns): Promise<void> {
  outputOrThrow(await run(commandPath('ip'), ['netns', 'add', netns.name]), `ip netns add ${netns.name}`);
  outputOrThrow(await netns.run(commandPath('ip'), ['link', 'set', 'lo', 'up']), `ip link set lo up in ${netns.name}`);
}

async function deleteNetns(name: string): Promise<void> {
  const path = join(NETNS_DIRECTORY, name);
  if (!existsSync(path)) return;
  const result = await run(commandPath('ip'), ['netns', 'delete', name]);
  // Two test processes may sweep the same dead run at once: losing that race is fine.
  if (existsSync(path)) outputOrThrow(result, `ip netns delete ${name}`);
}

/**
 * Kills what is left of one harness instance (anything whose command line names its state directory:
 * dockerd, containerd, shims; docker-proxy dies with its dockerd), then removes its namespace and state directory.
 */
export async function removeInstance(name: string): Promise<void> {
  const marker = `${stateDirectory(name)}/`;
  for (const pid of pidsWithCommandLineContaining(marker)) {
    signal(pid, 'SIGKILL');
    await waitForExit(pid, 10_000);
  }
  await deleteNetns(name);
  rmSync(stateDirectory(name), { recursive: true, force: true });
}

function deadRunNames(entries: string[]): string[] {
  return entries.filter((entry) => {
    const match = NAME_PATTERN.exec(entry);
    return match !== null && !isAlive(Number(match[1]));
  });
}

function listDirectory(path: string): string[] {
  return existsSync(path) ? readdirSync(path) : [];
}

/** Removes namespaces and state directories left by harness runs whose test process has died. */
export async function removeLeftoversOfDeadRuns(): Promise<void> {
  const names = new Set(deadRunNames([...listDirectory(NETNS_DIRECTORY), ...listDirectory(STATE_ROOT)]));
  for (const name of names) await removeInstance(name);
}
