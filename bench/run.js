// `npm run bench`: every benchmark case, one after the other (they measure wall time and memory, so never in
// parallel), each printing its own numbers against the targets the issues set. Run one alone with
// `node bench/<case>.js` after `npm run build`, or `node bench/run.js <case>...`.
const CASES = ['pools', 'lint', 'firewall'];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !CASES.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark case: ${unknown.join(', ')} (known: ${CASES.join(', ')})`);
  process.exit(2);
}

for (const name of wanted.length > 0 ? wanted : CASES) {
  const { run } = await import(`./${name}.js`);
  console.log(`\n== ${name}`);
  await run();
}
