// A worker thread of `dockdoc lint` (read-threads.ts): reads and parses the compose projects it is sent and posts
// back what it read, in the order sent. The bundle builds it as its own entry, dist/lint-read-worker.mjs.
import { parentPort, workerData } from 'node:worker_threads';
import { loadComposeYamlReader } from '../compose/yaml-tree.js';
import { readProjects, type ProjectGroup, type ReadContext } from './read-project.js';

const { groups, context } = workerData as { groups: ProjectGroup[]; context: ReadContext };
await loadComposeYamlReader();
parentPort!.postMessage(readProjects(groups, context));
