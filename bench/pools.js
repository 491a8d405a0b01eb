// Pool maths at scale, and dockerd as the peer.
//
// The command: `dockdoc pools --next 3` with the pools 10.0.0.0/8 split into /30 (4,194,304 subnets) and fd00::/8
// split into /64 (2^56), as a fresh process, against `node -e 0` and against dockerd 20.10 starting with the IPv4 pool
// (it splits it eagerly; the IPv6 one it would never finish splitting). Targets: ≤ 2× node start, ≤ 0.25× dockerd's
// start time and peak memory.
//
// The address maths underneath: count / next / overlap on those pools, and 10,000 existing networks against 1,000
// configured pools, for both allocators (≤26 round-robin, 27+ first fit). Target: every query under 50 ms, under
// 100 MB peak RSS. The queries run in a child process of their own (the modules bundled from the sources by esbuild)
// so its peak RSS is theirs alone.
//
// dockerd runs in a network namespace of its own (only as root with dockerd, nsenter and ip; otherwise skipped).
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mb, measureSideBySide, ms, row } from './measure.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const BIN = path.join(ROOT, 'bin', 'dockdoc.js');
const TARGET_MS = 50;
const TARGET_RSS_MB = 100;

const QUERY_MODULES = `
export { prefix, formatPrefix } from './src/net/prefix.ts';
export { RangeSet } from './src/net/range-set.ts';
export { blockCount, firstFreeBlock, countFreeBlocks, nthBlock } from './src/net/split.ts';
export { poolBehaviour } from './src/pools/behaviour.ts';
export { SimulatedDaemon } from './src/pools/daemon.ts';
export { reservationsOf } from './src/pools/host.ts';
`;

async function queries(modulePath) {
  const { prefix, formatPrefix, RangeSet, blockCount, firstFreeBlock, countFreeBlocks, nthBlock, poolBehaviour, SimulatedDaemon, reservationsOf } = await import(modulePath);

  const results = [];
  const time = (name, fn) => {
    const start = process.hrtime.bigint();
    const answer = fn();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    results.push({ name, ms: Math.round(ms * 100) / 100, answer: String(answer) });
  };

  const v4 = { base: prefix('10.0.0.0/8'), size: 30 };
  const v4Taken = RangeSet.ofPrefixes([prefix('10.0.0.0/9'), prefix('10.128.0.0/30'), prefix('10.128.0.4/31')]);
  time('10.0.0.0/8 /30: count', () => blockCount(v4));
  time('10.0.0.0/8 /30: next free after 10.0.0.0/9 taken', () => formatPrefix(nthBlock(v4, firstFreeBlock(v4, v4Taken))));
  time('10.0.0.0/8 /30: free count', () => countFreeBlocks(v4, v4Taken));
  time('10.0.0.0/8 /30: overlap of 10.200.3.4/30', () => v4Taken.overlapsPrefix(prefix('10.200.3.4/30')));

  const v6 = { base: prefix('fd00::/8'), size: 64 };
  const v6Taken = RangeSet.ofPrefixes([prefix('fd00::/9'), prefix('fd80::/64')]);
  time('fd00::/8 /64: count', () => blockCount(v6));
  time('fd00::/8 /64: next free', () => formatPrefix(nthBlock(v6, firstFreeBlock(v6, v6Taken))));
  time('fd00::/8 /64: free count', () => countFreeBlocks(v6, v6Taken));
  time('fd00::/8 /64: overlap of fd80::/64', () => v6Taken.overlapsPrefix(prefix('fd80::/64')));

  // 1,000 pools 10.a.b.0/18 in /24s (64 each) and 10,000 networks: the first 10 subnets of every pool.
  const pools = Array.from({ length: 1000 }, (_, i) => ({ base: prefix(`10.${i >> 2}.${(i & 3) * 64}.0/18`), size: 24 }));
  const networks = pools.flatMap((p, i) => Array.from({ length: 10 }, (_, k) => prefix(`10.${i >> 2}.${(i & 3) * 64 + k}.0/24`)));
  const host = reservationsOf([{ prefix: prefix('10.100.0.0/16'), kind: 'route', source: 'route 10.100.0.0/16 dev eth1 scope link' }]);
  const taken = RangeSet.ofPrefixes(networks);
  time('1,000 pools / 10,000 networks: free count', () => {
    const blocked = taken.union(host.set);
    return pools.reduce((n, p) => n + countFreeBlocks(p, blocked), 0n);
  });
  time('1,000 pools / 10,000 networks: overlap of 1,000 subnets', () => {
    let hits = 0;
    for (let i = 0; i < 1000; i++) if (taken.overlapsPrefix(prefix(`10.${i % 250}.${(i * 7) % 256}.0/24`))) hits++;
    return hits;
  });
  for (const version of ['20.10.24', '29.7.2']) {
    const bridge = { bip: null, fixedCidr: null, recreateInterface: false };
    let daemon;
    time(`1,000 pools / 10,000 networks: load state (${version})`, () => {
      daemon = new SimulatedDaemon(poolBehaviour(version), pools, bridge, host);
      for (const n of networks) daemon.adopt(n);
      return daemon.allocated().length;
    });
    time(`1,000 pools / 10,000 networks: next subnet (${version})`, () => {
      const created = daemon.create();
      return 'error' in created ? created.error : formatPrefix(created.subnets[0]);
    });
  }
  return { results, peakRssMb: Math.round(ownPeakRssKb() / 1024) };
}

