import { daemonConfigModel } from '../src/daemon/config.js';
import { classifiedDaemonKeys } from '../src/daemon/keys.js';
import type { Rule } from '../src/engine/types.js';

const rule: Rule = {
  id: 'DD102',
  title: 'daemon.json has keys dockerd rejects',
  severity: 'error',
  area: 'daemon',
  needs: ['daemonConfig'],
  summary: `daemon.json has keys dockerd rejects ("the following directives don't match any configuration option"); dockerd will not start.`,
  check(snapshot, context) {
    const rejected = classifiedDaemonKeys(snapshot)(context.engineVersion).filter((k) => k.verdict.kind === 'rejected');
    const path = daemonConfigModel(snapshot)?.path ?? 'daemon.json';
    // dockerd lists them in Go map order, which is random; file order is as good and stable.
    const dockerdSays = `unable to configure the Docker daemon with file ${path}: the following directives don't match any configuration option: ${rejected.map((k) => k.key).join(', ')}`;
    return rejected.map((key) => ({
      subject: `key:${key.parent ? `${key.parent}.` : ''}${key.key}`,
      location: { file: path, line: key.at.line, column: key.at.column },
      message: `"${key.key}"${key.parent ? ` (inside "${key.parent}", which dockerd flattens)` : ''} is not a configuration option of Docker ${context.engineVersion}: dockerd refuses to start with "${dockerdSays}".`,
      evidence: { key: key.key, ...(key.parent ? { parent: key.parent } : {}), engineVersion: context.engineVersion, rejectedKeys: rejected.map((k) => k.key) },
      fix: {
        text: `Remove "${key.key}" from ${path} or correct its spelling (\`dockerd --help\` lists the options; daemon.json uses the long flag names, with plural names for list options such as "labels" and "dns-opts").`,
      },
    }));
  },
};

export default rule;
