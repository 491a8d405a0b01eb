import { setTimeout as sleep } from 'node:timers/promises';
import { engineModelled, OLDEST_MODELLED_ENGINE } from '../engine/version.js';
import type { GatherOptions } from '../gather/options.js';
import { gatherSnapshot } from '../gather/snapshot.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import { planRepair, renderPlan, type RepairPlan } from './plan.js';
import { restartDockerd, RestartError, type RestartLimits } from './restart.js';
import { resolveRestartTarget, type RestartOptions } from './target.js';

export interface RepairRequest {
  gather: GatherOptions;
  restart: RestartOptions;
  /** --yes: carry the plan out. Without it the plan is only printed. */
  apply: boolean;
  /** --dry-run: print the plan and the exact commands; never act, even with --yes. */
  dryRun: boolean;
  limits: Omit<RestartLimits, 'dockerHost'>;
  /** How long to wait, after dockerd answers, for the containers it restarts to get their rules back. */
  settleTimeoutMs: number;
}

export interface RepairOutcome {
  plan: RepairPlan | null;
  /** Whether dockerd was restarted. */
  restarted: boolean;
  /** The plan and what was done: stdout. */
  text: string;
  /** Why it could not act (exit 2), one line: stderr, as every dockdoc error. */
  error: string | null;
  /** 0: nothing to repair, or repaired; 1: broken and left so (no --yes, dry run, or still broken); 2: could not act. */
  exitCode: 0 | 1 | 2;
}

function engineVersion(snapshot: Snapshot): string | null {
  return available(snapshot.facts.engine)?.version ?? null;
}

/**
 * `dockdoc repair`: check, plan, and only with --yes restart dockerd and check again until Docker's rules are back.
 * Idempotent: with nothing missing it does nothing. It never touches a rule itself.
 */
export async function runRepair(request: RepairRequest): Promise<RepairOutcome> {
  const snapshot = await gatherSnapshot(request.gather);
  const version = engineVersion(snapshot);
  if (version === null) {
    const engine = snapshot.facts.engine;
    const why = 'unavailable' in engine ? engine.unavailable : 'no engine';
    return {
      plan: null,
      restarted: false,
      text: '',
      error: `repair needs the Docker engine to know what to rebuild, and it did not answer: ${why}. Check that dockerd runs (systemctl status docker).`,
      exitCode: 2,
    };
  }
  if (!engineModelled(version)) {
    return {
      plan: null,
      restarted: false,
      text: '',
      error: `repair does not know which rules Docker ${version} programs (dockdoc models Docker ${OLDEST_MODELLED_ENGINE} and later, DD003), so it cannot tell what is missing. If Docker's chains are gone, restart dockerd yourself (systemctl restart docker).`,
      exitCode: 2,
    };
  }
  const plan = planRepair(snapshot, version, resolveRestartTarget(snapshot, request.restart));
  let text = renderPlan(plan);
  if (plan.reasons.length === 0) return { plan, restarted: false, text, error: null, exitCode: 0 };
  if (request.dryRun) return { plan, restarted: false, text: `${text}Dry run: nothing was changed.\n`, error: null, exitCode: 1 };
  if (!request.apply) return { plan, restarted: false, text: `${text}Nothing was changed. Run \`dockdoc repair --yes\` to do it.\n`, error: null, exitCode: 1 };
  if (plan.target.kind === 'none') return { plan, restarted: false, text, error: `cannot restart dockerd here: ${plan.target.why}`, exitCode: 2 };
  try {
    await restartDockerd(plan.target, { ...request.limits, dockerHost: request.gather.dockerHost });
  } catch (error) {
    if (error instanceof RestartError) return { plan, restarted: false, text, error: error.message, exitCode: 2 };
    throw error;
  }
  text += `Restarted dockerd (${plan.commands.map((c) => c.replace(/\s+#.*$/, '')).join('; ')}).\n`;
  // Containers with a restart policy come back one by one, each with its port rules: wait for all of them.
  const deadline = Date.now() + request.settleTimeoutMs;
  for (;;) {
    const after = await gatherSnapshot(request.gather);
    const afterVersion = engineVersion(after);
    const remaining = afterVersion === null ? ['the engine does not answer'] : planRepair(after, afterVersion, plan.target).reasons;
    if (remaining.length === 0) return { plan, restarted: true, text: `${text}Repaired: Docker's firewall rules are all in place again.\n`, error: null, exitCode: 0 };
    if (Date.now() >= deadline) {
      return { plan, restarted: true, text: `${text}Still broken after the restart:\n${remaining.map((r) => `  - ${r}`).join('\n')}\n`, error: null, exitCode: 1 };
    }
    await sleep(1_000);
  }
}
