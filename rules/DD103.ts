import { daemonConfigModel } from '../src/daemon/config.js';
import { classifiedDaemonKeys } from '../src/daemon/keys.js';
import type { Rule } from '../src/engine/types.js';

const rule: Rule = {
  id: 'DD103',
  title: 'daemon.json has a key dockerd silently ignores',
  severity: 'warning',
  area: 'daemon',
  needs: ['daemonConfig'],
  summary:
    'A key dockerd accepts but silently ignores: a flag name instead of the config key (`default-address-pool`, `label`, `insecure-registry`, ...), or a setting nested where dockerd does not read it.',
  check(snapshot, context) {
    const path = daemonConfigModel(snapshot)?.path ?? 'daemon.json';
    return classifiedDaemonKeys(snapshot)(context.engineVersion)
      .filter((key) => key.verdict.kind === 'ignored')
      .map((key) => {
        const use = key.verdict.kind === 'ignored' ? key.verdict.use : undefined;
        const name = `${key.parent ? `${key.parent}.` : ''}${key.key}`;
        return {
          subject: `key:${name}`,
          location: { file: path, line: key.at.line, column: key.at.column },
          message: `"${name}" is accepted by Docker ${context.engineVersion} but sets nothing: dockerd starts and silently uses its default${use ? `, because the setting is called "${use}"` : ''}.`,
          evidence: { key: key.key, ...(key.parent ? { parent: key.parent } : {}), engineVersion: context.engineVersion, ...(use ? { use } : {}) },
          fix: use
            ? { text: `Set "${use}" instead of "${name}" in ${path} (a dotted name is a key inside that object), then restart dockerd: network settings are not reloaded by SIGHUP.` }
            : { text: `Remove "${name}" from ${path}: this engine cannot set it from the file.` },
        };
      });
  },
};

export default rule;
