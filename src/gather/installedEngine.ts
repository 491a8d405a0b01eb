import { parseEngineRelease } from '../engine/version.js';
import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { InstalledEngineFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';

/** Packages that ship dockerd: Docker's own (docker-ce), Debian/Ubuntu's (docker.io), Fedora's (moby-engine), EL's (docker). */
const DEB_PACKAGES = ['docker-ce', 'docker.io', 'moby-engine', 'docker-engine'];
const RPM_PACKAGES = ['docker-ce', 'moby-engine', 'docker'];
const DPKG_STATUS = '/var/lib/dpkg/status';

/**
 * The installed engine's release, for when the engine does not answer: `dockerd --version` on this host (not under
 * --root: that binary belongs to this host), else the dpkg status file, else the rpm database, both under --root.
 * Every attempt that fails is named in the reason.
 */
export async function gatherInstalledEngine(root: string, timeoutMs: number, io: HostIo = LIVE_HOST_IO): Promise<Fact<InstalledEngineFact>> {
  const tried: string[] = [];
  if (root === '/' || root === '') {
    // Half the bound each, so a hung binary still leaves time for the package database.
    const output = await io.run('dockerd', ['--version'], Math.floor(timeoutMs / 2));
    if (isUnavailable(output)) tried.push(output.unavailable);
    else {
      const found = fromDockerdVersion(output.stdout);
      if (found) return found;
      tried.push(`dockerd --version printed no version: ${output.stdout.trim().split('\n')[0] ?? ''}`);
    }
  }
  const dpkg = await io.readFile(hostPath(root, DPKG_STATUS), DPKG_STATUS, 'hostFile');
  if (isUnavailable(dpkg)) tried.push(dpkg.unavailable);
  else if (!dpkg.present) tried.push(`no ${DPKG_STATUS}`);
  else {
    const found = fromDpkgStatus(dpkg.text!);
    if (found) return found;
    tried.push(`none of ${DEB_PACKAGES.join(', ')} is installed per ${DPKG_STATUS}`);
  }
  for (const name of RPM_PACKAGES) {
    const output = await io.run('rpm', ['-q', '--root', root || '/', '--qf', '%{VERSION}', name], Math.floor(timeoutMs / 2));
    if (isUnavailable(output)) {
      tried.push(output.unavailable);
      if (output.unavailable.includes('not installed (not found in PATH)')) break;
      continue;
    }
    const version = parseEngineRelease(output.stdout.trim());
    if (version) return { version, source: `rpm: ${name} ${output.stdout.trim()}` };
  }
  return unavailable(`no installed Docker engine found (${tried.join('; ')})`);
}

/** `Docker version 20.10.24+dfsg1, build 5d6db84` */
export function fromDockerdVersion(stdout: string): InstalledEngineFact | null {
  const line = stdout.trim().split('\n')[0] ?? '';
  const match = /^Docker version ([^\s,]+)/.exec(line);
  const version = match ? parseEngineRelease(match[1]!) : null;
  return version ? { version, source: `dockerd --version: ${line}` } : null;
}

/** The first installed engine package in a dpkg status file (stanzas separated by blank lines). */
export function fromDpkgStatus(text: string): InstalledEngineFact | null {
  const installed = new Map<string, string>();
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(stanza)?.[1]?.trim();
    const name = field('Package');
    const version = field('Version');
    if (name && version && DEB_PACKAGES.includes(name) && field('Status') === 'install ok installed') installed.set(name, version);
  }
  for (const name of DEB_PACKAGES) {
    const raw = installed.get(name);
    const version = raw === undefined ? null : parseEngineRelease(raw);
    if (version) return { version, source: `${DPKG_STATUS}: ${name} ${raw}` };
  }
  return null;
}
