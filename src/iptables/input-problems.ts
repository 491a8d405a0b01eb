import type { Area, InputProblem } from '../engine/types.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import { hostFirewall } from './host.js';

export interface SavedRulesProblem extends InputProblem {
  area: Area;
  /** error: restoring the file fails on this host; warning: it loads, but not as written. */
  severity: 'error' | 'warning';
}

const BACKEND_NAME = { nft: 'nf_tables', legacy: 'legacy' } as const;

/**
 * Parse problems of the saved rules files (/etc/sysconfig/iptables, /etc/iptables/rules.v4, ...), with file:line:col,
 * for DD001. A line only one backend refuses (corpus N2) is an error when this host's `iptables` is that backend:
 * the next `systemctl restart iptables` stops at it and loads nothing of that table.
 */
export function savedRulesInputProblems(snapshot: Snapshot): SavedRulesProblem[] {
  const out: SavedRulesProblem[] = [];
  for (const saved of hostFirewall(snapshot).saved) {
    const backend = available(saved.family === 4 ? snapshot.facts.iptables : snapshot.facts.ip6tables)?.backend;
    for (const p of saved.ruleset.problems) {
      const hitsThisHost = p.failsOn !== undefined && backend === BACKEND_NAME[p.failsOn];
      out.push({
        file: saved.file,
        line: p.line,
        ...(p.column !== undefined ? { column: p.column } : {}),
        message: hitsThisHost ? `${p.message}; this host's ${saved.family === 4 ? 'iptables' : 'ip6tables'} is ${backend}, so restoring the file fails here` : p.message,
        area: 'firewall',
        severity: p.severity === 'error' || hitsThisHost ? 'error' : 'warning',
      });
    }
  }
  return out;
}
