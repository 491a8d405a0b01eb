import type { Command } from 'commander';
import { loadSnapshotOrBundle } from '../../bundle/load.js';
import { gatherSnapshot } from '../../gather/snapshot.js';
import { isInputProblem, saveSnapshot } from '../../snapshot/io.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { EXIT_USAGE } from '../exit.js';
import { addGatherFlags, gatherOptionsFrom, type GatherFlagValues } from '../gatherFlags.js';
import { requireReadableFile } from '../namedPaths.js';

export function registerSnapshot(program: Command): void {
  const command = program
    .command('snapshot')
    .description('gather every fact from this host (or from a gather-script bundle) into a JSON snapshot, for `check --snapshot` anywhere')
    .option('-o, --output <file>', 'write the snapshot here (default: stdout)')
    .option('--from <bundle>', 'build the snapshot from a bundle the `dockdoc gather-script` script wrote on a host, instead of this host');
  addGatherFlags(command).action(async (flags: GatherFlagValues & { output?: string; from?: string }) => {
    let snapshot: Snapshot;
    if (flags.from) {
      requireReadableFile('--from', flags.from);
      const loaded = await loadSnapshotOrBundle(flags.from);
      if (isInputProblem(loaded)) {
        // No snapshot is written: DD001 and where the bundle is bad, as `check --snapshot` reports it.
        const at = [loaded.file, loaded.line, loaded.column].filter((part) => part !== undefined).join(':');
        process.stderr.write(`dockdoc: DD001 ${at}: ${loaded.message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      snapshot = loaded;
    } else {
      snapshot = await gatherSnapshot(gatherOptionsFrom(flags));
    }
    if (flags.output) await saveSnapshot(snapshot, flags.output);
    else process.stdout.write(`${JSON.stringify(snapshot, null, 2)}\n`);
  });
}
