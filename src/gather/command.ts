import { unavailable, type Unavailable } from '../snapshot/fact.js';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  /** Non-zero only with `exitCodeIsAnswer`. */
  exitCode?: number;
}

/**
 * Runs a read-only command (argument array, never a shell) in the caller's network namespace.
 * Missing binaries, permission problems, non-zero exits and timeouts become an Unavailable with the reason.
 */
export async function runCommand(
  file: string,
  args: string[],
  timeoutMs: number,
  options: { exitCodeIsAnswer?: boolean } = {},
): Promise<CommandOutput | Unavailable> {
  // Loaded on first use: execa costs more start-up time than any other module, and offline commands never run one.
  const { execa } = await import('execa');
  const result = await execa(file, args, { reject: false, timeout: timeoutMs, stdin: 'ignore', env: { LC_ALL: 'C' } });
  const command = [file, ...args].join(' ');
  // `systemctl is-enabled` and `firewall-cmd --get-zone-of-interface` answer with their exit code as well as their output.
  const answered = options.exitCodeIsAnswer === true && typeof result.exitCode === 'number' && !result.timedOut;
  if (result.failed && !answered) {
    const code = (result as { code?: string }).code;
    if (code === 'ENOENT') return unavailable(`${file} is not installed (not found in PATH)`);
    if (result.timedOut) return unavailable(`\`${command}\` timed out after ${timeoutMs} ms`);
    const stderr = result.stderr.trim().split('\n')[0] ?? '';
    return unavailable(`\`${command}\` failed (exit ${result.exitCode ?? 'signal'})${stderr ? `: ${stderr}` : ''}`);
  }
  return { stdout: result.stdout, stderr: result.stderr, ...(answered ? { exitCode: result.exitCode } : {}) };
}
