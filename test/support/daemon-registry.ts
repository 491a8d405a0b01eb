/** Something the harness started and must stop even when a test fails. */
export interface Stoppable {
  stop(): Promise<void>;
}

const live = new Set<Stoppable>();

export function track(daemon: Stoppable): void {
  live.add(daemon);
}

export function untrack(daemon: Stoppable): void {
  live.delete(daemon);
}

/**
 * Stops every daemon this test process started and has not stopped yet; describeIntegration runs it in afterAll.
 * If the process dies first, the kernel sends dockerd SIGTERM (see launchDockerd) and the next run sweeps up.
 */
export async function stopAllDaemons(): Promise<void> {
  await Promise.all([...live].map((daemon) => daemon.stop()));
}
