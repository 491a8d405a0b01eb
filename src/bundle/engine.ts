import { unavailable, type Fact } from '../snapshot/fact.js';
import type { ApiContainer, ApiNetwork, ApiPort, EngineAnswers, EngineInfo, EngineVersion } from '../gather/engineAnswers.js';
import type { BundleRecord } from './format.js';

/**
 * The engine questions the gather script asks the docker CLI, each a --format template that prints only networking
 * fields, in the engine API's JSON shape (never Env, labels, mounts, commands or secrets). The templates are in
 * gather.sh; test/integration/gather-script.test.ts checks that they give the engine fact the API gives.
 *
 * - networks: `Options` is a list of [key, value] pairs ending in null (a template cannot leave out the comma after
 *   the last pair), holding only the com.docker.network.* options, as the live gatherer keeps.
 * - containers: `docker inspect` (there is no CLI for the list API's shape): `Names` is the one name, `Networks` a list
 *   of [name, endpoint] pairs ending in null, `PortBindings` inspect's port map; containerFromInspect makes the list
 *   API's entry of it.
 */
export const ENGINE_QUESTIONS = ['version', 'info', 'firewall-backend', 'networks', 'containers'] as const;
export type EngineQuestion = (typeof ENGINE_QUESTIONS)[number];

/** The API's answers from the bundle's engine records; a question the CLI could not answer makes the fact unavailable. */
export function engineAnswersFromRecords(records: Map<string, BundleRecord>, dockerHost: string): Fact<EngineAnswers> {
  const where = cliEngine(dockerHost);
  const answer = (question: EngineQuestion): Fact<string> => recordedAnswer(records, question, where);
  const texts = {} as Record<EngineQuestion, string>;
  for (const question of ['version', 'info', 'networks', 'containers'] as const) {
    const text = answer(question);
    if (typeof text !== 'string') return text;
    texts[question] = text;
  }
  try {
    const version = JSON.parse(texts.version) as EngineVersion;
    const info = JSON.parse(texts.info) as EngineInfo;
    // The CLI of an engine before 28 has no FirewallBackend field: its template fails, as the API leaves it out.
    const backend = answer('firewall-backend');
    if (typeof backend === 'string' && backend.trim() !== '') info.FirewallBackend = JSON.parse(backend) as EngineInfo['FirewallBackend'];
    const networks = jsonLines(texts.networks).map(networkFromTemplate);
    const containers = jsonLines(texts.containers).map(containerFromInspect);
    return { version, info, networks, containers };
  } catch (error) {
    return unavailable(`${where}: an answer is not the JSON the script's templates print: ${(error as Error).message}`);
  }
}

/** How a report names the engine the gather script asked. */
export function cliEngine(dockerHost: string): string {
  return `Docker engine at ${dockerHost} (the gather script's docker CLI)`;
}

/** The docker CLI's answer to one recorded question, or why there is none (not asked, not installed, failed). */
export function recordedAnswer(records: Map<string, BundleRecord>, question: string, where: string): Fact<string> {
  const record = records.get(question);
  if (!record) return unavailable(`${where}: the bundle has no answer to \`${question}\``);
  if (record.status === '0') return record.out;
  const why = record.status === 'not-found' ? 'the docker CLI is not installed' : record.status === 'timeout' ? 'timed out' : `exit ${record.status}`;
  const stderr = record.err.trim().split('\n')[0] ?? '';
  return unavailable(`${where} did not answer \`${question}\`: ${why}${stderr ? `: ${stderr}` : ''}`);
}

/** One JSON document per line, as a --format template prints one per inspected object. */
export function jsonLines<T = unknown>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

type Pairs<T> = ([string, T] | null)[];

function fromPairs<T>(pairs: Pairs<T> | undefined | null): Record<string, T> {
  return Object.fromEntries((pairs ?? []).filter((pair): pair is [string, T] => Array.isArray(pair)));
}

interface TemplateNetwork extends Omit<ApiNetwork, 'Options'> {
  Options: Pairs<string>;
}

function networkFromTemplate(value: unknown): ApiNetwork {
  const network = value as TemplateNetwork;
  return { ...network, Options: fromPairs(network.Options) };
}

interface InspectContainer {
  Id: string;
  Names: string[];
  State: string;
  NetworkSettings: { Networks: Pairs<{ NetworkID?: string; IPAddress?: string; GlobalIPv6Address?: string }> };
  PortBindings: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
}

/**
 * GET /containers/json's entry from `docker inspect`'s: the list API makes one port entry per binding of each
 * `PORT/PROTO` of NetworkSettings.Ports, PublicPort from HostPort (left out when 0 or empty) and IP from HostIp
 * (left out when empty), and one entry without PublicPort for a port with no binding (moby v20.10.24,
 * container/view.go, transform: the list API answers from this view).
 */
export function containerFromInspect(value: unknown): ApiContainer {
  const container = value as InspectContainer;
  const ports: ApiPort[] = [];
  for (const [port, bindings] of Object.entries(container.PortBindings ?? {})) {
    const [number, protocol] = port.split('/');
    const base = { PrivatePort: Number(number), Type: (protocol ?? 'tcp') as ApiPort['Type'] };
    if (!bindings || bindings.length === 0) ports.push(base);
    for (const binding of bindings ?? []) {
      const hostPort = Number(binding.HostPort ?? '');
      ports.push({ ...base, ...(binding.HostIp ? { IP: binding.HostIp } : {}), ...(hostPort > 0 ? { PublicPort: hostPort } : {}) });
    }
  }
  return {
    Id: container.Id,
    Names: container.Names,
    State: container.State,
    Ports: ports,
    NetworkSettings: { Networks: fromPairs(container.NetworkSettings?.Networks) },
  };
}
