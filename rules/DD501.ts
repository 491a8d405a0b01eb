import type { Rule } from '../src/engine/types.js';
import { available } from '../src/snapshot/fact.js';
import { runningContainers } from '../src/text/plural.js';

const rule: Rule = {
  id: 'DD501',
  title: 'live-restore is off',
  severity: 'info',
  area: 'engine',
  needs: ['engine'],
  versionIndependent: true,
  summary:
    '`live-restore` is off, so restarting dockerd (the way to rebuild its firewall rules) also stops every container, and containers without a restart policy stay stopped.',
  check(snapshot) {
    const engine = available(snapshot.facts.engine);
    if (!engine || engine.liveRestore) return [];
    const running = engine.containers.filter((c) => c.state === 'running').map((c) => c.name);
    return [
      {
        subject: 'engine:live-restore',
        message: `live-restore is off: restarting dockerd, which is how its firewall rules are rebuilt (DD401), stops ${runningContainers(running)}; those without a restart policy stay stopped afterwards.`,
        evidence: { liveRestore: false, running },
        fix: {
          text: 'Set `"live-restore": true` in daemon.json and apply it with `systemctl reload docker` (SIGHUP; no restart needed). Containers then keep running while dockerd restarts. It does not work with swarm mode.',
        },
      },
    ];
  },
};

export default rule;
