#!/usr/bin/env node
import { run } from '../dist/dockdoc.js';

await run(process.argv);
