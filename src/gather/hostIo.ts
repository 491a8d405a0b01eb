import { lstat, readdir, readlink } from 'node:fs/promises';
import type { InputKind } from '../limits/caps.js';
import type { Fact, Unavailable } from '../snapshot/fact.js';
import type { HostFile } from '../snapshot/schema.js';
import { runCommand, type CommandOutput } from './command.js';
import type { EngineAnswers, EngineInfo } from './engineAnswers.js';
import { queryEngineApi, queryEngineInfo } from './engineQuery.js';
import { readHostFile } from './hostFile.js';
import type { SwarmAnswers } from './swarmAnswers.js';
import { querySwarmApi } from './swarmQuery.js';

/**
 * Every question the gatherers ask the host, in one place. Live, the answers come from the file system, commands and
 * the engine API; from a bundle (src/bundle/), from what the agentless gather script recorded on the host. The
 * gatherers turn the answers into facts the same way in both cases, so a bundle gives the snapshot a live run gives.
 */
export interface HostIo {
  /** A host file under its cap; missing is `present: false`, unreadable is Unavailable (see readHostFile). */
  readFile(path: string, recordedAs: string, kind: InputKind): Promise<HostFile | Unavailable>;
  /** A read-only command with runCommand's semantics (failures and timeouts become Unavailable). */
  run(file: string, args: string[], timeoutMs: number, options?: { exitCodeIsAnswer?: boolean; signal?: AbortSignal }): Promise<CommandOutput | Unavailable>;
  /** The names in a directory; none when it is missing or unreadable. */
  listDir(path: string): Promise<string[]>;
  /** Whether anything (a file, a directory, a symbolic link, even a dangling one) is at the path. */
  exists(path: string): Promise<boolean>;
  /** A symbolic link's target, or null when the path is not a link. */
  readLink(path: string): Promise<string | null>;
  /**
   * The engine's GET /info, asked once per run and handed to queryEngine and querySwarm, which both read it. A bundle
   * shares nothing: its engine and swarm questions each have their own record (different --format templates).
   */
  queryEngineInfo(dockerHost: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<Fact<EngineInfo>>;
  /** The engine's version, info, networks and containers, in the engine API's JSON shape; `info` is the shared /info. */
  queryEngine(dockerHost: string | undefined, timeoutMs: number, signal?: AbortSignal, info?: Promise<Fact<EngineInfo>>): Promise<Fact<EngineAnswers>>;
  /** Swarm mode as the engine reports it: this node, the cluster, overlays, services and tasks, in the API's shape. */
  querySwarm(dockerHost: string | undefined, timeoutMs: number, signal?: AbortSignal, info?: Promise<Fact<EngineInfo>>): Promise<Fact<SwarmAnswers>>;
}

export const LIVE_HOST_IO: HostIo = {
  readFile: (path, recordedAs, kind) => readHostFile(path, recordedAs, kind),
  run: (file, args, timeoutMs, options = {}) => runCommand(file, args, timeoutMs, options),
  listDir: (path) => readdir(path).catch(() => [] as string[]),
  exists: (path) => lstat(path).then(() => true, () => false),
  readLink: (path) => readlink(path).catch(() => null),
  queryEngineInfo,
  queryEngine: queryEngineApi,
  querySwarm: querySwarmApi,
};
