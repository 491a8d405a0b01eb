import type { Command } from 'commander';
import { gatherScript } from '../../bundle/script.js';
import { emit } from '../output.js';

export function registerGatherScript(program: Command): void {
  program
    .command('gather-script')
    .description('print a POSIX sh script that gathers this dockdoc\'s facts on a host with no Node: run it there as root (`sh gather.sh > host.bundle`), then `dockdoc check --snapshot host.bundle` anywhere (docs/bundle.md)')
    .option('-o, --output <file>', 'write the script to a file (mode 0600) instead of stdout')
    .action(async (flags: { output?: string }) => {
      await emit(gatherScript(), flags.output);
    });
}
