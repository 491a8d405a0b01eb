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
    if (engine.swarm.state !== '' && engine.swarm.state !== 'inactive') {
      // dockerd refuses live-restore on a swarm node (IsSwarmCompatible, daemon/config/config_unix.go at v20.10.24;
      // config_linux.go at v28.5.2 and docker-v29.7.2): the way to restart without losing work is to drain first.
      const node = available(snapshot.facts.swarm)?.nodeId || 'NODE';
      return [
        {
          subject: 'engine:live-restore',
          message: `live-restore is off, and this node is in swarm mode (${engine.swarm.state}), which dockerd does not allow it with ("--live-restore daemon configuration is incompatible with swarm mode"): restarting dockerd, which is how its firewall rules are rebuilt (DD401), stops ${runningContainers(running)}; those without a restart policy stay stopped afterwards.`,
          evidence: { liveRestore: false, running, swarmState: engine.swarm.state },
          fix: {
            text: 'Do not set live-restore here: with it the node cannot take part in the swarm. Drain the node before restarting dockerd (from a manager), so swarm moves its service tasks to the other nodes, then make it active again.',
            commands: [`docker node update --availability drain ${node}`, 'systemctl restart docker', `docker node update --availability active ${node}`],
          },
        },
      ];
    }
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
