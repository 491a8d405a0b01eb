import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));

/**
 * Slack for Node's own start-up and exit on a loaded two-core machine; a bound is what dockdoc promises once running.
 * Generous on purpose: the failures this suite exists for are hangs (the harness's 30 s) and bounds missed by whole
 * timeouts, not a second of scheduling.
 */
export const START_UP_ALLOWANCE_MS = 3_000;

export interface FaultRun {
  stdout: string;
  stderr: string;
  /** null when a signal ended it (then `signal` says which). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  elapsedMs: number;
  /** Processes still alive in dockdoc's own process group after it exited (children it forgot). */
  leftInGroup: boolean;
}

/**
 * Runs the built CLI as its own process-group leader, the way systemd runs a unit's command, and reports whether
 * anything of its group outlived it. The harness kills it after 30 s, so a hang fails the test instead of the suite.
 */
export function runDockdoc(args: string[], options: { env?: Record<string, string>; cwd?: string; as?: { uid: number; gid: number } } = {}): Promise<FaultRun> {
  const command = options.as
    ? ['setpriv', `--reuid=${options.as.uid}`, `--regid=${options.as.gid}`, '--clear-groups', process.execPath, BIN, ...args]
    : [process.execPath, BIN, ...args];
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command[0]!, command.slice(1), {
      detached: true,
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const harness = setTimeout(() => killGroup(child.pid!), 30_000);
    child.on('close', (exitCode, signal) => {
      const elapsedMs = Date.now() - started;
      clearTimeout(harness);
      const leftInGroup = groupAlive(child.pid!);
      killGroup(child.pid!);
      resolve({ stdout, stderr, exitCode, signal, elapsedMs, leftInGroup });
    });
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** Whether a process still runs: a zombie (killed, not yet reaped by init) has ended and does not count. */
export function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

/** The recorded processes still running once SIGKILL has had a moment to land (it is delivered asynchronously). */
export async function survivors(pids: number[]): Promise<number[]> {
  for (let waited = 0; pids.some(pidAlive) && waited < 1_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  return pids.filter(pidAlive);
}

/** A scratch folder for one test, removed by the returned function. */
export function scratch(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `dockdoc-fault-${prefix}-`));
  chmodSync(dir, 0o755);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A folder of stand-ins for the commands the gatherers run (iptables, ip6tables, their -save tools, ip), put first
 * on PATH: the suite never reads the host's firewall, and each test chooses how each tool misbehaves. By default
 * every tool answers at once with an empty, valid result.
 */
export function stubTools(dir: string, overrides: Record<string, string> = {}): string {
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const defaults: Record<string, string> = {
    iptables: 'echo "iptables v1.8.9 (legacy)"',
    ip6tables: 'echo "ip6tables v1.8.9 (legacy)"',
    'iptables-save': 'exit 0',
    'ip6tables-save': 'exit 0',
    'iptables-nft-save': 'exit 0',
    'ip6tables-nft-save': 'exit 0',
    ip: 'echo "[]"',
  };
  for (const [name, body] of Object.entries({ ...defaults, ...overrides })) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  return bin;
}

/** PATH with the stubs first and nothing else of the host's firewall tools reachable before them. */
export function pathWith(bin: string): string {
  return `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
}

export type EngineBehaviour = 'hung' | 'garbage' | 'dripping' | 'closing' | 'endless';

/**
 * A fake engine on a unix socket, misbehaving in one way: accepts and never answers (hung), answers with bytes that
 * are not HTTP (garbage), sends headers and then one byte of chunked body every 50 ms forever (dripping), closes each
 * connection at once (closing), or streams a chunked body as fast as it can, without end (endless).
 */
export async function fakeEngine(dir: string, behaviour: EngineBehaviour): Promise<{ socketPath: string; connections: () => number; openConnections: () => number; close: () => Promise<void> }> {
  const socketPath = path.join(dir, `${behaviour}.sock`);
  const sockets = new Set<Socket>();
  let count = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // Read (and drop) the requests, so the client's closing reaches this end and the socket closes.
    socket.resume();
    switch (behaviour) {
      case 'hung':
        return;
      case 'garbage':
        socket.end('\u0000\u00ff{not http at all}\r\n\r\n');
        return;
      case 'closing':
        socket.destroy();
        return;
      case 'dripping': {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
        const timer = setInterval(() => socket.write('1\r\n \r\n'), 50);
        timers.add(timer);
        socket.on('close', () => clearInterval(timer));
        return;
      }
      case 'endless': {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = `10000\r\n${'['.repeat(0x10000)}\r\n`;
        const pump = (): void => {
          while (!socket.destroyed && socket.write(chunk));
        };
        socket.on('drain', pump);
        pump();
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    connections: () => count,
    openConnections: () => sockets.size,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The pids a stub recorded (one per line), to check that none of them outlived dockdoc. */
export function recordedPids(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** What every fault must look like from outside: ended by itself (no signal), no stack trace, nothing left behind. */
export function cleanEnd(run: FaultRun): { signal: NodeJS.Signals | null; stackTrace: boolean; leftInGroup: boolean } {
  return { signal: run.signal, stackTrace: /\n\s+at /.test(run.stderr), leftInGroup: run.leftInGroup };
}

export const CLEAN = { signal: null, stackTrace: false, leftInGroup: false };

/** The DD002 findings of a JSON report, as "fact: reason" lines. */
export function unavailableFacts(json: string): string[] {
  const report = JSON.parse(json) as { findings: { ruleId: string; subject: string; message: string }[] };
  return report.findings.filter((finding) => finding.ruleId === 'DD002').map((finding) => finding.message);
}
