// A reference for the offline row, not a target: what node pays to read a snapshot and compare its live and saved
// rulesets the way `diff <(sort saved) <(sort live)` does (lines as multisets, nothing known of chains, canonical forms
// or Docker). The gap between this and `dockdoc check --snapshot` is loading the program and the analysis; the gap
// between this and the floor is node reading a JSON snapshot instead of two text files.
// Usage: node bench/snapshot-line-diff.js host.json; prints how many distinct lines differ in count.
import { readFileSync } from 'node:fs';

const snapshot = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const live = snapshot.facts.iptables.save;
const saved = snapshot.facts.savedRules.files.map((file) => file.text).join('\n');

function lineCounts(text) {
  const counts = new Map();
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const line = text.slice(at, end);
    counts.set(line, (counts.get(line) ?? 0) + 1);
    at = end + 1;
  }
  return counts;
}

const liveCounts = lineCounts(live);
const savedCounts = lineCounts(saved);
let differing = 0;
for (const [line, count] of liveCounts) if (savedCounts.get(line) !== count) differing++;
for (const line of savedCounts.keys()) if (!liveCounts.has(line)) differing++;
process.stdout.write(`${differing}\n`);
