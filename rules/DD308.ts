import { composeModel } from '../src/compose/compose-model.js';
import type { Rule, RuleResult } from '../src/engine/types.js';

const rule: Rule = {
  id: 'DD308',
  title: 'Compose static address is empty, so compose ignores it',
  severity: 'info',
  area: 'compose',
  needs: ['compose'],
  versionIndependent: true,
  summary:
    "A service's ipv4_address or ipv6_address is empty (usually a variable without a value): compose drops it, the container gets a dynamic address from the engine and `up` works, which may not be what the file means.",
  check(snapshot) {
    const model = composeModel(snapshot);
    if (!model) return [];
    return model.projects.flatMap((project) =>
      project.emptyAddresses.map((empty): RuleResult => {
        const unset = project.unsetVariables
          .filter((variable) => variable.location.file === empty.location.file && variable.location.line === empty.location.line)
          .map((variable) => variable.name);
        const why = unset.length > 0 ? `${unset.join(', ')} has no value and no default` : 'it is written empty';
        return {
          subject: `service:${project.name}/${empty.service}`,
          location: empty.location,
          message: `${empty.field} of service ${empty.service} on network ${empty.network} is empty (${why}): compose ignores it and the container gets a dynamic address.`,
          evidence: { project: project.name, service: empty.service, network: empty.network, field: empty.field, ...(unset.length > 0 ? { unsetVariables: unset } : {}) },
          fix: { text: unset.length > 0 ? `Set ${unset.join(', ')} (in .env or the environment) if the service needs a fixed address, or remove ${empty.field}.` : `Remove the empty ${empty.field}, or write the address the service needs.` },
        };
      }),
    );
  },
};

export default rule;
