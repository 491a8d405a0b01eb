import { execLine } from './execLine.js';
import type { FirewallUnit, HookTarget } from './targets.js';

/** File names under /etc/systemd/system/<unit>.d/; `hook remove` deletes only these, and only with the marker. */
export const HOOK_DROP_IN = '50-dockdoc-hook.conf';
export const RESTART_DROP_IN = '50-dockdoc-restart-with-firewall.conf';
/** First line of every file dockdoc writes: what `hook remove` and DD409 recognise. */
export const DROP_IN_MARKER = '# Written by `dockdoc hook install`; `dockdoc hook remove` deletes it.';

/**
 * systemd-cat gives the hook its own journal stream (identifier "dockdoc", `<N>` prefixes honoured) even where the
 * firewall unit discards its output, as firewalld.service does with StandardOutput=null.
 */
export const SYSTEMD_CAT = '/usr/bin/systemd-cat';
export const JOURNAL_IDENTIFIER = 'dockdoc';

/** firewalld reloads asynchronously and dockerd re-applies its rules after firewalld's signal: verify after a pause. */
export const FIREWALLD_SETTLE_MS = 2_000;

export interface HookDropInOptions {
  /** How systemd runs dockdoc: the absolute path of an executable, then its leading arguments. */
  command: readonly string[];
  /** Pass --fix --yes: repair unattended (never for verify-only targets). */
  fix: boolean;
  /** Let the hook fail the firewall unit when it finds an error (no `-` prefix, --fail-on error). */
  strict: boolean;
  /** --bound for the hook run, or null for its default. */
  boundMs: number | null;
  /** --docker-host for the hook run, or null for DOCKER_HOST / the default socket. */
  dockerHost: string | null;
}

/**
 * The drop-in that runs `dockdoc hook run` after the firewall service starts, and after it reloads when the unit has
 * a reload command: adding ExecReload= to a unit without one would make `systemctl reload` succeed where it failed.
 */
export function hookDropIn(target: HookTarget, unitReloads: boolean, options: HookDropInOptions): string {
  const events = unitReloads ? (['start', 'reload'] as const) : (['start'] as const);
  const directive = { start: 'ExecStartPost', reload: 'ExecReload' } as const;
  const lines = [
    DROP_IN_MARKER,
    `# After ${target.unit} ${unitReloads ? 'starts or reloads' : 'starts'} (${target.effect}),`,
    target.verifyOnly
      ? '# dockdoc verifies that Docker\'s rules are back and logs one journal line per finding (journalctl -t dockdoc).'
      : `# dockdoc checks Docker's rules and logs one journal line per finding (journalctl -t dockdoc)${options.fix ? ', then repairs them' : ''}.`,
    '[Service]',
    ...events.map((event) => `${directive[event]}=${options.strict ? '' : '-'}${execLine(hookRunCommand(target, event, options))}`),
  ];
  return `${lines.join('\n')}\n`;
}

function hookRunCommand(target: HookTarget, event: 'start' | 'reload', options: HookDropInOptions): string[] {
  return [
    SYSTEMD_CAT,
    `--identifier=${JOURNAL_IDENTIFIER}`,
    ...options.command,
    'hook',
    'run',
    '--unit',
    target.unit,
    '--event',
    event,
    ...(target.verifyOnly ? ['--settle', String(FIREWALLD_SETTLE_MS)] : []),
    ...(options.boundMs !== null ? ['--bound', String(options.boundMs)] : []),
    ...(options.dockerHost !== null ? ['--docker-host', options.dockerHost] : []),
    ...(options.strict ? ['--fail-on', 'error'] : []),
    ...(options.fix && !target.verifyOnly ? ['--fix', '--yes'] : []),
  ];
}

/**
 * The declarative alternative, for docker.service: PartOf= makes systemd stop or restart dockerd whenever one of the
 * firewall services stops or restarts, and After= starts dockerd only once the firewall has loaded its rules, so
 * dockerd rebuilds its chains on top. A reload is not propagated (dockerd has no reload that rebuilds rules).
 */
export function restartDropIn(units: readonly FirewallUnit[]): string {
  const list = units.join(' ');
  return [
    DROP_IN_MARKER,
    `# Restarts dockerd (and, without live-restore, every container) whenever ${list} stops or restarts,`,
    '# so that dockerd rebuilds the iptables rules the firewall service has just flushed.',
    '[Unit]',
    `PartOf=${list}`,
    `After=${list}`,
    '',
  ].join('\n');
}
