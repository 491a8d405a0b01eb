import { setTimeout as sleep } from 'node:timers/promises';
import { exitCodeFor, runRules, type Report, type RunOptions } from '../engine/run.js';
import type { Area, Severity } from '../engine/types.js';
import type { GatherOptions } from '../gather/options.js';
import { gatherSnapshot } from '../gather/snapshot.js';
import { renderJournald } from '../report/journald.js';
import { isInputProblem, loadSnapshot } from '../snapshot/io.js';
import type { Snapshot } from '../snapshot/schema.js';
import { FINISH_RESERVE_MS, gatherTimeoutWithin } from './budget.js';
import { HookError } from './errors.js';
import { repairUnattended, type HookRepairRequest } from './repair.js';

/**
 * A firewall reload changes the firewall and nothing else: the hook runs the firewall and engine rules (DD0xx are
 * engine rules), so its journal lines are about what the reload may have broken, not about compose files or pools.
 */
export const HOOK_AREAS: readonly Area[] = ['firewall', 'engine'];

export interface HookTrigger {
  /** The firewall unit whose ExecStartPost= / ExecReload= ran the hook, or null when run by hand. */
  unit: string | null;
  event: 'start' | 'reload' | null;
}

export interface HookRunRequest {
  trigger: HookTrigger;
  /** Upper bound for the whole run, settle time included. */
  boundMs: number;
  /** Pause before gathering, for services that rebuild the rules asynchronously (firewalld). */
  settleMs: number;
  /** Where to gather; its timeoutMs caps the per-gatherer timeout the bound allows. */
  gather: GatherOptions;
  /** Check this snapshot instead of the host (hook mode on recorded facts). */
  snapshotPath: string | null;
  run: RunOptions;
  /** Exit 1, failing the firewall unit, when a finding is at or above this; null: never. */
  failOn: Severity | null;
  /** Exit 1 when any check was skipped (a fact could not be gathered). */
  failOnSkipped: boolean;
  /** --fix --yes: repair unattended, within what is left of the bound; null: only report. */
  repair: HookRepairRequest | null;
}

export interface HookRunResult {
  report: Report;
  /** Journal lines, each with its `<N>` priority prefix. */
  text: string;
  exitCode: 0 | 1;
}

export async function runHook(request: HookRunRequest): Promise<HookRunResult> {
  const deadline = Date.now() + request.boundMs - FINISH_RESERVE_MS;
  const timeoutMs = gatherTimeoutWithin(request.boundMs, request.settleMs, request.gather.timeoutMs);
  const gather = { ...request.gather, timeoutMs };
  if (request.settleMs > 0) await sleep(request.settleMs);
  const snapshot = request.snapshotPath !== null ? await snapshotFrom(request.snapshotPath) : await gatherSnapshot(gather);
  const report = runRules(snapshot, { ...request.run, rules: request.run.rules.filter((rule) => HOOK_AREAS.includes(rule.area)) });
  let text = renderJournald(report, { context: contextOf(request.trigger) });
  if (request.repair !== null) {
    const lines = await repairUnattended(snapshot, request.repair, gather, deadline - Date.now(), new Date());
    if (lines.length > 0) text += `${lines.join('\n')}\n`;
  }
  return { report, text, exitCode: exitCodeFor(report, request.failOn, request.failOnSkipped) };
}

async function snapshotFrom(file: string): Promise<Snapshot> {
  const loaded = await loadSnapshot(file);
  if (isInputProblem(loaded)) throw new HookError(`${loaded.file}${loaded.line ? `:${loaded.line}:${loaded.column ?? 1}` : ''}: ${loaded.message}`);
  return loaded;
}

/** How the summary line names the run: `hook after iptables.service reload`. */
export function contextOf(trigger: HookTrigger): string {
  if (trigger.unit === null) return 'hook';
  return `hook after ${trigger.unit} ${trigger.event ?? 'start'}`;
}
