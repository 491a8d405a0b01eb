import { accessSync, constants as fileModes } from 'node:fs';
import { constants as osConstants } from 'node:os';
import type { Readable } from 'node:stream';
import { boundedRun, COMMAND_OUTPUT_MAX_BYTES, killGroup, NOT_FOUND, runBounded, spawnInOwnGroup, type CommandResult } from './command.js';

export interface ShellCommand {
  file: string;
  args: string[];
  /** Stops this command's run alone (the others go on), as runBounded's signal does. */
  signal?: AbortSignal;
}

const SHELL = '/bin/sh';
const COMMANDS_PER_SHELL = 3;

/**
 * Runs commands side by side from one shell (up to three a shell), and gives each the result runBounded would have: its own stdout, stderr,
 * exit status, deadline, signal and output cap, 'not-found' when it is not installed. Why: node's spawn blocks node
 * until the child has exec'd, and forking node's whole process costs 5–11 ms a spawn on a small VM; one spawn of the
 * shell, which forks the commands itself from a small process while node goes on, costs about what one of them did.
 *
 * The shell text is built from the number of commands and arguments only: every word reaches the shell as a
 * positional parameter, never as shell text. Each command writes to pipes of its own and the shell reports its exit
 * status as `INDEX STATUS` lines on the shell's stdout. The shell leads a process group of its own: when all results
 * are in (or the shell exits) the whole group is killed, as runBounded kills a command's group. What a command leaves
 * running holds its own result until the shell has ended, at the latest its deadline (runBounded kills it as soon as
 * its command exits; a shell cannot tell node which processes were whose). Without /bin/sh, or without PATH (where
 * the shell and node would look a command up in different default places), each command is spawned on its own.
 */
export function runBoundedInOneShell(commands: ShellCommand[], timeoutMs: number, maxBytes = COMMAND_OUTPUT_MAX_BYTES): Array<Promise<CommandResult>> {
  const alone = ({ file, args, signal }: ShellCommand): Promise<CommandResult> => runBounded(file, args, timeoutMs, { maxBytes, ...(signal ? { signal } : {}) });
  if (!shellCanRun()) return commands.map(alone);
  // The shell reads one digit as a file descriptor: pipes 3 to 8, two each, are for three commands.
  if (commands.length > COMMANDS_PER_SHELL) {
    return [...runBoundedInOneShell(commands.slice(0, COMMANDS_PER_SHELL), timeoutMs, maxBytes), ...runBoundedInOneShell(commands.slice(COMMANDS_PER_SHELL), timeoutMs, maxBytes)];
  }
  const words = commands.flatMap(({ file, args }) => [file, ...args]);
  const shell = spawnInOwnGroup(SHELL, ['-c', shellText(commands), 'sh', ...words], ['ignore', 'pipe', 'ignore', ...commands.flatMap(() => ['pipe', 'pipe'] as const)]);
  const pipesOf = (index: number): Array<Readable | null | undefined> => [3 + 2 * index, 4 + 2 * index].map((fd) => shell.stdio[fd] as Readable | null | undefined);
  let settledCount = 0;
  const runs = commands.map(({ signal }, index) =>
    boundedRun(timeoutMs, { maxBytes, ...(signal ? { signal } : {}) }, () => {
      for (const pipe of pipesOf(index)) pipe?.destroy();
      if (++settledCount < commands.length) return;
      killGroup(shell);
      for (const pipe of shell.stdio) pipe?.destroy();
    }),
  );
  // A command's run ends when its status line and the end of both its pipes have come, in whichever order.
  const statuses = new Map<number, number>();
  const openPipes = commands.map(() => 2);
  const finishIfDone = (index: number): void => {
    const status = statuses.get(index);
    if (status !== undefined && openPipes[index] === 0) runs[index]?.finish(status, null);
  };
  runs.forEach((run, index) => {
    const [stdout, stderr] = pipesOf(index);
    stdout?.on('data', run.stdout);
    stderr?.on('data', run.stderr);
    for (const pipe of [stdout, stderr]) {
      pipe?.on('close', () => {
        openPipes[index] = (openPipes[index] ?? 0) - 1;
        finishIfDone(index);
      });
    }
  });
  let statusText = '';
  shell.stdout?.on('data', (chunk: Buffer) => {
    statusText += chunk.toString('latin1');
    const lines = statusText.split('\n');
    statusText = lines.pop() ?? '';
    for (const line of lines) {
      const [index, status] = line.split(' ').map(Number);
      if (index === undefined || status === undefined) continue;
      statuses.set(index, status);
      finishIfDone(index);
    }
  });
  shell.on('error', (error) => {
    for (const run of runs) run.stop({ reason: 'cannot-run', detail: error.message });
  });
  shell.on('exit', () => killGroup(shell));
  // Every pipe has ended by now (node may say so before the pipe's own 'close' listeners ran): a command with no status
  // line was never run to its end by the shell.
  shell.on('close', (code, exitSignal) => {
    runs.forEach((run, index) => {
      const status = statuses.get(index);
      if (status !== undefined) run.finish(status, null);
      else run.stop({ reason: 'cannot-run', detail: `was not run to its end: ${SHELL} ended first (${exitSignal ?? `exit ${code}`})` });
    });
  });
  return runs.map((run, index) => run.result.then((result) => asIfRunAlone(result, () => alone(commands[index] as ShellCommand))));
}

