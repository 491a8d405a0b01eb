import { describe, expect, it } from 'vitest';
import { parseDaemonConfig } from '../../src/daemon/config.js';
import { formatPrefix, type Prefix } from '../../src/net/prefix.js';
import { poolBehaviour } from '../../src/pools/behaviour.js';
import { SimulatedDaemon, type CreateResult } from '../../src/pools/daemon.js';
import { bridgeSettings, effectiveLocalPools } from '../../src/pools/effective.js';
import { hostReservations } from '../../src/pools/host.js';
import { networkSettings } from '../../src/pools/settings.js';
import type { RouteEntry } from '../../src/snapshot/schema.js';
import { experimentNames, readExperiment, routeFromText, scenarios, type Attempt } from './corpus-support.js';

/**
 * Every sequence of corpus/pools (real dockerd 20.10.24 runs), replayed from its inputs through the pool model:
 * docker0's subnet, each `docker network create` result or exact error, and refusals to start.
 */
describe('corpus/pools sequences reproduced from their inputs (dockerd 20.10.24)', () => {
  it('covers every experiment of the corpus', () => {
    expect(Object.keys(scenarios.experiments).sort()).toEqual(experimentNames());
  });

  for (const name of experimentNames()) {
    it(name, () => {
      const { daemonJson, result } = readExperiment(name);
      const scenario = scenarios.experiments[name]!;
      const version = scenarios.engineVersion;
      const behaviour = poolBehaviour(version);
      const settings = networkSettings(parseDaemonConfig('/etc/docker/daemon.json', daemonJson), undefined, version);

      const refusal = settings.pools.problems.find((p) => p.dockerdError !== null);
      if (refusal) {
        expect(result.daemon_started).toBe(false);
        expect(result.daemon_error_lines).toEqual([refusal.dockerdError]);
        return;
      }
      expect(result.daemon_started).toBe(true);

      let routes: RouteEntry[] = (scenario.routesBeforeStart ?? []).map(routeFromText);
      const reservations = (): ReturnType<typeof hostReservations> => hostReservations(routes, scenarios.nameservers, behaviour);
      const daemon = new SimulatedDaemon(behaviour, effectiveLocalPools(settings, behaviour, null), bridgeSettings(settings), reservations());

      const started = daemon.start();
      expect('docker0' in started && formatPrefix(started.docker0)).toBe(result.default_bridge_docker0![0]!.Subnet);

      const attempts = [...result.attempts];
      const networks = new Map<string, Prefix[]>();
      const replay = (created: string, outcome: CreateResult): boolean => {
        const attempt = attempts.shift() as Attempt;
        expect(attempt.name).toBe(created);
        if ('error' in outcome) {
          expect(attempt.rc).toBe(1);
          expect(outcome.error).toBe(attempt.error!.trimEnd());
          return false;
        }
        expect(attempt.rc).toBe(0);
        expect(outcome.inspect.join(',')).toBe(attempt.subnet);
        networks.set(created, outcome.subnets);
        return true;
      };

      for (const step of scenario.steps) {
        if ('addRoutes' in step) {
          routes = [...routes, ...step.addRoutes.map(routeFromText)];
          daemon.host = reservations();
        } else if ('create' in step) {
          const { name: network, ...request } = step.create;
          replay(network, daemon.create(request));
        } else if ('createUntilFailure' in step) {
          const { prefix, max } = step.createUntilFailure;
          for (let i = 1; i <= max; i++) {
            // `seq -w 1 MAX` pads to the width of MAX.
            if (!replay(`${prefix}${String(i).padStart(String(max).length, '0')}`, daemon.create())) break;
          }
        } else if ('remove' in step) {
          for (const network of step.remove) {
            for (const subnet of networks.get(network) ?? []) daemon.remove(subnet);
            networks.delete(network);
          }
        } else {
          expect('docker0' in daemon.restart()).toBe(true);
        }
      }
      expect(attempts).toEqual([]);
    });
  }
});
