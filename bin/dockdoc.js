#!/usr/bin/env node
// `pools` runs from its own flat file, every other command from the split build (scripts/bundle-options.mjs): one
// process loads one of the two, never both.
const { run } = await import(process.argv[2] === 'pools' ? '../dist/pools.js' : '../dist/dockdoc.js');

await run(process.argv);
