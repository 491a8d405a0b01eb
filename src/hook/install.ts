import { mkdir, readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { writeFileAtomically } from '../files/atomicWrite.js';
import path from 'node:path';
import { hostPath } from '../gather/hostPath.js';
import { gatherSystemdUnits, WATCHED_UNITS } from '../gather/systemd.js';
import { isUnavailable } from '../snapshot/fact.js';
import type { SystemdUnitsFact } from '../snapshot/schema.js';
import { gatherTimeoutWithin } from './budget.js';
import { DROP_IN_MARKER, FIREWALLD_SETTLE_MS, HOOK_DROP_IN, hookDropIn, RESTART_DROP_IN, restartDropIn, type HookDropInOptions } from './dropIns.js';
import { HookError } from './errors.js';
import { HOOK_TARGETS, type FirewallUnit, type HookTarget } from './targets.js';
import { unitReloads } from './unitReloads.js';

/** systemd's directory for the administrator's units and drop-ins, which outranks the vendor's. */
export const ADMIN_UNIT_DIR = '/etc/systemd/system';

/**
 * Recorded in a drop-in whose directory `hook install` created, so that `hook remove` deletes the directory again
 * and leaves one that was there before.
 */
const CREATED_DIRECTORY_NOTE = '# dockdoc created this drop-in directory: `dockdoc hook remove` deletes it when it is empty.';

export interface InstallRequest {
  root: string;
  /** The firewall units to hook, or null for every one installed under root. */
  units: readonly FirewallUnit[] | null;
  /** `hook`: a drop-in per firewall unit running `dockdoc hook run`; `restart-docker`: the PartOf=/After= alternative. */
  mode: 'hook' | 'restart-docker';
  dropIn: HookDropInOptions;
}

export interface PlannedFile {
  /** Path as written, under root. */
  path: string;
  text: string;
  status: 'new' | 'changed' | 'unchanged';
  /** What the file does, for the summary `hook install` prints. */
  purpose: string;
}

/** Works out every drop-in to write; reads only. Throws HookError when the request does not fit this host. */
export async function planInstall(request: InstallRequest): Promise<PlannedFile[]> {
  const fact = await gatherSystemdUnits(request.root);
  if (isUnavailable(fact)) throw new HookError(`cannot read the systemd units: ${fact.unavailable}`);
  const targets = selectTargets(fact, request.units);
  if (request.mode === 'restart-docker') {
    if (!fact.units['docker.service']?.fragment) throw new HookError(`docker.service: not installed, no unit file in the systemd unit directories${request.root === '/' ? '' : ` under ${request.root}`}`);
    const bindable = targets.filter((t) => !t.verifyOnly);
    const skipped = targets.filter((t) => t.verifyOnly);
    if (request.units !== null && skipped.length > 0) {
      throw new HookError(`${skipped.map((t) => t.unit).join(', ')}: dockerd re-applies its rules itself when firewalld reloads; restarting it with firewalld is never needed`);
    }
    if (bindable.length === 0) throw new HookError('no iptables, ip6tables, netfilter-persistent or nftables service is installed to bind docker.service to');
    const units = bindable.map((t) => t.unit);
    return [await planned(request.root, 'docker.service', RESTART_DROP_IN, restartDropIn(units), `restart docker.service with ${units.join(', ')}`)];
  }
  const files: PlannedFile[] = [];
  for (const target of targets) {
    // A bound the hook run would refuse must be refused now, not silently at every firewall reload.
    if (request.dropIn.boundMs !== null) gatherTimeoutWithin(request.dropIn.boundMs, target.verifyOnly ? FIREWALLD_SETTLE_MS : 0, Infinity);
    const unit = fact.units[target.unit]!;
    const others = unit.dropIns.filter((file) => path.basename(file.path) !== HOOK_DROP_IN);
    const reloads = unitReloads([unit.fragment, ...others]);
    const purpose = `${target.verifyOnly ? 'verify' : request.dropIn.fix ? 'check and repair' : 'check'} Docker's rules after ${target.unit} ${reloads ? 'starts or reloads' : 'starts'}`;
    files.push(await planned(request.root, target.unit, HOOK_DROP_IN, hookDropIn(target, reloads, request.dropIn), purpose));
  }
  return files;
}

function selectTargets(fact: SystemdUnitsFact, requested: readonly FirewallUnit[] | null): HookTarget[] {
  if (requested === null) {
    const found = HOOK_TARGETS.filter((target) => fact.units[target.unit]?.fragment);
    if (found.length === 0) {
      throw new HookError(`none of ${HOOK_TARGETS.map((t) => t.unit).join(', ')} is installed; nothing on this host reloads the firewall through systemd`);
    }
    return found;
  }
  const missing = requested.filter((unit) => !fact.units[unit]?.fragment);
  if (missing.length > 0) throw new HookError(`${missing.join(', ')}: not installed, no unit file in the systemd unit directories`);
  return HOOK_TARGETS.filter((target) => requested.includes(target.unit));
}

async function planned(root: string, unit: string, name: string, body: string, purpose: string): Promise<PlannedFile> {
  const directory = hostPath(root, path.join(ADMIN_UNIT_DIR, `${unit}.d`));
  const file = path.join(directory, name);
  const existing = await readIfPresent(file);
  if (existing !== null && !isOurs(existing)) {
    throw new HookError(`${file} exists and was not written by dockdoc; move it away or merge it by hand`);
  }
  // Keep knowing who created the directory across re-installs.
  const createdDirectory = existing !== null ? existing.includes(CREATED_DIRECTORY_NOTE) : !(await exists(directory));
  const text = createdDirectory ? body.replace(`${DROP_IN_MARKER}\n`, `${DROP_IN_MARKER}\n${CREATED_DIRECTORY_NOTE}\n`) : body;
  const status = existing === null ? 'new' : existing === text ? 'unchanged' : 'changed';
  return { path: file, text, status, purpose };
}

/** Writes each file atomically: systemd never reads half a drop-in (the temporary name does not end in .conf). */
export async function applyInstall(files: readonly PlannedFile[]): Promise<void> {
  for (const file of files) {
    if (file.status === 'unchanged') continue;
    await mkdir(path.dirname(file.path), { recursive: true, mode: 0o755 });
    await writeFileAtomically(file.path, file.text);
  }
}

export interface Removal {
  unit: string;
  /** The drop-ins dockdoc wrote for the unit. */
  files: string[];
  /** The drop-in directory, when dockdoc created it and nothing else is in it. */
  directory: string | null;
}

/** Finds every drop-in `hook install` wrote, for any watched unit; reads only. */
export async function planRemove(root: string): Promise<Removal[]> {
  const removals: Removal[] = [];
  for (const unit of WATCHED_UNITS) {
    const directory = hostPath(root, path.join(ADMIN_UNIT_DIR, `${unit}.d`));
    const names = await readdir(directory).catch(() => [] as string[]);
    const files: string[] = [];
    let createdDirectory = false;
    for (const name of [HOOK_DROP_IN, RESTART_DROP_IN].filter((n) => names.includes(n))) {
      const text = await readIfPresent(path.join(directory, name));
      if (text === null || !isOurs(text)) continue;
      files.push(path.join(directory, name));
      createdDirectory ||= text.includes(CREATED_DIRECTORY_NOTE);
    }
    if (files.length === 0) continue;
    const onlyOurs = names.length === files.length;
    removals.push({ unit, files, directory: createdDirectory && onlyOurs ? directory : null });
  }
  return removals;
}

export async function applyRemove(removals: readonly Removal[]): Promise<void> {
  for (const removal of removals) {
    for (const file of removal.files) await unlink(file);
    if (removal.directory !== null) await rmdir(removal.directory);
  }
}

function isOurs(text: string): boolean {
  return text.startsWith(`${DROP_IN_MARKER}\n`);
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function exists(directory: string): Promise<boolean> {
  return stat(directory).then(
    () => true,
    () => false,
  );
}