/** Whether the one shell can stand in for spawning each command. */
function shellCanRun(): boolean {
  if (process.env.PATH === undefined) return false;
  try {
    accessSync(SHELL, fileModes.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `{ (exec "${1}" "${2}" >&3 2>&4 3>&- 4>&-); echo 0 $?; } 5>&- 6>&- &` per command: each with its own pair of pipes
 * (only its own: a pipe reaches its end when the last process holding it is done), redirected in the process that
 * becomes the command (dash redirects a plain command in the shell itself, and would then print "Segmentation fault"
 * into the command's stderr); then the shell lets go of every pipe and waits for all the commands.
 */
function shellText(commands: ShellCommand[]): string {
  const pipes = commands.flatMap((_, index) => [3 + 2 * index, 4 + 2 * index]);
  const closing = (fds: number[]): string => fds.map((fd) => `${fd}>&-`).join(' ');
  let word = 0;
  const jobs = commands.map(({ file, args }, index) => {
    const [out, err] = [3 + 2 * index, 4 + 2 * index];
    const command = [file, ...args].map(() => `"\${${++word}}"`).join(' ');
    const others = pipes.filter((fd) => fd !== out && fd !== err);
    return `{ (exec ${command} >&${out} 2>&${err} ${closing([out, err])}); echo ${index} $?; } ${closing(others)} &`;
  });
  return [...jobs, `exec ${closing(pipes)}`, 'wait'].join('\n');
}

/**
 * The result as runBounded would have given it. The shell says "not found" with status 127 where node's spawn fails
 * with ENOENT; any other command it could not run (126, or 127 for a file found but not executable) is run on its own
 * once, so the reason is the one node gives. A command a signal ended is status 128 + N to the shell.
 */
function asIfRunAlone(result: CommandResult, runAlone: () => Promise<CommandResult>): CommandResult | Promise<CommandResult> {
  const status = result.exitCode;
  if (result.stopped || status === null) return result;
  if (status === 127 && /not found\s*$/.test(result.stderr)) return { stdout: '', stderr: '', exitCode: null, signal: null, stopped: NOT_FOUND };
  if (status === 126 || status === 127) return runAlone();
  const signal = Object.entries(osConstants.signals).find(([, number]) => number === status - 128)?.[0] as NodeJS.Signals | undefined;
  return signal ? { ...result, exitCode: null, signal } : result;
}
