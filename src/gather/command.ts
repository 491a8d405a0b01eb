import { spawn } from 'node:child_process';
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

/**
 * Runs a command (argument array, never a shell) in its own process group, bounded in time and output. At the
 * deadline, and also when the command exits, the whole group is killed: a wrapper script whose child keeps running
 * (or keeps the output pipe open) can neither hold dockdoc past its bound nor be left behind as an orphan.
 */
export function runBounded(
  file: string,
  args: string[],
  timeoutMs: number,
  { maxBytes = COMMAND_OUTPUT_MAX_BYTES, signal, onStdout }: BoundedOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const cancelled = { reason: 'timeout' as const, detail: 'was not waited for: its gatherer ran out of time' };
    if (signal?.aborted) {
      resolve({ stdout: '', stderr: '', exitCode: null, signal: null, stopped: cancelled });
      return;
    }
    const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    // Output is decoded as it comes, while the command still runs: an 8 MB ruleset is not joined and decoded after it
    // exits. Appending makes a rope of the pieces, not a copy.
    const outDecoder = new StringDecoder('utf8');
    const errDecoder = new StringDecoder('utf8');
    let out = '';
    let err = '';
    let bytes = 0;
    let stopped: CommandResult['stopped'] = null;
    let settled = false;
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const finish = (exitCode: number | null, exitSignal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      killGroup();
      // A grandchild may still hold the pipes open; what it has not written by now is not waited for.
      child.stdout.destroy();
      child.stderr.destroy();
      const outEnd = outDecoder.end();
      if (outEnd) onStdout?.(outEnd);
      resolve({ stdout: out + outEnd, stderr: err + errDecoder.end(), exitCode, signal: exitSignal, stopped });
    };
    const withinCap = (chunk: Buffer): boolean => {
      bytes += chunk.length;
      if (bytes <= maxBytes) return true;
      stopped ??= { reason: 'output-cap', detail: `printed more than ${maxBytes} bytes` };
      finish(null, null);
      return false;
    };
    const timer = setTimeout(() => {
      stopped ??= { reason: 'timeout', detail: `timed out after ${timeoutMs} ms` };
      finish(null, null);
    }, timeoutMs);
    const onAbort = (): void => {
      stopped ??= cancelled;
      finish(null, null);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (!withinCap(chunk)) return;
      const text = outDecoder.write(chunk);
      out += text;
      if (text) onStdout?.(text);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (withinCap(chunk)) err += errDecoder.write(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      stopped ??= error.code === 'ENOENT' ? { reason: 'not-found', detail: 'not found in PATH' } : { reason: 'cannot-run', detail: error.message };
      finish(null, null);
    });
    // When the command exits, whatever it left running in its group goes too; that closes the pipes a leftover child
    // held, so 'close' (all output read) follows. A child that escaped the group is cut off by the deadline.
    child.on('exit', killGroup);
    child.on('close', (code, exitSignal) => finish(code, exitSignal));
  });
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
