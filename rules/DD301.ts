import { composeModel } from '../src/compose/compose-model.js';
import type { ComposeIpamConfig, ComposeNetwork, ComposeProject } from '../src/compose/model.js';
import { engineChecksIpamEntry } from '../src/compose/ipam-validation.js';
import { engineAtLeast } from '../src/engine/version.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { AddressError, formatPrefix, parseCidr } from '../src/net/prefix.js';

/** 25.0 validates IPAM in the API (ValidateIPAM, PR #45759); before, host bits were accepted and stored as written. */
const VALIDATED_FROM = '25.0.0';

function checkSubnet(project: ComposeProject, network: ComposeNetwork, config: ComposeIpamConfig, engineVersion: string): RuleResult | null {
  const subnet = config.subnet;
  if (!subnet) return null;
  const validated = engineAtLeast(engineVersion, VALIDATED_FROM);
  const base = { project: network.project, network: network.name, subnet: subnet.value, engineVersion };
  let parsed;
  try {
    parsed = parseCidr(subnet.value);
  } catch (error) {
    if (!(error instanceof AddressError)) throw error;
    const engineSays = validated
      ? `invalid subnet ${subnet.value}: invalid CIDR block notation`
      : `Invalid subnet ${subnet.value} : invalid CIDR address: ${subnet.value}`;
    const unset = project.unsetVariables
      .filter((variable) => variable.location.file === subnet.location.file && variable.location.line === subnet.location.line)
      .map((variable) => variable.name);
    const why = unset.length > 0 ? `${unset.join(', ')} has no value and no default` : 'an empty value';
    return {
      subject: `network:${network.name}`,
      location: subnet.location,
      message:
        subnet.value === ''
          ? `The subnet of network ${network.name} is empty after interpolation (${why}), so \`up\` fails creating it.`
          : `Subnet "${subnet.value}" of network ${network.name} is not a CIDR (address/prefix-length), so \`up\` fails creating it: "${engineSays}".`,
      evidence: { ...base, ...(unset.length > 0 ? { unsetVariables: unset } : {}) },
      fix: { text: 'Write the subnet as a network address with a prefix length, e.g. 10.20.0.0/24, or give its variable a value or a default (${VAR:-10.20.0.0/24}).' },
    };
  }
  if (!parsed.hasHostBits || !engineChecksIpamEntry(network, parsed.prefix, engineVersion)) return null;
  const expected = formatPrefix(parsed.prefix);
  return {
    subject: `network:${network.name}`,
    location: subnet.location,
    severity: validated ? 'error' : 'warning',
    message: validated
      ? `Subnet ${subnet.value} of network ${network.name} has host bits set: Docker ${engineVersion} refuses it with "invalid subnet ${subnet.value}: it should be ${expected}".`
      : `Subnet ${subnet.value} of network ${network.name} has host bits set: Docker ${engineVersion} accepts it and stores it as written, but Docker 25.0 and later refuse it ("invalid subnet ${subnet.value}: it should be ${expected}").`,
    evidence: { ...base, expected },
    fix: { text: `Write the network address: subnet: ${expected}` },
  };
}

const rule: Rule = {
  id: 'DD301',
  title: 'Compose subnet is not a valid network address',
  severity: 'error',
  area: 'compose',
  needs: ['compose'],
  summary: 'A compose ipam subnet is not a valid CIDR, or has host bits set (the engine refuses it from 25.0 on).',
  check(snapshot, context) {
    const model = composeModel(snapshot);
    if (!model) return [];
    return model.projects.flatMap((project) =>
      project.networks
        .filter((network) => !network.external)
        .flatMap((network) => network.ipam.map((config) => checkSubnet(project, network, config, context.engineVersion)))
        .filter((result): result is RuleResult => result !== null),
    );
  },
};

export default rule;
