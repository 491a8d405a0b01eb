// Vitest setup (vitest.config.ts setupFiles): the tests hand compose files to the rules, lint's reader and the
// parsers directly, where the CLI's loaders (src/snapshot/io.ts readySnapshot, src/lint/gather.ts) would have loaded
// the yaml library's reader first. That the CLI loads it when, and only when, it reads compose files is tested on the
// built CLI (test/e2e/lazy-chunks.test.ts).
import { loadComposeYamlReader } from '../../src/compose/yaml-tree.js';

await loadComposeYamlReader();
