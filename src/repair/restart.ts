import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runBounded } from '../gather/command.js';
import { gatherEngine } from '../gather/engine.js';
import { isUnavailable } from '../snapshot/fact.js';
import type { RestartTarget } from './plan.js';

export interface RestartLimits {
  /** How long dockerd may take to stop (it stops every container first unless live-restore is on). */
  stopTimeoutMs: number;
  /** How long the restarted engine may take to answer. */
  startTimeoutMs: number;
  /** Engine address to wait for (--docker-host). */
  dockerHost: string | undefined;
}

export class RestartError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, stepMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(stepMs);
  }
}

/** Restarts dockerd as planned and waits until its API answers again. */
export async function restartDockerd(target: RestartTarget, limits: RestartLimits): Promise<void> {
  switch (target.kind) {
    case 'none':
      throw new RestartError(`cannot restart dockerd: ${target.why}`);
    case 'systemd': {
      const result = await runBounded('systemctl', ['restart', target.unit], limits.stopTimeoutMs + limits.startTimeoutMs);
      if (result.stopped) throw new RestartError(`systemctl restart ${target.unit} ${result.stopped.detail}`);
      if (result.exitCode !== 0) throw new RestartError(`systemctl restart ${target.unit} failed (${result.exitCode ?? result.signal}): ${result.stderr.trim()}`);
      break;
    }
    case 'pidfile': {
      process.kill(target.pid, 'SIGTERM');
      if (!(await waitFor(() => !alive(target.pid), limits.stopTimeoutMs, 200))) {
        throw new RestartError(`dockerd (pid ${target.pid}) did not exit within ${limits.stopTimeoutMs} ms after SIGTERM; it was left running`);
      }
      const log = openSync(target.log, 'a');
      try {
        // Detached in its own session, so it outlives this process like a daemon started by an init system.
        const child = spawn(target.start[0] as string, target.start.slice(1), { detached: true, stdio: ['ignore', log, log] });
        child.on('error', () => {});
        child.unref();
      } finally {
        closeSync(log);
      }
      break;
    }
  }
  const answered = await waitFor(async () => !isUnavailable(await gatherEngine(limits.dockerHost, 2_000)), limits.startTimeoutMs, 500);
  if (!answered) throw new RestartError(`dockerd did not answer within ${limits.startTimeoutMs} ms after the restart`);
}
