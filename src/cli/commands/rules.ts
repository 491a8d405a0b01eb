import { Option, type Command } from 'commander';
import { ALL_RULES } from '../../../rules/index.js';
import { requirePackageFile } from '../../version.js';
import { ruleIdValue } from '../../config/ruleId.js';
import { checked } from '../reportFlags.js';

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('list the rule catalogue')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: { format: string }) => {
      if (flags.format === 'json') {
        const catalogue = ALL_RULES.map(({ id, title, severity, area, needs, summary }) => ({ id, title, severity, area, needs, summary }));
        process.stdout.write(`${JSON.stringify(catalogue, null, 2)}\n`);
        return;
      }
      const lines = ALL_RULES.map((r) => `${r.id}  ${r.severity.padEnd(7)}  ${r.area.padEnd(8)}  ${r.title}`);
      process.stdout.write(`${lines.join('\n')}\n\`dockdoc explain ID\` prints a rule's page.\n`);
    });
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description("print a rule's documentation page")
    .argument('<rule>', 'rule ID, e.g. DD102')
    .action((id: string) => {
      const ruleId = checked('explain', ruleIdValue(id));
      process.stdout.write(requirePackageFile(`docs/rules/${ruleId}.md`));
    });
}
