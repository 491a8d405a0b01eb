import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import { describeError } from '../text/errors.js';
import { DEFAULT_DOCKER_HOST, describeTarget, parseDockerHost, type EngineTarget } from './dockerHost.js';
import type { ApiContainer, ApiNetwork, EngineAnswers, EngineInfo, EngineVersion } from './engineAnswers.js';
import { engineDeadline, getEngineJson } from './engineApi.js';

/**
 * GET /info alone, under its own deadline; never throws. The engine and swarm gatherers both read it (queryEngineApi,
 * querySwarmApi): a run asks once and hands the answer to both.
 */
export async function queryEngineInfo(dockerHost: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<Fact<EngineInfo>> {
  const target = engineTarget(dockerHost);
  if ('unavailable' in target) return target;
  const deadline = engineDeadline(timeoutMs, signal);
  try {
    return (await getEngineJson(target, '/info', deadline.signal)) as EngineInfo;
  } catch (error) {
    const reason = deadline.timedOut() ? `no complete answer within ${timeoutMs} ms` : describeError(error);
    return unavailable(`Docker engine at ${describeTarget(target)} (${addressSource(dockerHost)}) did not answer: ${reason}`);
  } finally {
    deadline.end();
  }
}

/** The shared /info answer when there is one, else this query's own request. */
export async function infoOr(shared: Promise<Fact<EngineInfo>> | undefined, ask: () => Promise<unknown>): Promise<EngineInfo> {
  const answer = shared ? await shared : undefined;
  return answer && !isUnavailable(answer) ? answer : ((await ask()) as EngineInfo);
}

/**
 * Asks the engine API for version, info, networks and containers, under one deadline; never throws. `info`: the run's
 * shared GET /info answer (queryEngineInfo), asked again only when that one failed.
 */
export async function queryEngineApi(dockerHost: string | undefined, timeoutMs: number, signal?: AbortSignal, sharedInfo?: Promise<Fact<EngineInfo>>): Promise<Fact<EngineAnswers>> {
  const target = engineTarget(dockerHost);
  if ('unavailable' in target) return target;
  // One deadline for the four requests: this gatherer's own timeout, or the caller's signal when that comes first.
  const deadline = engineDeadline(timeoutMs, signal);
  const get = (path: string) => getEngineJson(target, path, deadline.signal);
  try {
    const [version, info, networks, containers] = (await Promise.all([
      get('/version'),
      infoOr(sharedInfo, () => get('/info')),
      get('/networks'),
      get('/containers/json?all=1'),
    ])) as [EngineVersion, EngineInfo, ApiNetwork[], ApiContainer[]];
    return { version, info, networks, containers };
  } catch (error) {
    const reason = deadline.timedOut() ? `no complete answer within ${timeoutMs} ms` : describeError(error);
    return unavailable(`Docker engine at ${describeTarget(target)} (${addressSource(dockerHost)}) did not answer: ${reason}`);
  } finally {
    // Whatever request is still open (one failed, the others are mid-answer) ends now, with its socket.
    deadline.end();
  }
}

/** The engine address to query: --docker-host, else DOCKER_HOST, else the default socket; TLS is refused clearly. */
export function engineTarget(dockerHost: string | undefined): EngineTarget | { unavailable: string } {
  const address = dockerHost ?? process.env['DOCKER_HOST'] ?? DEFAULT_DOCKER_HOST;
  const target = parseDockerHost(address);
  if ('problem' in target) return unavailable(`unsupported Docker host address: ${target.problem}`);
  if ('host' in target && process.env['DOCKER_TLS_VERIFY']) return unavailable(`TLS engine connections (DOCKER_TLS_VERIFY) are not supported: ${address}`);
  return target;
}

/** Where the address came from, so a report says what was tried and why. */
export function addressSource(dockerHost: string | undefined): string {
  if (dockerHost !== undefined) return 'from --docker-host';
  return process.env['DOCKER_HOST'] !== undefined ? 'from DOCKER_HOST' : 'the default; DOCKER_HOST is not set';
}
