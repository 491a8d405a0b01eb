import { isUnavailable, type Fact } from '../snapshot/fact.js';
import type { SavedRulesFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';

/** Where iptables-services (EL) and netfilter-persistent (Debian/Ubuntu) keep the rules they restore. */
export const SAVED_RULES_FILES: { path: string; family: 4 | 6 }[] = [
  { path: '/etc/sysconfig/iptables', family: 4 },
  { path: '/etc/sysconfig/ip6tables', family: 6 },
  { path: '/etc/iptables/rules.v4', family: 4 },
  { path: '/etc/iptables/rules.v6', family: 6 },
];

export async function gatherSavedRules(
  root: string,
  explicit: { path: string; family: 4 | 6 }[] | undefined,
  io: HostIo = LIVE_HOST_IO,
): Promise<Fact<SavedRulesFact>> {
  const candidates = explicit ?? SAVED_RULES_FILES;
  const files: SavedRulesFact['files'] = [];
  for (const candidate of candidates) {
    const file = await io.readFile(explicit ? candidate.path : hostPath(root, candidate.path), candidate.path, 'savedRules');
    if (isUnavailable(file)) return file;
    files.push({ ...file, family: candidate.family });
  }
  return { files };
}
