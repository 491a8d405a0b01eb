// `npm run bench`: every benchmark case, one after the other (they measure wall time and memory, so never in
// parallel), then one table: each figure beside its floor measured in the same run, medians of DOCKDOC_BENCH_RUNS
// (default 5) fresh processes. Run some cases alone with `node bench/run.js <case>...` after `npm run build`.
import { printRows, RUNS } from './measure.js';

const CASES = ['startup', 'firewall', 'pools', 'lint'];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !CASES.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark case: ${unknown.join(', ')} (known: ${CASES.join(', ')})`);
  process.exit(2);
}

const rows = [];
for (const name of wanted.length > 0 ? wanted : CASES) {
  const { run } = await import(`./${name}.js`);
  console.log(`\n== ${name}`);
  rows.push(...(await run()));
}
console.log(`\n== summary (medians of ${RUNS} runs)`);
printRows(rows);
if (rows.some((r) => !r.met)) process.exitCode = 1;
