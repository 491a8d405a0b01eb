#!/usr/bin/env node
// `npm run fuzz`: feeds every parser of fuzz/targets.ts 100,000 hostile variants of its fixtures and prints, per
// parser, how many inputs escaped with an uncaught exception, how many took over 1 s of CPU time, the slowest
// input's CPU and wall time and the process's peak RSS. CPU time, not wall time, decides "slow": on a shared
// machine wall time measures the neighbours. Each parser runs in a child process of its own, so its RSS is its own.
//   node fuzz/run.mjs [--count N] [--only NAME] [--seed S]
// Exit status 1 when any input was uncaught or slow. Failing inputs are written to fuzz/failures/ for replay.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Slow: over a second of CPU time for one input. */
const SLOW_MS = 1000;
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const count = Number(option('--count', '100000'));
const baseSeed = Number(option('--seed', '1'));

/**
 * targets.ts and the sources it imports, bundled next to it (so its fixtures/ path still resolves); one file per run,
 * named for the parent's pid and handed to its children, so that runs side by side (one parser each on several cores)
 * never import a bundle another run is writing.
 */
const BUNDLE = new URL(`./targets.bundle.${process.env.DOCKDOC_FUZZ_BUNDLE_PID ?? process.pid}.mjs`, import.meta.url);

if (process.env.DOCKDOC_FUZZ_CHILD) {
  await runChild(process.env.DOCKDOC_FUZZ_CHILD);
} else {
  await runParent();
}

async function runParent() {
  await build({
    entryPoints: [fileURLToPath(new URL('./targets.ts', import.meta.url))],
    outfile: fileURLToPath(BUNDLE),
    bundle: true,
    format: 'esm',
    platform: 'node',
    external: ['dockerode'],
    banner: { js: "import { createRequire as __fuzzRequire } from 'node:module'; const require = __fuzzRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const { TARGETS } = await import(BUNDLE.href);
  const only = option('--only', null);
  const targets = TARGETS.filter((t) => only === null || t.name === only);
  console.log(`dockdoc fuzz: ${count} inputs per parser, seed ${baseSeed}, slow = over ${SLOW_MS} ms`);
  console.log(['parser'.padEnd(16), 'seeds', 'inputs', 'uncaught', 'slow', 'max CPU ms', 'max wall ms', 'max RSS MiB', 'total s'].join('\t'));
  let failed = false;
  for (const target of targets) {
    const started = Date.now();
    const result = await new Promise((resolve) => {
      const child = fork(fileURLToPath(import.meta.url), args, { env: { ...process.env, DOCKDOC_FUZZ_CHILD: target.name, DOCKDOC_FUZZ_BUNDLE_PID: String(process.pid) }, execArgv: ['--max-old-space-size=2048'] });
      let summary = null;
      child.on('message', (message) => (summary = message));
      child.on('exit', (code, signal) => resolve(summary ?? { crashed: `child exited ${code ?? signal}` }));
    });
    if (result.crashed) {
      failed = true;
      console.log(`${target.name.padEnd(16)}\tCRASHED: ${result.crashed}`);
      continue;
    }
    failed ||= result.uncaught > 0 || result.slow > 0;
    const wall = ((Date.now() - started) / 1000).toFixed(0);
    console.log([target.name.padEnd(16), result.seeds, result.inputs, result.uncaught, result.slow, result.maxMs.toFixed(1), result.maxWallMs.toFixed(1), (result.maxRssKb / 1024).toFixed(0), wall].join('\t'));
    for (const line of result.examples) console.log(`    ${line}`);
  }
  rmSync(fileURLToPath(BUNDLE), { force: true });
  process.exitCode = failed ? 1 : 0;
}

async function runChild(name) {
  const { TARGETS } = await import(BUNDLE.href);
  const { mutate } = await import('./mutate.mjs');
  const target = TARGETS.find((t) => t.name === name);
  const seeds = target.seeds();
  if (seeds.length === 0) throw new Error(`no seeds for ${name} under fixtures/`);
  let uncaught = 0;
  let slow = 0;
  let maxMs = 0;
  let maxWallMs = 0;
  const examples = [];
  const keep = (kind, seed, text, detail) => {
    if (examples.length >= 5) return;
    const dir = fileURLToPath(new URL('./failures/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const file = `${dir}${name.replace(/\W+/g, '_')}-${kind}-${seed}.txt`;
    writeFileSync(file, text);
    examples.push(`${kind} (input seed ${seed}, ${text.length} chars, saved as ${file}): ${detail}`);
  };
  for (let i = 0; i < count; i++) {
    const seed = baseSeed * 1_000_003 + i;
    const text = mutate(seeds[i % seeds.length], seed);
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    try {
      target.run(text);
    } catch (error) {
      uncaught++;
      keep('uncaught', seed, text, String(error?.stack ?? error).split('\n').slice(0, 3).join(' | '));
    }
    const cpu = process.cpuUsage(cpuStart);
    const ms = (cpu.user + cpu.system) / 1000;
    maxWallMs = Math.max(maxWallMs, performance.now() - start);
    if (ms > maxMs) maxMs = ms;
    if (ms > SLOW_MS) {
      slow++;
      keep('slow', seed, text, `${ms.toFixed(0)} ms of CPU`);
    }
  }
  process.send({ seeds: seeds.length, inputs: count, uncaught, slow, maxMs, maxWallMs, maxRssKb: process.resourceUsage().maxRSS, examples }, () => process.exit(0));
}
