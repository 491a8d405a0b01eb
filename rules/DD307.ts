import { composeModel } from '../src/compose/compose-model.js';
import type { Rule, RuleResult } from '../src/engine/types.js';

const rule: Rule = {
  id: 'DD307',
  title: 'Compose reference dockdoc did not follow',
  severity: 'info',
  area: 'compose',
  needs: ['compose'],
  versionIndependent: true,
  summary:
    'An include or extends names a remote resource (git, OCI) or a file dockdoc did not read: what it defines is unknown, so references to undefined networks are not reported for that project; the other checks run on what is known.',
  check(snapshot) {
    const model = composeModel(snapshot);
    if (!model) return [];
    return model.projects.flatMap((project) =>
      project.unfollowed.map(
        (reference): RuleResult => ({
          subject: `project:${project.name}`,
          location: reference.location,
          message: `Project ${project.name}: ${reference.message}.`,
          evidence: { project: project.name },
          fix: { text: 'Lint a local copy of the referenced files (include a local path instead of a remote one), or accept that dockdoc checks only the part of the project it can read.' },
        }),
      ),
    );
  },
};

export default rule;
