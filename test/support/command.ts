import { execa } from 'execa';

/** What a finished command printed and how it exited. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  /** Bytes or text written to the command's stdin. */
  input?: string | Uint8Array;
  env?: Record<string, string>;
  /** Kill the command after this long (default 60 s); a timeout throws, since it means the harness is stuck. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs `file args...` without a shell. A non-zero exit is a result, not an error: tests assert on it.
 * Only a command that cannot be started, times out or dies from a signal throws.
 */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const result = await execa(file, args, {
    reject: false,
    stripFinalNewline: false,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  if (result.exitCode === undefined) {
    const why = result.timedOut ? 'timed out' : (result.signal ?? result.message);
    throw new Error(`${[file, ...args].join(' ')}: ${why}\n${result.stderr}`);
  }
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
}

/** Returns stdout of a command that must succeed; otherwise throws with its stderr. */
export function outputOrThrow(result: CommandResult, what: string): string {
  if (result.exitCode !== 0) {
    throw new Error(`${what} failed with exit code ${result.exitCode}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}
