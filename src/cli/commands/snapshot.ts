import type { Command } from 'commander';
import { gatherSnapshot } from '../../gather/snapshot.js';
import { saveSnapshot } from '../../snapshot/io.js';
import { addGatherFlags, gatherOptionsFrom, type GatherFlagValues } from '../gatherFlags.js';

export function registerSnapshot(program: Command): void {
  const command = program
    .command('snapshot')
    .description('gather every fact from this host into a JSON snapshot, for `check --snapshot` anywhere')
    .option('-o, --output <file>', 'write the snapshot here (default: stdout)');
  addGatherFlags(command).action(async (flags: GatherFlagValues & { output?: string }) => {
    const snapshot = await gatherSnapshot(gatherOptionsFrom(flags));
    if (flags.output) await saveSnapshot(snapshot, flags.output);
    else process.stdout.write(`${JSON.stringify(snapshot, null, 2)}\n`);
  });
}
