import type { Command } from 'commander';

export type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs (or for help): a command should not pay at start-up for
 * the modules of the others (the hook's and lint's reporters, the repair machinery). src/cli/entry.ts starts loading
 * the named command's module alongside the program's, and buildProgram (main.ts) takes the same module.
 */
export const COMMANDS: Record<string, () => Promise<Register>> = {
  check: async () => (await import('./commands/check.js')).registerCheck,
  snapshot: async () => (await import('./commands/snapshot.js')).registerSnapshot,
  rules: async () => (await import('./commands/rules.js')).registerRules,
  explain: async () => (await import('./commands/rules.js')).registerExplain,
  pools: async () => (await import('./commands/pools.js')).registerPools,
  hook: async () => (await import('./commands/hook.js')).registerHook,
  lint: async () => (await import('./commands/lint.js')).registerLint,
  fleet: async () => (await import('./commands/fleet.js')).registerFleet,
  repair: async () => (await import('../repair/command.js')).registerRepair,
  'gather-script': async () => (await import('./commands/gatherScript.js')).registerGatherScript,
};

/** The module loader of the named command; undefined when the name is none (help, a typo, an inherited key). */
export function commandModule(name: string | undefined): (() => Promise<Register>) | undefined {
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}
