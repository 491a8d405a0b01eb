import type { FactName, Snapshot } from '../snapshot/schema.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Where a finding is shown in the text report. */
export type Area = 'daemon' | 'pools' | 'compose' | 'firewall' | 'engine';
export const AREAS: readonly Area[] = ['daemon', 'pools', 'compose', 'firewall', 'engine'];

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export interface Fix {
  /** What to do, in words. */
  text: string;
  /** Commands that are safe to run as they are. */
  commands?: string[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  subject: string;
  location?: Location;
  evidence: Record<string, unknown>;
  fix: Fix;
}

/** What a rule emits: the engine fills in ruleId, title and the (possibly overridden) severity. */
export interface RuleResult {
  message: string;
  subject: string;
  location?: Location;
  evidence?: Record<string, unknown>;
  fix: Fix;
  /** Only for rules whose severity depends on the case (e.g. DD207 warning / error). */
  severity?: Severity;
}

export interface SkippedRule {
  ruleId: string;
  reason: string;
}

/** Settings from the config file and CLI that rules may read. Never host facts: those are in the snapshot. */
export interface RuleSettings {
  /** Engine version to reason about when the snapshot has no engine (--engine-version); else the newest known. */
  engineVersion: string | null;
  reserved: ReservedRange[];
  thresholds: Thresholds;
}

export interface ReservedRange {
  cidr: string;
  name: string;
}

export interface Thresholds {
  /** DD207 warns when fewer free subnets than this remain in the local pools. */
  minFreeSubnets: number;
  /**
   * DD210/DD309 warn when the peak of a rolling update fills more than this percentage of an overlay subnet's usable
   * addresses. Optional for callers that build settings by hand; DEFAULT_OVERLAY_FILL_PERCENT when absent.
   */
  overlayFillPercent?: number;
}

/** The default of thresholds.overlayFillPercent (docs/configuration.md). */
export const DEFAULT_OVERLAY_FILL_PERCENT = 80;

export interface RuleContext {
  settings: RuleSettings;
  /** The engine version the rules reason about: live engine, --engine-version, or the newest known. */
  engineVersion: string;
  /** The rules of this run, so DD002 can name what an unavailable fact made it skip. */
  rules: readonly RuleMeta[];
}

export interface RuleMeta {
  id: string;
  title: string;
  severity: Severity;
  area: Area;
  /** Facts the rule reads; if any is unavailable the rule is skipped and reported under DD002. */
  needs: FactName[];
  /**
   * Facts the rule reads on this host only (e.g. the live nft ruleset under Docker's nftables backend, iptables
   * otherwise); checked like `needs`. Pure: it may read the snapshot, never the host.
   */
  needsOnHost?(snapshot: Snapshot, engineVersion: string): FactName[];
  /** One-paragraph summary for `dockdoc rules`; the full page is docs/rules/<id>.md. */
  summary: string;
  /**
   * True when the check does not depend on the engine's release (input files, compose, saved-rule drift, facts any
   * engine reports): it also runs for engines older than dockdoc models. Otherwise it is skipped for them (DD003).
   */
  versionIndependent?: boolean;
}

export interface Rule extends RuleMeta {
  check(snapshot: Snapshot, context: RuleContext): RuleResult[];
}

/** An input file that cannot be read or parsed: what DD001 reports, with file:line:col. */
export interface InputProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** warning: the file is read, but not as written (e.g. a saved rule iptables-restore loads differently). */
  severity?: Severity;
}
