import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandOutcome, runBounded, type CommandResult } from '../../src/gather/command.js';
import { runBoundedInOneShell, type ShellCommand } from '../../src/gather/commandsInOneShell.js';
import { waitForExit } from '../support/processes.js';
import { standInRuns, standInTool } from '../support/stand-in-tools.js';

let bin: string;
const originalPath = process.env.PATH;

beforeEach(async () => {
  bin = await mkdtemp(path.join(os.tmpdir(), 'dockdoc-one-shell-'));
  process.env.PATH = `${bin}:${originalPath ?? ''}`;
  // A stand-in `ip` that does what its first argument says, after noting its process group.
  await standInTool(
    bin,
    'ip',
    `cut -d' ' -f5 /proc/$$/stat >> "${bin}/groups"
case "$1" in
  routes) echo '[{"dst":"192.0.2.0/24"}]' ;;
  denied) echo 'RTNETLINK answers: Operation not permitted' >&2; exit 2 ;;
  crash) kill -SEGV $$ ;;
  split) printf 'a\\303'; sleep 0.1; printf '\\251b'; printf 'warn\\n' >&2 ;;
  words) shift; for word in "$@"; do echo "$word"; done ;;
  hang) exec sleep 60 ;;
  leave) sleep 60 & echo $! > "${bin}/left"; echo 'printed' ;;
  spew) exec yes ;;
esac`,
  );
});

afterEach(async () => {
  process.env.PATH = originalPath;
  await rm(bin, { recursive: true, force: true });
});

const ip = (...args: string[]): ShellCommand => ({ file: 'ip', args });
const alone = (commands: ShellCommand[], timeoutMs: number, maxBytes?: number): Promise<CommandResult[]> =>
  Promise.all(commands.map(({ file, args, signal }) => runBounded(file, args, timeoutMs, { ...(maxBytes ? { maxBytes } : {}), ...(signal ? { signal } : {}) })));
/** The process groups the stand-in ran in, each once. */
const groups = async (): Promise<string[]> => [...new Set((await readFile(path.join(bin, 'groups'), 'utf8')).split('\n').filter(Boolean))];
const pidOf = async (first: string): Promise<number> => Number((await standInRuns(bin)).find((run) => run.startsWith(`ip ${first}`))?.split(' ').pop());

