import type { RuleContext } from '../../src/engine/types.js';

export function ruleContext(engineVersion: string): RuleContext {
  return { engineVersion, rules: [], settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } } };
}
