import { targetOf, type Rule } from '../ruleset.js';

/** Chains dockerd creates and rebuilds at start (DOCKER-USER is the user's: only its `-j RETURN` is Docker's). */
const DOCKER_CHAINS: ReadonlySet<string> = new Set([
  'DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-ISOLATION-STAGE-2', 'DOCKER-FORWARD', 'DOCKER-CT', 'DOCKER-BRIDGE',
  'DOCKER-INTERNAL', 'DOCKER-INGRESS', 'DOCKER-ISOLATION',
]);

/**
 * A rule Docker put there (or left behind): in one of its chains, its DOCKER-USER `-j RETURN`, a jump into its chains,
 * or a rule about one of its bridges. Such rules are Docker's to manage, never the saved file's, so the saved-vs-live
 * comparisons (DD402, DD403) leave them out.
 */
export function isDockerRule(rule: Rule): boolean {
  if (isDockerChain(rule.chain) || isPortMasquerade(rule)) return true;
  if (rule.chain === 'DOCKER-USER' && rule.text === '-j RETURN') return true;
  // Read off the canonical text: `-i`/`-o` and the target are printed in fixed places (R1), and a host with tens of
  // thousands of rules must not parse each one.
  const target = targetOf(rule.text);
  if (target !== undefined && (DOCKER_CHAINS.has(target) || target === 'DOCKER-USER')) return true;
  return DOCKER_INTERFACE.test(rule.text);
}

/** One of the chains dockerd creates and rebuilds: every rule in it is Docker's. */
export function isDockerChain(chain: string): boolean {
  return DOCKER_CHAINS.has(chain);
}

const DOCKER_INTERFACE = /^(?:(?:! )?-[sd] \S+ )*(?:! )?-[io] (?:docker0|br-[0-9a-f]{12})(?: |$)|^(?:(?:! )?-[sd] \S+ )*(?:! )?-i \S+ (?:! )?-o (?:docker0|br-[0-9a-f]{12})(?: |$)/;

/**
 * Docker's per-port hairpin rule, `-s X/32 -d X/32 -p P -m P --dport N -j MASQUERADE`, which names no bridge. Read off
 * the canonical text: a big host has thousands, and parsing each costs more than this test.
 */
const PORT_MASQUERADE = /^-s ([^ /]+)\/(?:32|128) -d \1\/(?:32|128) -p \S+ -m \S+ --dport \d+ -j MASQUERADE$/;

function isPortMasquerade(rule: Rule): boolean {
  return rule.chain === 'POSTROUTING' && PORT_MASQUERADE.test(rule.text);
}
