import { requirePackageFile } from '../../version.js';
import type { DaemonKeyCatalogue } from './types.js';

/** Generated data (tools/extract-daemon-keys.mjs): index.json names one file per run of identical releases. */
const DATA_DIR = 'data/daemon-keys';

interface IndexEntry {
  file: string;
  engineVersions: string[];
}

const loaded = new Map<string, DaemonKeyCatalogue>();

/** Reads a catalogue once; only the one the engine version needs is ever read in a run. */
function load(file: string): DaemonKeyCatalogue {
  let catalogue = loaded.get(file);
  if (!catalogue) {
    catalogue = JSON.parse(requirePackageFile(`${DATA_DIR}/${file}`)) as DaemonKeyCatalogue;
    loaded.set(file, catalogue);
  }
  return catalogue;
}

const INDEX = JSON.parse(requirePackageFile(`${DATA_DIR}/index.json`)) as IndexEntry[];

/** Every catalogue, oldest engine first. */
export function allDaemonKeyCatalogues(): DaemonKeyCatalogue[] {
  return INDEX.map((entry) => load(entry.file));
}

interface Release {
  major: number;
  minor: number;
  patch: number;
}

interface KnownRelease extends Release {
  file: string;
}

/**
 * Reads the release out of what engines report: "20.10.24", "20.10.24+dfsg1", "27.3.1-1~ubuntu", "v28.5.2",
 * "docker-v29.7.2", "29.0.0-rc.1" (a pre-release is taken as its release). Null when there is none.
 */
function parseRelease(version: string): Release | null {
  const match = /^(?:docker-)?v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

function compare(a: Release, b: Release): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

const KNOWN_RELEASES: readonly KnownRelease[] = INDEX.flatMap((entry) =>
  entry.engineVersions.map((version) => {
    const release = parseRelease(version);
    if (release === null) throw new Error(`catalogue lists a malformed engine version ${version}`);
    return { ...release, file: entry.file };
  }),
).sort(compare);

/** The last element of a non-empty list. */
function last<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('no daemon key catalogues');
  return item;
}

/**
 * The catalogue for an engine version. Every release from 20.10.0 to the newest extracted one is known exactly.
 * Otherwise: a patch release not extracted uses the closest release of its minor series (the newest one before
 * it, or the series' first), a version between series uses the newest release before it, a version newer than
 * all known ones (or without a number, such as a nightly) the newest catalogue, and an older one the oldest.
 */
export function daemonKeyCatalogue(engineVersion: string): DaemonKeyCatalogue {
  const wanted = parseRelease(engineVersion);
  const newest = last(KNOWN_RELEASES);
  if (wanted === null) return load(newest.file);
  const sameSeries = KNOWN_RELEASES.filter((r) => r.major === wanted.major && r.minor === wanted.minor);
  const candidates = sameSeries.length > 0 ? sameSeries : KNOWN_RELEASES;
  const notNewer = candidates.filter((r) => compare(r, wanted) <= 0);
  const chosen = notNewer.length > 0 ? last(notNewer) : candidates[0];
  return load((chosen ?? newest).file);
}
