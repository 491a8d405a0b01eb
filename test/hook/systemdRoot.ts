import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REQUIRE_INTEGRATION_ENV } from '../support/describe-integration.js';

const FIXTURE_UNITS = fileURLToPath(new URL('../../fixtures/systemd/', import.meta.url));
/** Where the installed systemd package keeps its own units (sysinit.target, network-pre.target, ...). */
const HOST_SYSTEMD_UNITS = '/lib/systemd/system';
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';

/** Why `systemd-analyze verify` tests cannot run here, or null when they can. */
export function systemdAnalyzeProblem(): string | null {
  if (!existsSync(SYSTEMD_ANALYZE)) return `${SYSTEMD_ANALYZE} missing (install Debian's systemd package)`;
  if (!existsSync(path.join(HOST_SYSTEMD_UNITS, 'sysinit.target'))) return `${HOST_SYSTEMD_UNITS}/sysinit.target missing (install systemd)`;
  return null;
}

/** Skip reason for a describe block, or throws when CI requires everything to run. */
export function skipUnlessSystemdAnalyze(): string | false {
  const problem = systemdAnalyzeProblem();
  if (problem !== null && process.env[REQUIRE_INTEGRATION_ENV] === '1') throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but ${problem}`);
  return problem ?? false;
}

/**
 * A directory laid out like a host's / for `hook install --root` and `systemd-analyze verify --root`: the vendor units
 * from fixtures/systemd in /usr/lib/systemd/system, systemd's own targets in /lib/systemd/system, and every executable
 * the units and dockdoc's drop-ins name. verify checks that each command exists under the root: the host's real binary is linked in where
 * this Debian machine has it; vendor scripts it cannot have (EL's /usr/libexec/iptables/*.init, firewalld) get a
 * stand-in `exit 0` script, which is enough for a check that reads unit files and never runs them.
 */
export function makeSystemdRoot(units: readonly string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dockdoc-hook-root-'));
  const vendorDir = path.join(root, 'usr/lib/systemd/system');
  mkdirSync(vendorDir, { recursive: true });
  for (const unit of units) copyFileSync(path.join(FIXTURE_UNITS, unit), path.join(vendorDir, unit));
  const systemdDir = path.join(root, HOST_SYSTEMD_UNITS);
  mkdirSync(systemdDir, { recursive: true });
  for (const name of readdirSync(HOST_SYSTEMD_UNITS).filter((n) => n.endsWith('.target'))) {
    copyFileSync(path.join(HOST_SYSTEMD_UNITS, name), path.join(systemdDir, name));
  }
  for (const unit of units) for (const command of unitCommands(readFileSync(path.join(vendorDir, unit), 'utf8'))) provide(root, command);
  // The executable of every dockdoc drop-in line (dockdoc itself is its argument).
  provide(root, '/usr/bin/systemd-cat');
  return root;
}

function provide(root: string, command: string): void {
  const target = path.join(root, command);
  if (existsSync(target)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  if (!existsSync(command)) {
    writeFileSync(target, '#!/bin/sh\nexit 0\n');
    chmodSync(target, 0o755);
    return;
  }
  try {
    linkSync(realpathSync(command), target);
  } catch {
    copyFileSync(realpathSync(command), target);
    chmodSync(target, 0o755);
  }
}

/** The executables of a unit's Exec*= lines (after the -@:+! prefixes). */
function unitCommands(text: string): string[] {
  return [...text.matchAll(/^Exec\w+=[-@:+!]*(\S+)/gm)].map((m) => m[1]!);
}

export interface VerifyResult {
  exitCode: number;
  /** Everything systemd-analyze printed: verify exits 0 even for unknown keys and bad quoting, so any output is a problem. */
  output: string;
}

export function verifyUnits(root: string, units: readonly string[]): VerifyResult {
  const result = spawnSync(SYSTEMD_ANALYZE, ['verify', '--man=no', `--root=${root}`, ...units], { encoding: 'utf8', timeout: 60_000 });
  return { exitCode: result.status ?? -1, output: `${result.stdout}${result.stderr}`.trim() };
}

/** Every file and directory under root/etc (where `hook install` writes), with file contents, for before/after comparisons. */
export function etcTreeOf(root: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full);
      if (entry.isDirectory()) {
        tree[`${relative}/`] = '';
        walk(full);
      } else {
        tree[relative] = readFileSync(full, 'utf8');
      }
    }
  };
  if (existsSync(path.join(root, 'etc'))) walk(path.join(root, 'etc'));
  return tree;
}
