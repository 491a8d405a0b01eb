/** The newest engine release whose behaviour dockdoc models; assumed when no version is known. */
export const NEWEST_KNOWN_ENGINE = '29.7.2';

/**
 * The oldest engine release whose behaviour dockdoc models: its daemon.json catalogue, Go decode errors, pool logic
 * and firewall layouts are taken from moby's source from v20.10.0 on. Older engines' behaviour is not guessed.
 */
export const OLDEST_MODELLED_ENGINE = '20.10.0';

/**
 * An engine release as `docker version`, dockerd or a package names it: 27.3.1, 27.3, 27, v28.5.2, 20.10.24+dfsg1,
 * 5:27.3.1-1~ubuntu.24.04~noble (a Debian epoch and revision), 17.03.2-ce.
 */
const ENGINE_RELEASE = /^(?:\d+:)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+~][0-9A-Za-z.+~-]*)?$/;

/** MAJOR.MINOR.PATCH of a release written in one of those forms, or null when the text is not one. */
export function parseEngineRelease(text: string): string | null {
  const match = ENGINE_RELEASE.exec(text.trim());
  return match ? `${Number(match[1])}.${Number(match[2] ?? 0)}.${Number(match[3] ?? 0)}` : null;
}

/** Parses "20.10.24+dfsg1", "27.0.1", "v28.5.2" into [major, minor, patch]; unknown parts are 0. */
export function engineVersionParts(version: string): [number, number, number] {
  const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  if (!match) return [0, 0, 0];
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/** Compares two engine versions numerically: negative when a < b. */
export function compareEngineVersions(a: string, b: string): number {
  const pa = engineVersionParts(a);
  const pb = engineVersionParts(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** True for releases whose behaviour dockdoc models (20.10 and later). */
export function engineModelled(version: string): boolean {
  return compareEngineVersions(version, OLDEST_MODELLED_ENGINE) >= 0;
}

export function engineAtLeast(version: string, minimum: string): boolean {
  return compareEngineVersions(version, minimum) >= 0;
}
