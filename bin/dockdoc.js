#!/usr/bin/env node
// CommonJS (bin/package.json), as dist/ is: an ES module here would start node's ES module loader for this one file,
// ~10 ms of every run, `--version` included (docs/performance.md, "CommonJS chunks").
'use strict';

require('../dist/dockdoc.js').run(process.argv);
