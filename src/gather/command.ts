import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { unavailable, type Unavailable } from '../snapshot/fact.js';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  /** Non-zero only with `exitCodeIsAnswer`. */
  exitCode?: number;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  /** null when a signal ended the command (see `signal`). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why the command did not run or was stopped: not installed, timed out, too much output; null when it ran to its end. */
  stopped: { reason: 'not-found' | 'cannot-run' | 'timeout' | 'output-cap'; detail: string } | null;
}

export interface BoundedOptions {
  maxBytes?: number;
  signal?: AbortSignal;
  /**
   * Sees stdout as it arrives, decoded, piece by piece (the pieces joined are `stdout`), before the command has ended:
   * a caller can read a long output while the rest is still being printed. Whatever the command's outcome.
   */
  onStdout?: (text: string) => void;
}

/** Far beyond any real ruleset or route table; bounds what a garbage-spewing tool costs in memory. */
export const COMMAND_OUTPUT_MAX_BYTES = 64 * 1024 * 1024;

type Stopped = NonNullable<CommandResult['stopped']>;

/** How a run reports that its gatherer stopped waiting for it. */
const NOT_WAITED_FOR: Stopped = { reason: 'timeout', detail: 'was not waited for: its gatherer ran out of time' };

/** How a run reports a command that is not installed (see commandOutcome). */
export const NOT_FOUND: Stopped = { reason: 'not-found', detail: 'not found in PATH' };

/** Spawns `file` as the leader of a process group of its own (so the whole group can be killed), in the C locale. */
export function spawnInOwnGroup(file: string, args: string[], stdio: Array<'pipe' | 'ignore'>): ChildProcess {
  return spawn(file, args, { detached: true, stdio, env: { ...process.env, LC_ALL: 'C' } });
}

/** Kills the process group `child` leads: the child and whatever it left running. */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * One command's run as its caller sees it, whatever process runs the command: its stdout and stderr decoded as they
 * come and bounded together, its deadline and its caller's signal, and its result, settled once.
 */
export interface BoundedRun {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** The command ended and all its output was read. */
  finish(exitCode: number | null, exitSignal: NodeJS.Signals | null): void;
  /** The command was stopped, or could not run, for this reason. */
  stop(why: Stopped): void;
  readonly result: Promise<CommandResult>;
}

/** A BoundedRun; `onSettled` runs once, when the result is known, to end the command's process and pipes. */
export function boundedRun(timeoutMs: number, { maxBytes = COMMAND_OUTPUT_MAX_BYTES, signal, onStdout }: BoundedOptions, onSettled: () => void): BoundedRun {
  // Output is decoded as it comes, while the command still runs: an 8 MB ruleset is not joined and decoded after it
  // exits. Appending makes a rope of the pieces, not a copy.
  const outDecoder = new StringDecoder('utf8');
  const errDecoder = new StringDecoder('utf8');
  let out = '';
  let err = '';
  let bytes = 0;
  let stopped: CommandResult['stopped'] = null;
  let settled = false;
  let resolve: (result: CommandResult) => void = () => undefined;
  const result = new Promise<CommandResult>((r) => (resolve = r));
  const finish = (exitCode: number | null, exitSignal: NodeJS.Signals | null): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    // A grandchild may still hold the pipes open; what it has not written by now is not waited for.
    onSettled();
    const outEnd = outDecoder.end();
    if (outEnd) onStdout?.(outEnd);
    resolve({ stdout: out + outEnd, stderr: err + errDecoder.end(), exitCode, signal: exitSignal, stopped });
  };
  const stop = (why: Stopped): void => {
    stopped ??= why;
    finish(null, null);
  };
  const withinCap = (chunk: Buffer): boolean => {
    bytes += chunk.length;
    if (bytes <= maxBytes) return true;
    stop({ reason: 'output-cap', detail: `printed more than ${maxBytes} bytes` });
    return false;
  };
  const timer = setTimeout(() => stop({ reason: 'timeout', detail: `timed out after ${timeoutMs} ms` }), timeoutMs);
  const onAbort = (): void => stop(NOT_WAITED_FOR);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    stdout: (chunk) => {
      if (!withinCap(chunk)) return;
      const text = outDecoder.write(chunk);
      out += text;
      if (text) onStdout?.(text);
    },
    stderr: (chunk) => {
      if (withinCap(chunk)) err += errDecoder.write(chunk);
    },
    finish,
    stop,
    result,
  };
}

