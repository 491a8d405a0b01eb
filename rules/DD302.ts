import { composeModel, createdNetworks } from '../src/compose/compose-model.js';
import type { ComposeNetwork, Located } from '../src/compose/model.js';
import { engineChecksIpamEntry } from '../src/compose/ipam-validation.js';
import { engineAtLeast } from '../src/engine/version.js';
import type { Rule, RuleResult } from '../src/engine/types.js';
import { containsAddress, containsPrefix, formatPrefix, parseCidr, tryAddress, tryPrefix, type Prefix } from '../src/net/prefix.js';

/** 25.0 checks IPAM fields in the API with these texts (ValidateIPAM, PR #45759); earlier engines fail later. */
const VALIDATED_FROM = '25.0.0';

const FIX_SUBNET_MEMBERS = 'Keep gateway, ip_range and aux_addresses inside the subnet of the same ipam.config entry (or correct the subnet).';

const rule: Rule = {
  id: 'DD302',
  title: 'Compose address lies outside its subnet',
  severity: 'error',
  area: 'compose',
  needs: ['compose'],
  summary:
    "A compose gateway, ip_range, aux_addresses entry or a service's ipv4_address/ipv6_address is not a valid address or lies outside its network's subnet.",
  check(snapshot, context) {
    const model = composeModel(snapshot);
    if (!model) return [];
    const validated = engineAtLeast(context.engineVersion, VALIDATED_FROM);
    const results: RuleResult[] = [];
    const report = (network: ComposeNetwork, value: Located<string>, message: string, evidence: Record<string, unknown>, fix: string): void => {
      results.push({
        subject: `network:${network.name}`,
        location: value.location,
        message,
        evidence: { project: network.project, network: network.name, ...evidence },
        fix: { text: fix },
      });
    };
    const networks = createdNetworks(model);
    for (const network of networks) {
      for (const config of network.ipam) {
        const subnet = config.subnet ? tryPrefix(config.subnet.value) : null;
        if (!subnet || !config.subnet || !engineChecksIpamEntry(network, subnet, context.engineVersion)) continue;
        const subnetText = config.subnet.value;
        if (config.ipRange) {
          const range = tryPrefix(config.ipRange.value);
          const rangeText = config.ipRange.value;
          if (!range) {
            report(network, config.ipRange, `ip_range "${rangeText}" of network ${network.name} is not a CIDR.`, { ipRange: rangeText, subnet: subnetText }, FIX_SUBNET_MEMBERS);
          } else if (range.family !== subnet.family) {
            report(
              network,
              config.ipRange,
              `ip_range ${rangeText} of network ${network.name} is an IPv${range.family} block in the IPv${subnet.family} subnet ${subnetText}: ${validated ? `Docker ${context.engineVersion} refuses it ("invalid ip-range ${rangeText}: parent subnet is an IPv${subnet.family} block")` : '`up` fails creating the network'}.`,
              { ipRange: rangeText, subnet: subnetText },
              FIX_SUBNET_MEMBERS,
            );
          } else if (parseCidr(rangeText).hasHostBits) {
            // ValidateIPAM (25.0) refuses host bits in ip_range; older engines masked it (libnetwork ipam RequestPool).
            const expected = formatPrefix(range);
            results.push({
              subject: `network:${network.name}`,
              location: config.ipRange.location,
              severity: validated ? 'error' : 'warning',
              message: validated
                ? `ip_range ${rangeText} of network ${network.name} has host bits set: Docker ${context.engineVersion} refuses it with "invalid ip-range ${rangeText}: it should be ${expected}".`
                : `ip_range ${rangeText} of network ${network.name} has host bits set: Docker ${context.engineVersion} accepts it and stores it as written, but Docker 25.0 and later refuse it ("invalid ip-range ${rangeText}: it should be ${expected}").`,
              evidence: { project: network.project, network: network.name, ipRange: rangeText, subnet: subnetText, expected, engineVersion: context.engineVersion },
              fix: { text: `Write the range's network address: ip_range: ${expected}` },
            });
          }
          if (range && range.family === subnet.family && !containsPrefix(subnet, range)) {
            const reason = range.length < subnet.length ? 'CIDR block is bigger than its parent subnet ' + subnetText : `parent subnet ${subnetText} doesn't contain ip-range`;
            report(
              network,
              config.ipRange,
              `ip_range ${rangeText} of network ${network.name} is not inside its subnet ${subnetText}: ${validated ? `Docker ${context.engineVersion} refuses it ("invalid ip-range ${rangeText}: ${reason}")` : 'containers get addresses outside the subnet, or creation fails'}.`,
              { ipRange: rangeText, subnet: subnetText },
              FIX_SUBNET_MEMBERS,
            );
          }
        }
        const members: { what: string; name: string | null; value: Located<string> }[] = [
          ...(config.gateway ? [{ what: 'gateway', name: null, value: config.gateway }] : []),
          ...config.auxAddresses.map((aux) => ({ what: 'aux_addresses', name: aux.name, value: aux.address })),
        ];
        for (const member of members) {
          const label = member.name ? `aux_addresses.${member.name}` : 'gateway';
          const address = tryAddress(member.value.value);
          if (!address) {
            report(network, member.value, `${label} "${member.value.value}" of network ${network.name} is not an IP address.`, { [member.what]: member.value.value, subnet: subnetText }, FIX_SUBNET_MEMBERS);
            continue;
          }
          if (containsAddress(subnet, address.family, address.value)) continue;
          const engineSays = member.name
            ? validated
              ? `invalid auxiliary address ${member.name}: parent subnet ${subnetText} doesn't contain this address`
              : `auxiliary address: (${member.name}:${member.value.value}) must belong to the master pool: ${formatPrefix(subnet)}`
            : validated
              ? `invalid gateway ${member.value.value}: parent subnet ${subnetText} doesn't contain this address`
              : null;
          report(
            network,
            member.value,
            `${label} ${member.value.value} of network ${network.name} is outside its subnet ${subnetText}, so \`up\` fails creating the network${engineSays ? `: "${engineSays}"` : ''}.`,
            { [member.what]: member.value.value, ...(member.name ? { name: member.name } : {}), subnet: subnetText },
            FIX_SUBNET_MEMBERS,
          );
        }
      }
    }
    // Most endpoints set no address: only those that do are looked up.
    const addressed = model.projects.flatMap((project) =>
      project.endpoints.filter((endpoint) => endpoint.ipv4Address || endpoint.ipv6Address).map((endpoint) => ({ project, endpoint })),
    );
    const byProjectAndKey = new Map(
      addressed.length === 0 ? [] : model.projects.flatMap((project) => project.networks.map((network) => [`${project.name}\u0000${network.key}`, network] as const)),
    );
    for (const { project, endpoint } of addressed) {
      const network = byProjectAndKey.get(`${project.name}\u0000${endpoint.network}`);
      if (!network || network.external) continue;
      const subnets = network.ipam.flatMap((config) => (config.subnet ? [tryPrefix(config.subnet.value)] : [])).filter((p): p is Prefix => p !== null);
      for (const [field, value] of [['ipv4_address', endpoint.ipv4Address], ['ipv6_address', endpoint.ipv6Address]] as const) {
        if (!value) continue;
        const evidence = { service: endpoint.service, [field]: value.value, subnets: subnets.map(formatPrefix) };
        const fix = `Give service ${endpoint.service} an address inside a subnet of network ${endpoint.network}, or declare that subnet under networks.${endpoint.network}.ipam.config.`;
        const address = tryAddress(value.value);
        if (!address) {
          report(network, value, `${field} "${value.value}" of service ${endpoint.service} is not an IP address.`, evidence, fix);
        } else if (network.ipam.every((config) => !config.subnet)) {
          report(
            network,
            value,
            `Service ${endpoint.service} sets ${field} ${value.value} on network ${network.name}, which has no configured subnet: the engine refuses it ("user specified IP address is supported only when connecting to networks with user configured subnets").`,
            evidence,
            fix,
          );
        } else if (!subnets.some((subnet) => containsAddress(subnet, address.family, address.value))) {
          report(
            network,
            value,
            `${field} ${value.value} of service ${endpoint.service} is outside every subnet of network ${network.name} (${subnets.map(formatPrefix).join(', ') || 'none valid'}), so the container cannot start on it.`,
            evidence,
            fix,
          );
        }
      }
    }
    return results;
  },
};

export default rule;
