import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { InputProblem } from '../engine/types.js';
import { loadSnapshotOrBundle } from '../bundle/load.js';
import type { Snapshot } from '../snapshot/schema.js';

/** What `dockdoc fleet` reads in its directory: snapshots (`dockdoc snapshot -o`) and bundles (`dockdoc gather-script`). */
export const HOST_FILE_EXTENSIONS = ['.json', '.bundle'] as const;

export interface HostFile {
  /** The host's name in the report: the file name without its extension (the Ansible playbook names files by inventory host). */
  name: string;
  file: string;
  loaded: Snapshot | InputProblem;
}

export interface FleetDirectory {
  hosts: HostFile[];
  /** Entries that are not host files (summary.txt, sub-folders, dotfiles), named so that a misnamed host is not silently missing. */
  ignored: string[];
}

/**
 * Every host file in `dir`, in name order. A file that cannot be read or parsed comes back as its problem (reported
 * as DD001 on that host), never as an exception. Reading the directory itself may throw: the caller checks it first.
 */
export async function readFleetDirectory(dir: string): Promise<FleetDirectory> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const hostEntries: string[] = [];
  const ignored: string[] = [];
  for (const entry of entries) {
    if (!entry.name.startsWith('.') && !entry.isDirectory() && hostExtension(entry.name) !== undefined) hostEntries.push(entry.name);
    else ignored.push(entry.isDirectory() ? `${entry.name}/` : entry.name);
  }
  const names = hostNames(hostEntries);
  const hosts: HostFile[] = [];
  // One at a time: a fleet's snapshots may each be tens of megabytes, and memory should hold one being parsed.
  for (const entry of hostEntries) {
    const file = path.join(dir, entry);
    hosts.push({ name: names.get(entry)!, file, loaded: await loadSnapshotOrBundle(file) });
  }
  return { hosts, ignored };
}

function hostExtension(fileName: string): string | undefined {
  return HOST_FILE_EXTENSIONS.find((extension) => fileName.endsWith(extension) && fileName.length > extension.length);
}

/** web-1.json → web-1; when web-1.json and web-1.bundle are both there, each keeps its whole file name. */
function hostNames(fileNames: readonly string[]): Map<string, string> {
  const stems = fileNames.map((name) => name.slice(0, name.length - hostExtension(name)!.length));
  const counts = new Map<string, number>();
  for (const stem of stems) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  return new Map(fileNames.map((name, i) => [name, counts.get(stems[i]!) === 1 ? stems[i]! : name]));
}