/**
 * Runs a command (argument array, never a shell) in its own process group, bounded in time and output. At the
 * deadline, and also when the command exits, the whole group is killed: a wrapper script whose child keeps running
 * (or keeps the output pipe open) can neither hold dockdoc past its bound nor be left behind as an orphan.
 */
export function runBounded(file: string, args: string[], timeoutMs: number, options: BoundedOptions = {}): Promise<CommandResult> {
  if (options.signal?.aborted) return Promise.resolve({ stdout: '', stderr: '', exitCode: null, signal: null, stopped: NOT_WAITED_FOR });
  const child = spawnInOwnGroup(file, args, ['ignore', 'pipe', 'pipe']);
  const run = boundedRun(timeoutMs, options, () => {
    killGroup(child);
    child.stdout?.destroy();
    child.stderr?.destroy();
  });
  child.stdout?.on('data', run.stdout);
  child.stderr?.on('data', run.stderr);
  child.on('error', (error: NodeJS.ErrnoException) => run.stop(error.code === 'ENOENT' ? NOT_FOUND : { reason: 'cannot-run', detail: error.message }));
  // When the command exits, whatever it left running in its group goes too; that closes the pipes a leftover child
  // held, so 'close' (all output read) follows. A child that escaped the group is cut off by the deadline.
  child.on('exit', () => killGroup(child));
  child.on('close', (code, exitSignal) => run.finish(code, exitSignal));
  return run.result;
}

/**
 * Runs a read-only command in the caller's network namespace.
 * Missing binaries, permission problems, non-zero exits and timeouts become an Unavailable with the reason.
 */
export async function runCommand(
  file: string,
  args: string[],
  timeoutMs: number,
  options: { exitCodeIsAnswer?: boolean; signal?: AbortSignal; onStdout?: (text: string) => void } = {},
): Promise<CommandOutput | Unavailable> {
  const { signal, onStdout } = options;
  const result = await runBounded(file, args, timeoutMs, { ...(signal ? { signal } : {}), ...(onStdout ? { onStdout } : {}) });
  return commandOutcome(file, args, result, options);
}

/**
 * What a command's result means to a gatherer: its output, or why there is none. The same for a command run here and
 * one the gather script ran (src/bundle/), so both give the same fact.
 */
export function commandOutcome(file: string, args: string[], result: CommandResult, options: { exitCodeIsAnswer?: boolean } = {}): CommandOutput | Unavailable {
  const command = [file, ...args].join(' ');
  if (result.stopped?.reason === 'not-found') return unavailable(`${file} is not installed (not found in PATH)`);
  if (result.stopped) return unavailable(`\`${command}\` ${result.stopped.detail}`);
  // `systemctl is-enabled` and `firewall-cmd --state` answer with their exit code as well as their output.
  const answered = options.exitCodeIsAnswer === true && result.exitCode !== null;
  if (result.exitCode !== 0 && !answered) {
    const stderr = result.stderr.trim().split('\n')[0] ?? '';
    return unavailable(`\`${command}\` failed (exit ${result.exitCode ?? result.signal ?? 'signal'})${stderr ? `: ${stderr}` : ''}`);
  }
  return { stdout: result.stdout, stderr: result.stderr, ...(answered && result.exitCode !== 0 ? { exitCode: result.exitCode as number } : {}) };
}
