// How every benchmark times a command: fresh processes, the median wall time of RUNS runs, and the largest peak RSS
// any run reached (GNU time's %M, so the figure is the same for node and for the floors it is set against).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const RUNS = Number(process.env.DOCKDOC_BENCH_RUNS ?? 5);
const TIME = '/usr/bin/time';

/** Runs `command args` RUNS times (after one warm-up run); resolves to {ms, rssMb, last: {status, stdout, stderr}}. */
export async function measure(command, args, options = {}) {
  const [result] = await measureSideBySide([[command, args, options]]);
  return result;
}

/**
 * measure() of several commands, taken in turns (a run of each, then the next round), so that a figure and its floor
 * see the same machine: on a shared VM the speed of the same command drifts by half within minutes, and measured one
 * after the other a figure and its floor could each catch a different phase. Resolves to one result per command.
 */
export async function measureSideBySide(commands) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'dockdoc-bench-time-'));
  const rssFile = path.join(scratch, 'rss');
  const results = commands.map(() => ({ walls: [], rssKb: 0, last: undefined }));
  try {
    for (let i = 0; i <= RUNS; i++) {
      for (const [c, [command, args, options = {}]] of commands.entries()) {
        const started = process.hrtime.bigint();
        const last = await runOnce(TIME, ['-f', '%M', '-o', rssFile, command, ...args], options);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const result = results[c];
        result.last = last;
        if (i === 0) continue; // warm-up: page cache, not the command
        result.walls.push(ms);
        result.rssKb = Math.max(result.rssKb, Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return results.map(({ walls, rssKb, last }) => {
    walls.sort((a, b) => a - b);
    return { ms: walls[Math.floor(walls.length / 2)], rssMb: rssKb / 1024, last };
  });
}

/** One run, asynchronously, so a server in this process (the stub engine) can answer the command. */
export function runOnce(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** A row of the summary table: a figure beside its floor, measured in the same run, and whether the target is met. */
export function row(measureName, value, floor, target, met) {
  return { measure: measureName, value, floor, target, met };
}

export function printRows(rows) {
  const header = ['measure', 'dockdoc', 'floor (same run)', 'target', 'met'];
  const lines = rows.map((r) => [r.measure, r.value, r.floor, r.target, r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(format(l));
}

export const ms = (value) => `${Math.round(value)} ms`;
export const mb = (value) => `${Math.round(value)} MB`;