/**
 * This process's own peak RSS. getrusage's maxrss (process.resourceUsage) also keeps the peak of the process image
 * exec replaced, which after a fork is the parent's resident set: spawned by the bench once the firewall rows had run,
 * it said 155 MB for queries that peak at 68 MB. VmHWM is the peak of this image alone.
 */
function ownPeakRssKb() {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? process.resourceUsage().maxRSS);
}

function which(command) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

function sh(file, args) {
  return spawnSync(file, args, { encoding: 'utf8', timeout: 60_000 });
}

/** Starts dockerd 20.10 with `config` in a fresh netns; returns start time and dockerd's peak RSS (VmHWM). */
async function dockerdStart(config, label) {
  const netns = `dd-bench-${process.pid}-${label}`;
  const dir = mkdtempSync(path.join(tmpdir(), `dockdoc-bench-${label}-`));
  const socket = path.join(dir, 'docker.sock');
  const configFile = path.join(dir, 'daemon.json');
  writeFileSync(configFile, JSON.stringify(config));
  for (const d of ['data', 'exec']) mkdirSync(path.join(dir, d));
  sh('ip', ['netns', 'add', netns]);
  sh('nsenter', [`--net=/var/run/netns/${netns}`, 'ip', 'link', 'set', 'lo', 'up']);
  const started = process.hrtime.bigint();
  const child = spawn(
    'nsenter',
    [
      `--net=/var/run/netns/${netns}`,
      'dockerd',
      '--data-root', path.join(dir, 'data'),
      '--exec-root', path.join(dir, 'exec'),
      '--pidfile', path.join(dir, 'dockerd.pid'),
      '-H', `unix://${socket}`,
      '--config-file', configFile,
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  let exited = false;
  child.on('exit', () => (exited = true));
  let startMs = null;
  let peakKb = null;
  const deadline = Date.now() + 180_000;
  try {
    while (!exited && Date.now() < deadline) {
      const version = sh('docker', ['-H', `unix://${socket}`, 'version', '--format', '{{.Server.Version}}']);
      if (version.status === 0) {
        startMs = Number(process.hrtime.bigint() - started) / 1e6;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const pidFile = path.join(dir, 'dockerd.pid');
    if (existsSync(pidFile)) {
      const status = readFileSync(`/proc/${readFileSync(pidFile, 'utf8').trim()}/status`, 'utf8');
      peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    }
  } finally {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          r();
        }, 30_000);
        child.on('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
    }
    sh('ip', ['netns', 'delete', netns]);
    rmSync(dir, { recursive: true, force: true });
  }
  return { startMs: startMs === null ? null : Math.round(startMs), peakRssMb: peakKb === null ? null : Math.round(peakKb / 1024), exited };
}

async function peer() {
  if (process.getuid?.() !== 0) return { skipped: 'not root' };
  for (const c of ['dockerd', 'docker', 'nsenter', 'ip']) if (!which(c)) return { skipped: `${c} not found` };
  const plain = await dockerdStart({}, 'plain');
  const pool = await dockerdStart({ 'default-address-pools': [COMMAND_POOLS[0]] }, 'pool');
  return { plain, pool };
}

async function addressMaths(dir) {
  const modulePath = path.join(dir, 'pool-queries.mjs');
  await build({ stdin: { contents: QUERY_MODULES, resolveDir: ROOT, loader: 'ts' }, outfile: modulePath, bundle: true, format: 'esm', platform: 'node', logLevel: 'error' });
  const child = spawnSync(process.execPath, [SELF, '--queries', modulePath], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`pool queries failed:\n${child.stderr}`);
  return JSON.parse(child.stdout);
}

const COMMAND_POOLS = [{ base: '10.0.0.0/8', size: 30 }, { base: 'fd00::/8', size: 64 }];

/** `dockdoc pools --next 3` as a user runs it, with no engine to ask (the pools alone decide). */
async function poolsCommand(dir) {
  const config = path.join(dir, 'daemon.json');
  writeFileSync(config, JSON.stringify({ 'default-address-pools': COMMAND_POOLS }));
  const [node, pools] = await measureSideBySide([
    [process.execPath, ['-e', '0']],
    [process.execPath, [BIN, 'pools', '--next', '3', '--daemon-config', config, '--docker-host', `unix://${path.join(dir, 'no-engine.sock')}`, '--engine-version', '20.10.24', '--format', 'json']],
  ]);
  if (pools.last.status !== 0) throw new Error(`dockdoc pools exited ${pools.last.status}: ${pools.last.stderr}`);
  return { node, pools };
}

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-bench-pools-'));
  try {
    return await runIn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runIn(dir) {
  const { results, peakRssMb } = await addressMaths(dir);
  console.log('pools: address maths (fresh process)');
  for (const r of results) {
    console.log(`  ${r.ms <= TARGET_MS ? 'ok  ' : 'SLOW'} ${String(r.ms).padStart(8)} ms  ${r.name} → ${r.answer}`);
  }
  console.log(`  ${peakRssMb <= TARGET_RSS_MB ? 'ok  ' : 'FAT '} peak RSS ${peakRssMb} MB (target ${TARGET_RSS_MB} MB, queries ${TARGET_MS} ms each)`);

  const { node, pools } = await poolsCommand(dir);
  const dockerd = await peer();
  const rows = [];
  const startRatio = pools.ms / node.ms;
  if ('skipped' in dockerd) {
    console.log(`pools: dockerd peer skipped (${dockerd.skipped})`);
    rows.push(row('`pools --next 3`', `${ms(pools.ms)}, ${mb(pools.rssMb)}`, `node ${ms(node.ms)}; dockerd skipped`, `≤ 2× node (now ${startRatio.toFixed(2)}×)`, startRatio <= 2));
    return rows;
  }
  const describe = (r) => (r.startMs === null ? `did not answer${r.exited ? ' (exited)' : ''}` : `${r.startMs} ms to answer, peak RSS ${r.peakRssMb} MB`);
  console.log('pools: peer, dockerd 20.10 start in a network namespace');
  console.log(`  {}                                         ${describe(dockerd.plain)}`);
  console.log(`  {"base":"10.0.0.0/8","size":30} (2^22)    ${describe(dockerd.pool)}`);
  const { startMs, peakRssMb: dockerdMb } = dockerd.pool;
  const met = startMs !== null && startRatio <= 2 && pools.ms <= 0.25 * startMs && pools.rssMb <= 0.25 * dockerdMb;
  rows.push(
    row(
      '`pools --next 3`',
      `${ms(pools.ms)}, ${mb(pools.rssMb)}`,
      `node ${ms(node.ms)}; dockerd ${startMs === null ? 'did not answer' : `${ms(startMs)}, ${mb(dockerdMb)}`}`,
      `≤ 2× node (${startRatio.toFixed(2)}×), ≤ 0.25× dockerd (${startMs === null ? '?' : (pools.ms / startMs).toFixed(2)}×, ${(pools.rssMb / dockerdMb).toFixed(2)}×)`,
      met,
    ),
  );
  return rows;
}
if (process.argv[2] === '--queries') {
  process.stdout.write(JSON.stringify(await queries(process.argv[3])));
} else if (process.argv[1] === SELF) {
  await run();
}
