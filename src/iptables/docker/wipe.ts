import type { FirewallService } from '../services.js';
import type { DockerDrift } from './drift.js';
import type { DockerExpectation } from './expected.js';

/** How Docker's state was lost, read from which tables lost all of Docker's chains (corpus 06 vs 08). */
export type WipePattern = 'all-tables' | 'filter-only' | 'nat-only' | 'rules-only';

export interface WipeCause {
  service: FirewallService;
  /** The service's restart effect matches what is missing. */
  consistent: boolean;
  why: string;
}

export interface Wipe {
  pattern: WipePattern;
  description: string;
  /** Candidates, the consistent ones first. */
  causes: WipeCause[];
}

const DESCRIPTIONS: Record<WipePattern, string> = {
  'all-tables': "Docker's chains are gone from both filter and nat: every table was flushed",
  'filter-only': "Docker's filter chains are gone while nat is intact: only the filter table was replaced, as iptables-restore of a filter-only rules file does",
  'nat-only': "Docker's nat chain is gone while filter is intact: only the nat table was replaced",
  'rules-only': "Docker's chains exist but some of its rules are missing: they were deleted one by one, or dockerd failed to add them",
};

function tablesOf(text: string): Set<string> {
  return new Set([...text.matchAll(/^\*(\S+)/gm)].map((m) => m[1] as string));
}

export function wipeOf(drift: DockerDrift, expectation: DockerExpectation, services: FirewallService[]): Wipe {
  const lost = (table: 'filter' | 'nat'): boolean => {
    const expected = expectation.chains.filter((c) => c.family === drift.family && c.table === table);
    return expected.length > 0 && expected.every((c) => drift.missingChains.some((m) => m.table === table && m.chain === c.chain));
  };
  const filter = lost('filter');
  const nat = lost('nat');
  const pattern: WipePattern = filter && nat ? 'all-tables' : filter ? 'filter-only' : nat ? 'nat-only' : 'rules-only';
  const causes = services
    .filter((s) => s.family === 'both' || s.family === drift.family)
    .map((service): WipeCause => cause(service, pattern))
    .sort((a, b) => Number(b.consistent) - Number(a.consistent));
  return { pattern, description: DESCRIPTIONS[pattern], causes };
}

function cause(service: FirewallService, pattern: WipePattern): WipeCause {
  switch (service.effect) {
    case 'all-tables':
      return {
        service,
        consistent: pattern === 'all-tables',
        why:
          service.unit === 'nftables.service'
            ? `${service.rulesFile?.path ?? '/etc/nftables.conf'} starts with \`flush ruleset\`, which empties every table`
            : 'on the legacy backend its stop() flushes every table before restoring the file (EL7 behaviour)',
      };
    case 'flush-and-restore':
      if (pattern === 'all-tables') {
        return { service, consistent: true, why: `its stop() flushes every table before restoring ${service.rulesFile?.path ?? "its rules file"} (EL7, legacy backend)` };
      }
      return restoring(service, pattern, ' (EL8/9, nf_tables: stop() flushes nothing)');
    case 'file-tables':
      return restoring(service, pattern, '');
    case 'none':
      return { service, consistent: false, why: 'dockerd re-applies its rules when firewalld signals a reload, so a reload alone should not leave them missing' };
  }
}

function restoring(service: FirewallService, pattern: WipePattern, note: string): WipeCause {
  const file = service.rulesFile;
  const tables = file?.text ? tablesOf(file.text) : new Set<string>();
  const replaced = [...tables].sort().map((t) => `*${t}`).join(', ');
  const consistent =
    (pattern === 'filter-only' && tables.has('filter') && !tables.has('nat')) ||
    (pattern === 'nat-only' && tables.has('nat') && !tables.has('filter')) ||
    (pattern === 'all-tables' && tables.has('filter') && tables.has('nat'));
  return {
    service,
    consistent,
    why: file
      ? `restoring ${file.path} (${replaced || 'no tables'}) replaces every table it names, deleting Docker's chains there${note}`
      : `it restores its rules file with iptables-restore, replacing every table the file names${note}`,
  };
}

/** "iptables-services (`systemctl restart iptables`): restoring /etc/sysconfig/iptables (*filter) replaces ..." */
export function describeCause(c: WipeCause): string {
  return `${c.service.name} (\`${c.service.command}\`): ${c.why}`;
}
