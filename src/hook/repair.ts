import type { GatherOptions } from '../gather/options.js';
import { engineModelled } from '../engine/version.js';
import { journalLine, PRIORITY, type Priority } from '../report/journald.js';
import { planRepair } from '../repair/plan.js';
import { runRepair } from '../repair/run.js';
import { resolveRestartTarget, type RestartOptions } from '../repair/target.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import { claimRepair } from './repairGuard.js';

export const DEFAULT_FIX_COOLDOWN_MS = 10 * 60_000;

export interface HookRepairRequest {
  /** How dockerd is restarted (systemd's docker.service, or --dockerd-pidfile), as for `dockdoc repair`. */
  restart: RestartOptions;
  /** The restart-loop guard: at most one unattended repair per this long, host-wide. */
  cooldownMs: number;
}

/**
 * `hook run --fix --yes`: when the hook's snapshot shows what a dockerd restart rebuilds, claim the repair from the
 * restart-loop guard and carry out `dockdoc repair --yes` (src/repair) in the time left of the bound. Returns journal
 * lines; nothing when there is nothing to repair.
 */
export async function repairUnattended(
  snapshot: Snapshot,
  request: HookRepairRequest,
  gather: GatherOptions,
  remainingMs: number,
  now: Date,
): Promise<string[]> {
  const version = available(snapshot.facts.engine)?.version;
  // Without the engine there is no telling what to rebuild (DD002 says the engine could not be reached), nor for an
  // engine older than dockdoc models (DD003 says so).
  if (version === undefined || !engineModelled(version)) return [];
  const plan = planRepair(snapshot, version, resolveRestartTarget(snapshot, request.restart));
  if (plan.reasons.length === 0) return [];
  if (plan.target.kind === 'none') return [line(PRIORITY.warning, `not repairing: ${plan.target.why}`)];
  const claim = await claimRepair(request.restart.root, request.cooldownMs, now);
  if (!claim.granted) {
    return [
      line(
        PRIORITY.warning,
        `not repairing: the restart-loop guard allows one unattended repair per ${Math.round(request.cooldownMs / 1000)} s and the last was at ${claim.lastRepairAt.toISOString()}; run \`dockdoc repair --yes\` by hand`,
      ),
    ];
  }
  // Worst case of a systemd restart: systemctl (stop + start), then waiting start again for the API, then settling.
  const outcome = await runRepair({
    gather,
    restart: request.restart,
    apply: true,
    dryRun: false,
    limits: { stopTimeoutMs: Math.floor(remainingMs * 0.4), startTimeoutMs: Math.floor(remainingMs * 0.2) },
    settleTimeoutMs: Math.floor(remainingMs * 0.1),
  });
  const priority = outcome.exitCode === 0 ? PRIORITY.notice : outcome.exitCode === 1 ? PRIORITY.warning : PRIORITY.err;
  return [outcome.text, outcome.error ?? '']
    .join('\n')
    .split('\n')
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text) => line(priority, text));
}

function line(priority: Priority, text: string): string {
  return journalLine(priority, `dockdoc hook repair: ${text}`);
}
