import type { IgnoreEntry } from '../engine/run.js';
import { DEFAULT_OVERLAY_FILL_PERCENT, type ReservedRange, type Severity, type Thresholds } from '../engine/types.js';

/** The configuration file, `.dockdoc.yml` (see docs/configuration.md). */
export interface DockdocConfig {
  /** Where it was read from, or null for the built-in defaults. */
  path: string | null;
  failOn: Severity;
  /** Exit 1 when any check could not run (--fail-on-skipped). */
  failOnSkipped: boolean;
  ignore: IgnoreEntry[];
  severity: Record<string, Severity>;
  reserved: ReservedRange[];
  thresholds: Thresholds;
  engineVersion: string | null;
}

export const DEFAULT_CONFIG: DockdocConfig = {
  path: null,
  failOn: 'error',
  failOnSkipped: false,
  ignore: [],
  severity: {},
  reserved: [],
  thresholds: { minFreeSubnets: 5, overlayFillPercent: DEFAULT_OVERLAY_FILL_PERCENT },
  engineVersion: null,
};

export const CONFIG_FILE_NAME = '.dockdoc.yml';
/** Host-wide configuration for `check` and the systemd hook. */
export const SYSTEM_CONFIG_PATH = '/etc/dockdoc/.dockdoc.yml';