describe('commands run from one shell', () => {
  it('each get the result runBounded gives them: output, failure, a signal, a character split between reads; one process group', async () => {
    const commands = [ip('routes'), ip('denied'), ip('crash')];
    const together = await Promise.all(runBoundedInOneShell(commands, 5000));
    expect(await groups()).toHaveLength(1);
    expect(together).toEqual(await alone(commands, 5000));
    expect(together).toEqual([
      { stdout: '[{"dst":"192.0.2.0/24"}]\n', stderr: '', exitCode: 0, signal: null, stopped: null },
      { stdout: '', stderr: 'RTNETLINK answers: Operation not permitted\n', exitCode: 2, signal: null, stopped: null },
      { stdout: '', stderr: '', exitCode: null, signal: 'SIGSEGV', stopped: null },
    ]);
    expect(await groups()).toHaveLength(1 + commands.length);
  });

  it('take output split between reads, a character split in two included; more than three commands take one shell per three', async () => {
    const commands = [ip('split'), ip('routes'), ip('denied'), ip('split'), ip('routes')];
    const together = await Promise.all(runBoundedInOneShell(commands, 5000));
    expect(await groups()).toHaveLength(2);
    expect(together[0]).toEqual({ stdout: 'aéb', stderr: 'warn\n', exitCode: 0, signal: null, stopped: null });
    expect(together).toEqual(await alone(commands, 5000));
  });

  it('pass every word to the command as it is, never as shell text, beyond nine words', async () => {
    const words = ['$(touch pwned)', '`id`', 'a b', "it's", '"', '*', ';', '&& exit 3', '\\', '${1}', '', 'last'];
    const [first, second] = await Promise.all(runBoundedInOneShell([ip('words', ...words), ip('words', 'x')], 5000));
    expect(first).toMatchObject({ stdout: words.map((word) => `${word}\n`).join(''), exitCode: 0 });
    expect(second).toMatchObject({ stdout: 'x\n', exitCode: 0 });
  });

  it('say "not installed" as node does for a missing command, and give node\'s reason for one that cannot be run', async () => {
    process.env.PATH = path.join(bin, 'nothing-here');
    const missing = await Promise.all(runBoundedInOneShell([ip('routes'), ip('denied')], 5000));
    expect(missing).toEqual(await alone([ip('routes'), ip('denied')], 5000));
    expect(commandOutcome('ip', ['routes'], missing[0] as CommandResult)).toEqual({ unavailable: 'ip is not installed (not found in PATH)' });

    process.env.PATH = bin;
    await chmod(path.join(bin, 'ip'), 0o644);
    const notExecutable = await Promise.all(runBoundedInOneShell([ip('routes')], 5000));
    expect(notExecutable).toEqual(await alone([ip('routes')], 5000));
    expect(notExecutable[0]?.stopped).toEqual({ reason: 'cannot-run', detail: 'spawn ip EACCES' });
  });

  it('stop a hanging command at its deadline without holding the others, then kill it', async () => {
    const [routes, hanging] = runBoundedInOneShell([ip('routes'), ip('hang')], 1000);
    let hangingSettled = false;
    void hanging?.then(() => (hangingSettled = true));
    expect(await routes).toMatchObject({ stdout: '[{"dst":"192.0.2.0/24"}]\n', stopped: null });
    expect(hangingSettled).toBe(false);
    expect(await hanging).toEqual({ stdout: '', stderr: '', exitCode: null, signal: null, stopped: { reason: 'timeout', detail: 'timed out after 1000 ms' } });
    expect(await waitForExit(await pidOf('hang'), 5000)).toBe(true);
  });

  it("stop a command alone on its caller's signal", async () => {
    const stop = new AbortController();
    const [hanging, routes] = runBoundedInOneShell([{ ...ip('hang'), signal: stop.signal }, ip('routes')], 10_000);
    expect(await routes).toMatchObject({ exitCode: 0, stopped: null });
    stop.abort();
    expect((await hanging)?.stopped).toEqual({ reason: 'timeout', detail: 'was not waited for: its gatherer ran out of time' });
    expect(await waitForExit(await pidOf('hang'), 5000)).toBe(true);
  });

  it('kill what a command leaves running, and do not wait for it: the output is there at the end, not at the deadline', async () => {
    const results = await Promise.all(runBoundedInOneShell([ip('leave'), ip('routes')], 10_000));
    expect(results[0]).toEqual({ stdout: 'printed\n', stderr: '', exitCode: 0, signal: null, stopped: null });
    const left = Number(await readFile(path.join(bin, 'left'), 'utf8'));
    expect(await waitForExit(left, 5000)).toBe(true);
  });

  it('stop a command at the output cap, the others unaffected', async () => {
    const [spew, routes] = await Promise.all(runBoundedInOneShell([ip('spew'), ip('routes')], 5000, 100_000));
    expect(spew?.stopped).toEqual({ reason: 'output-cap', detail: 'printed more than 100000 bytes' });
    expect(spew?.stdout.length).toBeLessThanOrEqual(100_000);
    expect(routes).toMatchObject({ stdout: '[{"dst":"192.0.2.0/24"}]\n', exitCode: 0, stopped: null });
    expect(await waitForExit(await pidOf('spew'), 5000)).toBe(true);
  });

  it('spawn each command on its own where the shell would look commands up elsewhere than node (no PATH)', async () => {
    delete process.env.PATH;
    const commands = [{ file: path.join(bin, 'ip'), args: ['routes'] }, { file: path.join(bin, 'ip'), args: ['denied'] }];
    const results = await Promise.all(runBoundedInOneShell(commands, 5000));
    expect(results.map((result) => result.exitCode)).toEqual([0, 2]);
    expect(await groups()).toHaveLength(2);
  });
});
