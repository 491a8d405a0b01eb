// Firewall drift at Kubernetes scale (bench/kube-host.js): the checks a user runs, as fresh processes, each beside
// the floor measured in the same run.
// - offline: `dockdoc check --snapshot host.json` against `node -e 0` + `diff <(sort saved) <(sort live)` (the crude
//   comparison an admin would make, knowing nothing of canonical forms or of Docker); target ≤ node start + 2× that
//   diff, ≤ 120 MB.
// - live (as root, with iptables and nsenter): the live ruleset loaded into a network namespace of our own, the engine
//   answered by bench/stub-engine.js, `dockdoc check --saved-rules saved` inside the namespace against `iptables-save`
//   alone in the same namespace; target ≤ 1.2× iptables-save.
// - growth: the offline check at 1×, 2× and 4× the ruleset.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHost, DRIFT } from './kube-host.js';
import { mb, measure, measureSideBySide, ms, row } from './measure.js';
import { startStubEngine } from './stub-engine.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'dockdoc.js');
const SNAPSHOT_LINE_DIFF = fileURLToPath(new URL('./snapshot-line-diff.js', import.meta.url));

function findingsOf(report) {
  const byRule = {};
  for (const f of report.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  return byRule;
}

async function offline(dir) {
  const [node, diff, check, jsonRead, lineDiff] = await measureSideBySide([
    [process.execPath, ['-e', '0']],
    ['bash', ['-c', 'diff <(sort saved) <(sort live) > /dev/null; true'], { cwd: dir }],
    [process.execPath, [BIN, 'check', '--snapshot', 'host.json', '--format', 'json'], { cwd: dir }],
    [process.execPath, ['-e', "JSON.parse(require('node:fs').readFileSync('host.json', 'utf8'))"], { cwd: dir }],
    [process.execPath, [SNAPSHOT_LINE_DIFF, 'host.json'], { cwd: dir }],
  ]);
  const report = JSON.parse(check.last.stdout);
  const missing = report.findings.find((f) => f.ruleId === 'DD402')?.evidence.missing.length ?? 0;
  const unsaved = report.findings.find((f) => f.ruleId === 'DD403')?.evidence.unsaved.length ?? 0;
  console.log(`offline findings: ${JSON.stringify(findingsOf(report))}; DD402 ${missing}, DD403 ${unsaved} (the drift is ${DRIFT} and ${DRIFT})`);
  const floorMs = node.ms + 2 * diff.ms;
  const ofFloor = (figure) => `${ms(figure.ms)}, ${mb(figure.rssMb)} (${(figure.ms / floorMs).toFixed(2)}× the floor)`;
  console.log(`offline references (not targets): node reading host.json alone ${ofFloor(jsonRead)}; reading it and comparing its rulesets line by line as sort|diff does ${ofFloor(lineDiff)}; the check ${ofFloor(check)}`);
  return [
    row('offline `check --snapshot`', `${ms(check.ms)}, ${mb(check.rssMb)}`, `node ${ms(node.ms)} + 2× sort|diff ${ms(diff.ms)} = ${ms(floorMs)}`, '≤ floor, ≤ 120 MB', check.ms <= floorMs && check.rssMb <= 120),
  ];
}

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

async function live(dir, engine) {
  if (process.getuid?.() !== 0) return { skipped: 'not root' };
  for (const c of ['iptables-restore', 'iptables-save', 'nsenter', 'ip']) if (!which(c)) return { skipped: `${c} not found` };
  const netns = `dd-bench-fw-${process.pid}`;
  const socket = path.join(dir, 'engine.sock');
  const stop = await startStubEngine(socket, engine);
  const inNetns = ['--net=/var/run/netns/' + netns];
  try {
    if (spawnSync('ip', ['netns', 'add', netns]).status !== 0) return { skipped: 'ip netns add failed' };
    const restore = spawnSync('nsenter', [...inNetns, 'iptables-restore', path.join(dir, 'live')], { encoding: 'utf8' });
    if (restore.status !== 0) return { skipped: `iptables-restore of the live ruleset failed: ${restore.stderr.trim()}` };
    // A Docker host forwards; and a loaded machine must not turn the measured run into a gatherer timeout.
    spawnSync('nsenter', [...inNetns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    const daemonJson = path.join(dir, 'daemon.json');
    writeFileSync(daemonJson, '{}\n');
    const [save, check] = await measureSideBySide([
      ['nsenter', [...inNetns, 'iptables-save']],
      ['nsenter', [...inNetns, process.execPath, BIN, 'check', '--saved-rules', 'saved', '--daemon-config', daemonJson, '--docker-host', `unix://${socket}`, '--timeout', '120000', '--format', 'json'], { cwd: dir }],
    ]);
    const report = JSON.parse(check.last.stdout);
    console.log(`live findings: ${JSON.stringify(findingsOf(report))}; skipped: ${report.skipped.map((s) => s.ruleId).join(', ') || 'none'}`);
    const ratio = check.ms / save.ms;
    return {
      rows: [row('live `check`', `${ms(check.ms)}, ${mb(check.rssMb)}`, `iptables-save ${ms(save.ms)}, ${mb(save.rssMb)}`, `≤ 1.2× (now ${ratio.toFixed(2)}×)`, ratio <= 1.2)],
    };
  } finally {
    await stop();
    spawnSync('ip', ['netns', 'delete', netns]);
  }
}

async function growth() {
  const lines = [];
  let base = null;
  for (const scale of [1, 2, 4]) {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-bench-growth-'));
    try {
      const size = buildHost(dir, scale);
      const check = await measure(process.execPath, [BIN, 'check', '--snapshot', 'host.json', '--format', 'json'], { cwd: dir });
      base ??= check.ms;
      lines.push(`  ${scale}×: ${size.liveRules} live / ${size.savedRules} saved rules: ${ms(check.ms)}, ${mb(check.rssMb)} (${(check.ms / base).toFixed(2)}× the 1× time)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('offline check growth:');
  for (const l of lines) console.log(l);
}

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-bench-firewall-'));
  try {
    const size = buildHost(dir);
    console.log(`host: ${size.savedRules} saved rules; live ${size.liveRules} rules in ${size.liveLines} lines (Docker's included), ${size.engine.networks.length} networks, ${size.engine.containers.length} containers`);
    const rows = await offline(dir);
    const liveResult = await live(dir, size.engine);
    if ('skipped' in liveResult) console.log(`live check skipped: ${liveResult.skipped}`);
    else rows.push(...liveResult.rows);
    await growth();
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
