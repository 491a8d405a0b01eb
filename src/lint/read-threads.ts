import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { STANDALONE } from '../version.js';
import { readProjects, type ProjectGroup, type ProjectRead, type ReadContext } from './read-project.js';

/** `--jobs`: a number of threads, or one per CPU when there are enough projects to be worth it. */
export type Jobs = number | 'auto';

/**
 * Projects one more thread must have to pay for itself. A worker is a fresh V8 isolate that loads the CLI's code
 * (0.15-0.2 s of CPU measured on a busy 2-core machine, --jobs 2 against 1 on two projects), and what it read is
 * copied back to this thread (a structured clone of the loaded models: about half as long again as reading them), while a
 * project now costs well under half a millisecond to read and parse (plain block YAML skips the yaml library).
 * Measured on 1,000 projects, one thread used less CPU and less wall time than two.
 */
const PROJECTS_PER_THREAD = 1_000;

/**
 * How many threads read `projects` projects: `--jobs N` exactly (at most one per project), `auto` when it pays. The
 * standalone executable is one script with no worker entry beside it (scripts/build-standalone.mjs): one thread.
 */
export function readThreads(jobs: Jobs, projects: number): number {
  if (STANDALONE) return 1;
  const wanted = jobs === 'auto' ? Math.min(availableParallelism(), Math.floor(projects / PROJECTS_PER_THREAD)) : Math.min(jobs, projects);
  return Math.max(1, wanted);
}

/**
 * The worker's entry in the bundle: scripts/build.mjs builds src/lint/read-worker.ts as dist/lint-read-worker.mjs,
 * beside the chunk this code is bundled into, so the worker runs the same bundled code as the rest of the CLI.
 */
const WORKER_ENTRY = './lint-read-worker.mjs';

/**
 * readProjects split across `threads` threads: this one reads the first share while worker threads read the others,
 * each a contiguous run of `groups`, and the results are joined in the order of `groups`, so findings and their order
 * are those of the serial read. A worker that fails fails the read, as the serial read would.
 */
export async function readProjectsInThreads(groups: readonly ProjectGroup[], context: ReadContext, threads: number): Promise<ProjectRead[]> {
  const [own, ...others] = contiguousShares(groups, threads);
  // The workers start first: this thread's own reading does not yield until it is done.
  const workers = Promise.all(others.map((share) => readInWorker(share, context)));
  let mine: ProjectRead[];
  try {
    mine = readProjects(own!, context);
  } catch (error) {
    workers.catch(() => {});
    throw error;
  }
  return [mine, ...(await workers)].flat();
}

/** `items` cut into `count` contiguous runs whose lengths differ by at most one. */
function contiguousShares<T>(items: readonly T[], count: number): T[][] {
  const shares: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = start + Math.floor(items.length / count) + (i < items.length % count ? 1 : 0);
    shares.push(items.slice(start, end));
    start = end;
  }
  return shares;
}

function readInWorker(groups: readonly ProjectGroup[], context: ReadContext): Promise<ProjectRead[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(WORKER_ENTRY, import.meta.url), { workerData: { groups, context } });
    let answered = false;
    worker.once('message', (reads: ProjectRead[]) => {
      answered = true;
      resolve(reads);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`a lint worker thread exited (code ${code}) without its projects`));
    });
  });
}
