import { isUnavailable, unavailable, type Fact } from '../snapshot/fact.js';
import type { ApiNode, ApiService, ApiSwarmInfo, ApiTask, SwarmAnswers, SwarmNetworkAnswer } from '../gather/swarmAnswers.js';
import { cliEngine, jsonLines, recordedAnswer } from './engine.js';
import type { BundleRecord } from './format.js';

/**
 * The swarm questions the gather script asks the docker CLI, each answered in the engine API's JSON shape through a
 * --format template that prints only the fields src/gather/swarm.ts reads (never a service's container spec, secrets,
 * configs, join tokens or labels). gather.sh holds the same templates; test/bundle/gather-script.test.ts checks that
 * they agree.
 *
 * - swarm-info: `docker info` .Swarm (its Cluster is ClusterInfo: no join tokens).
 * - swarm-networks: one line per swarm-scope overlay, `docker network inspect --verbose`, with its Peers.
 * - swarm-nodes, swarm-services, swarm-tasks: one line per node, service and task (`docker node|service inspect`,
 *   `docker inspect --type task`); only managers answer them, as only managers answer the API.
 */
export const SWARM_QUESTIONS = ['swarm-info', 'swarm-networks', 'swarm-nodes', 'swarm-services', 'swarm-tasks'] as const;
export type SwarmQuestion = (typeof SWARM_QUESTIONS)[number];

/** The API's swarm answers from the bundle's records; an inactive node's script asks nothing beyond swarm-info. */
export function swarmAnswersFromRecords(records: Map<string, BundleRecord>, dockerHost: string): Fact<SwarmAnswers> {
  const where = cliEngine(dockerHost);
  const answer = (question: SwarmQuestion): Fact<string> => recordedAnswer(records, question, where);
  const infoText = answer('swarm-info');
  if (typeof infoText !== 'string') return infoText;
  try {
    const info = JSON.parse(infoText) as ApiSwarmInfo;
    if (info.LocalNodeState !== 'active') {
      const why = unavailable('not asked: this node is not an active swarm member');
      return { info, networks: [], nodes: why, services: why, tasks: why };
    }
    const lines = <T>(question: SwarmQuestion): Fact<T[]> => {
      const text = answer(question);
      return typeof text === 'string' ? jsonLines<T>(text) : text;
    };
    const networks = lines<SwarmNetworkAnswer>('swarm-networks');
    if (isUnavailable(networks)) return networks;
    const tasks = lines<TemplateTask>('swarm-tasks');
    return {
      info,
      networks,
      nodes: lines<ApiNode>('swarm-nodes'),
      services: lines<ApiService>('swarm-services'),
      tasks: isUnavailable(tasks) ? tasks : tasks.map(taskFromTemplate),
    };
  } catch (error) {
    return unavailable(`${where}: a swarm answer is not the JSON the script's templates print: ${(error as Error).message}`);
  }
}

type TemplateTask = Omit<ApiTask, 'NetworksAttachments'> & { NetworksAttachments?: (NonNullable<ApiTask['NetworksAttachments']>[number] | null)[] | null };

/**
 * The API's task from the template's: the attachments list ends in null (a template cannot leave out the comma after
 * the last entry), and Slot 0 is the API's absent slot (`json:",omitempty"`: a global service's tasks have none).
 */
function taskFromTemplate(task: TemplateTask): ApiTask {
  const { Slot, NetworksAttachments, ...rest } = task;
  return { ...rest, ...(Slot ? { Slot } : {}), NetworksAttachments: (NetworksAttachments ?? []).filter((a) => a !== null) };
}
