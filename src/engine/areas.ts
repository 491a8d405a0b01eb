import type { FactName } from '../snapshot/schema.js';
import type { Area } from './types.js';

/** Where problems with gathering a fact are shown in the text report. */
export const FACT_AREA: Record<FactName, Area> = {
  daemonConfig: 'daemon',
  systemdUnits: 'daemon',
  engine: 'engine',
  installedEngine: 'engine',
  swarm: 'engine',
  ingressSandbox: 'firewall',
  iptables: 'firewall',
  ip6tables: 'firewall',
  savedRules: 'firewall',
  sysctls: 'firewall',
  nftablesConf: 'firewall',
  nftRuleset: 'firewall',
  firewallUnitStates: 'firewall',
  firewalld: 'firewall',
  nftablesConfigFiles: 'firewall',
  nftInputChains: 'firewall',
  routes: 'pools',
  addresses: 'pools',
  resolvConf: 'pools',
  compose: 'compose',
};
