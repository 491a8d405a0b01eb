import type { Severity } from '../engine/types.js';
import { prefixLengthFor, type CapacityVerdict, type ServiceDemand } from './capacity.js';

/** What a capacity finding says about one overlay network, for DD210 (live) and DD309 (compose). */
export interface CapacityText {
  severity: Severity;
  message: string;
  /** The smallest prefix length that holds the peak within the fill threshold; null beyond /8. */
  fitsIn: number | null;
  evidence: Record<string, unknown>;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function serviceList(services: readonly ServiceDemand[]): string {
  return services.map((s) => `${s.service} ${plural(s.tasks, 'task')}${s.vip ? ' + 1 virtual IP' : ''}`).join(', ');
}

/**
 * The finding's words: the network, the addresses it has, what each service takes, how many tasks wait, the peak of
 * a rolling update, and the subnet size that would hold it.
 */
export function describeCapacity(network: string, size: string, verdict: CapacityVerdict, services: readonly ServiceDemand[], nodesText: string, fillPercent: number): CapacityText {
  const fitsIn = prefixLengthFor(verdict.peak, fillPercent);
  const needs = `${serviceList(services)}, ${plural(verdict.loadBalancers, 'load-balancer address', 'load-balancer addresses')} (${nodesText})`;
  const peak = `A rolling update holds ${plural(verdict.headroom, 'more address', 'more addresses')} (update_config parallelism, twice that with order start-first): ${verdict.peak} at the peak`;
  const fit = fitsIn === null ? 'No IPv4 subnet holds that many.' : `A /${fitsIn} holds the peak within ${fillPercent}%.`;
  const evidence = { network, subnet: size, usable: verdict.usable, tasks: verdict.tasks, virtualIps: verdict.vips, loadBalancers: verdict.loadBalancers, steady: verdict.steady, headroom: verdict.headroom, peak: verdict.peak, pendingTasks: verdict.pendingTasks, fillPercent, fitsIn: fitsIn === null ? null : `/${fitsIn}` };
  if (verdict.level === 'error') {
    return {
      severity: 'error',
      fitsIn,
      evidence,
      message: `Overlay network ${network} (${size}) has ${verdict.usable} addresses for tasks, but its services need ${verdict.steady}: ${needs}. ${plural(verdict.pendingTasks, 'task')} get no address and stay pending ("could not find an available IP" in the manager's log). ${peak}. ${fit}`,
    };
  }
  return {
    severity: 'warning',
    fitsIn,
    evidence,
    message: `Overlay network ${network} (${size}) has ${verdict.usable} addresses for tasks. Its services take ${verdict.steady}: ${needs}. ${peak}, over ${fillPercent}% of the ${verdict.usable}. ${fit}`,
  };
}
