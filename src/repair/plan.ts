import { dockerFirewall } from '../iptables/docker/analysis.js';
import { familyFirewall } from '../iptables/host.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';

/** How dockerd is restarted: restarting it is the only supported way to rebuild its rules (moby issue #29323). */
export type RestartTarget =
  | { kind: 'systemd'; unit: string }
  | {
      kind: 'pidfile';
      pidfile: string;
      pid: number;
      /** The command that starts dockerd again, as an argument vector (no shell). */
      start: string[];
      /** Where the restarted dockerd writes its output. */
      log: string;
    }
  | { kind: 'none'; why: string };

export interface RepairPlan {
  /** What is broken that a dockerd restart rebuilds; empty when there is nothing to repair. */
  reasons: string[];
  target: RestartTarget;
  /** The exact commands, in order, as a person would type them. */
  commands: string[];
  /** What the restart costs. */
  warnings: string[];
  /** What the repair deliberately leaves alone. */
  untouched: string[];
}

/** Quotes an argument for a POSIX shell only when it needs it, so the printed commands can be pasted. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function restartCommands(target: RestartTarget): string[] {
  switch (target.kind) {
    case 'systemd':
      return [`systemctl restart ${target.unit}`];
    case 'pidfile':
      return [
        `kill -TERM ${target.pid}   # dockerd, from ${target.pidfile}; then wait until it has exited`,
        `${target.start.map(shellQuote).join(' ')} >>${shellQuote(target.log)} 2>&1 &   # started again, detached`,
      ];
    case 'none':
      return [];
  }
}

/**
 * What `dockdoc repair` would do on this host: which of Docker's firewall state is missing (DD401, DD410, DD406 are
 * the problems a dockerd restart fixes), how dockerd will be restarted, and what that costs. Pure: the restart target
 * is resolved by the caller (src/repair/target.ts), so the same plan is shown, dry-run and carried out.
 */
export function planRepair(snapshot: Snapshot, engineVersion: string, target: RestartTarget): RepairPlan {
  const analysis = dockerFirewall(snapshot, engineVersion);
  const reasons: string[] = [];
  const untouched = [
    "No rule of anyone else is flushed, deleted or reordered: dockerd itself deletes and re-creates only its own chains (DOCKER-USER and its rules are kept).",
  ];
  for (const { family, drift, stale } of analysis?.families ?? []) {
    const tool = family === 4 ? 'iptables' : 'ip6tables';
    if (drift.missingChains.length > 0 || drift.missingRules.length > 0) {
      const chains = drift.missingChains.map((c) => `${c.table} ${c.chain}`);
      reasons.push(
        `${tool}: ${drift.missingRules.length} of Docker's ${drift.expectedRules} rules are missing${chains.length > 0 ? `, and its chains ${chains.join(', ')}` : ''} (DD401)`,
      );
    } else {
      const forward = familyFirewall(snapshot, family)?.live.tables.get('filter')?.chains.get('FORWARD');
      const position = forward?.rules.findIndex((r) => r.text === '-j DOCKER-USER') ?? 0;
      const userChain = analysis?.expectation.chains.some((c) => c.family === family && c.chain === 'DOCKER-USER') ?? false;
      if (userChain && position !== 0) reasons.push(`${tool}: -j DOCKER-USER is ${position < 0 ? 'missing from' : `rule ${position + 1} of`} FORWARD (DD410)`);
    }
    if (stale.length > 0) untouched.push(`${stale.length} stale Docker-style ${tool} rule${stale.length === 1 ? '' : 's'} (DD404): delete them by hand with the commands DD404 gives.`);
  }
  const forwarding = available(snapshot.facts.sysctls)?.values['net.ipv4.ip_forward'];
  if (forwarding === '0' && analysis?.intent.settings.ipForward) reasons.push('net.ipv4.ip_forward is 0; dockerd sets it to 1 when it starts (DD406)');
  if (available(snapshot.facts.savedRules)?.files.some((f) => f.present)) untouched.push('The saved rules files are not changed.');

  const warnings: string[] = [];
  const engine = available(snapshot.facts.engine);
  if (engine && !engine.liveRestore) {
    const running = engine.containers.filter((c) => c.state === 'running').map((c) => c.name);
    const which = running.length === 1 ? 'the running container stops' : `all ${running.length} running containers stop`;
    warnings.push(`live-restore is off: ${which} with dockerd${running.length > 0 ? ` (${running.join(', ')})` : ''}; those without a restart policy stay stopped (DD501).`);
  }
  return { reasons, target, commands: reasons.length > 0 ? restartCommands(target) : [], warnings, untouched };
}

/** The plan as people read it: what is broken, the commands, what it costs, what it leaves alone. */
export function renderPlan(plan: RepairPlan): string {
  if (plan.reasons.length === 0) return "Nothing to repair: Docker's firewall rules are all in place.\n";
  const lines = ['Broken, and rebuilt by restarting dockerd:', ...plan.reasons.map((r) => `  - ${r}`)];
  if (plan.target.kind === 'none') {
    lines.push(`Cannot restart dockerd here: ${plan.target.why}.`);
  } else {
    lines.push('Commands:', ...plan.commands.map((c) => `  $ ${c}`));
  }
  if (plan.warnings.length > 0) lines.push('Cost:', ...plan.warnings.map((w) => `  ! ${w}`));
  lines.push('Left alone:', ...plan.untouched.map((u) => `  - ${u}`));
  return `${lines.join('\n')}\n`;
}
