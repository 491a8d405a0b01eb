import fc from 'fast-check';
import { describe, it } from 'vitest';
// The same targets and mutations `npm run fuzz` runs 100,000 times per parser, at a count the suite can afford.
// @ts-expect-error: plain ES module shared with fuzz/run.mjs, without type declarations.
import { mutate } from '../../fuzz/mutate.mjs';
import { TARGETS } from '../../fuzz/targets.js';

/** Hostile text: a fixture mutated (nesting, unicode, NUL, huge numbers, alias bombs...), or any string at all. */
function inputs(seeds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.nat()).map(([index, seed]) => mutate(seeds[index]!, seed) as string),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '-', ' ', '\n', '$', '*', '&', '!', '#', 'a', '1', '\u0000'), maxLength: 300 }),
  );
}

describe('every parser refuses hostile input with its own error only (property; issue 10)', () => {
  for (const target of TARGETS) {
    it(`${target.name}: never throws anything but its own input error, for any input`, () => {
      const seeds = target.seeds();
      fc.assert(
        fc.property(inputs(seeds), (text) => {
          target.run(text);
        }),
        { numRuns: 25 },
      );
    }, 60_000);
  }
});

describe('inputs the fuzzer found', () => {
  it('a snapshot whose engine reports an address that does not parse runs every rule without a crash', () => {
    const snapshot = TARGETS.find((t) => t.name === 'snapshot')!;
    for (const text of snapshot.seeds()) {
      const broken = text.replace(/"ipv4": "172\.17\.0\.2"/g, '"ipv4": "172.17.Infinity.2"').replace(/"hostIp": "0\.0\.0\.0"/g, '"hostIp": "172.-1e-999999.0.2"');
      snapshot.run(broken);
    }
  });
});
