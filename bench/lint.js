// `dockdoc lint` at scale: 1,000 compose files holding 10,000 networks, against a host snapshot with 1,000 live
// networks, run as a user runs it (a fresh `node bin/dockdoc.js` process: median wall time, peak RSS), at 1×, 2× and
// 4× that size to show the growth is linear. Target: ≤ 1.0 s at 1× on 2 cores.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mb, measure, ms, row } from './measure.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'dockdoc.js');
const FILES_AT_1X = 1_000;
const NETWORKS_PER_FILE = 10;
const LIVE_AT_1X = 1_000;
const TARGET_MS = 1_000;
const MAX_GROWTH_AT_4X = 4;

/** Compose subnet number i as a /24 of 10.0.0.0/8; every 97th reuses a live subnet, so DD304/DD305 have work. */
function composeSubnet(i) {
  if (i % 97 === 0) return liveSubnet(i % LIVE_AT_1X);
  return `10.${(i >> 8) & 255}.${i & 255}.0/24`;
}

/** Live network number i as a /24 of 172.16.0.0/12. */
function liveSubnet(i) {
  return `172.${16 + (i >> 8)}.${i & 255}.0/24`;
}

function writeProjects(dir, files) {
  for (let f = 0; f < files; f++) {
    const networks = [];
    const names = [];
    for (let n = 0; n < NETWORKS_PER_FILE; n++) {
      const i = f * NETWORKS_PER_FILE + n;
      names.push(`net${n}`);
      networks.push(`  net${n}:\n    ipam:\n      config:\n        - subnet: ${composeSubnet(i)}\n`);
    }
    const text = `name: app${f}\nservices:\n  web:\n    image: busybox\n    networks: [${names.join(', ')}]\nnetworks:\n${networks.join('')}`;
    const projectDir = path.join(dir, 'projects', String(f).padStart(5, '0'));
    mkdirSync(projectDir, { recursive: true });
    writeFileSync(path.join(projectDir, 'compose.yaml'), text);
  }
}

function writeSnapshot(dir, live) {
  const snapshot = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/hosts/healthy-20.10/snapshot.json'), 'utf8'));
  const networks = snapshot.facts.engine.networks.filter((n) => n.name === 'bridge' || n.name === 'host' || n.name === 'none');
  for (let i = 0; i < live; i++) {
    const id = i.toString(16).padStart(64, '0');
    networks.push({
      id,
      name: `live${i}`,
      driver: 'bridge',
      scope: 'local',
      internal: false,
      enableIPv6: false,
      ipamDriver: 'default',
      subnets: [{ subnet: liveSubnet(i), gateway: null, ipRange: null, auxAddresses: {} }],
      options: {},
      bridge: `br-${id.slice(0, 12)}`,
    });
  }
  snapshot.facts.engine.networks = networks;
  const file = path.join(dir, 'host.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

async function lintAt(scale) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-bench-lint-'));
  try {
    const files = FILES_AT_1X * scale;
    writeProjects(dir, files);
    const snapshot = writeSnapshot(dir, LIVE_AT_1X * scale);
    const lint = await measure(process.execPath, [BIN, 'lint', 'projects', '--snapshot', snapshot, '--format', 'json'], { cwd: dir });
    if (lint.last.status !== 1) throw new Error(`dockdoc lint exited ${lint.last.status}: ${lint.last.stderr}`);
    const report = JSON.parse(lint.last.stdout);
    return { scale, files, networks: files * NETWORKS_PER_FILE, liveNetworks: LIVE_AT_1X * scale, findings: report.findings.length, ms: lint.ms, rssMb: lint.rssMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  const cases = [];
  for (const scale of [1, 2, 4]) cases.push(await lintAt(scale));
  const base = cases[0];
  console.log('lint growth:');
  for (const c of cases) {
    console.log(`  ${c.scale}×: ${c.files} files, ${c.networks} networks, ${c.liveNetworks} live networks, ${c.findings} findings: ${ms(c.ms)}, ${mb(c.rssMb)} (${(c.ms / base.ms).toFixed(2)}× the 1× time)`);
  }
  // Linear means 4× the input costs at most 4× the time (start-up is spread over more work, so usually less); a
  // quadratic step anywhere shows here first (one made the 4× set 23× slower before this row existed).
  const growth = cases[2].ms / base.ms;
  return [
    row('`lint`, 1,000 files / 10,000 networks', `${ms(base.ms)}, ${mb(base.rssMb)}`, '—', `≤ ${ms(TARGET_MS)}`, base.ms <= TARGET_MS),
    row('`lint` growth, 4× the input', `${growth.toFixed(2)}× the 1× time`, '—', `≤ ${MAX_GROWTH_AT_4X}× (linear)`, growth <= MAX_GROWTH_AT_4X),
  ];
}
