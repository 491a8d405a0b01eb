import { commandPath } from './availability.js';
import { outputOrThrow, run } from './command.js';

/**
 * The host netns's IPv4 and IPv6 rulesets, without the timestamp comments and packet counters that change
 * on their own: two calls give the same text unless someone changed the host's firewall.
 */
export async function hostFirewallRules(): Promise<string> {
  const texts: string[] = [];
  for (const tool of ['iptables-save', 'ip6tables-save'] as const) {
    const saved = outputOrThrow(await run(commandPath(tool), []), tool);
    const stable = saved
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .map((line) => line.replace(/ \[\d+:\d+\]$/, ''))
      .join('\n');
    texts.push(`${tool}:\n${stable}`);
  }
  return texts.join('\n');
}
