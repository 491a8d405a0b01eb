import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNftJson } from '../../src/nftables/json.js';
import { readNftListing } from '../../src/nftables/listing.js';
import { nftCapture } from './host.js';
import { GOLDEN_DIR } from './golden.js';

const golden = (family: string) =>
  readNftListing(readFileSync(path.join(GOLDEN_DIR, `hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__${family}.golden`), 'utf8')).ruleset.tables[0];

describe('nft readers on a real capture (nft 1.0.6, the golden tables loaded with nft -f)', () => {
  it('reads `nft -j list ruleset` and `nft list ruleset` into the same canonical form, equal to the golden tables', () => {
    const capture = nftCapture('default-nat-both-families');
    const fromJson = readNftJson(capture.json);
    const fromText = readNftListing(capture.text);
    expect(fromJson.problems).toEqual([]);
    expect(fromText.problems).toEqual([]);
    expect(fromJson.ruleset).toEqual(fromText.ruleset);
    expect(fromJson.ruleset.tables.find((t) => t.family === 'ip')).toEqual(golden('ip'));
    expect(fromJson.ruleset.tables.find((t) => t.family === 'ip6')).toEqual(golden('ip6'));
  });

  it('reads an empty ruleset as no tables', () => {
    const capture = nftCapture('flushed');
    expect(readNftJson(capture.json)).toEqual({ ruleset: { tables: [] }, problems: [] });
    expect(readNftListing(capture.text)).toEqual({ ruleset: { tables: [] }, problems: [] });
  });

  it('turns bad input into problems, never an exception', () => {
    expect(readNftJson('{"nftables": ').problems[0]!.message).toMatch(/^not JSON/);
    expect(readNftJson('[]').problems).toEqual([{ message: 'no "nftables" array at the top level' }]);
    expect(readNftListing('chain x {\n').problems).toEqual([{ line: 1, message: 'expected `table FAMILY NAME {`, found `chain x {`' }]);
    fc.assert(
      fc.property(fc.string(), (text) => {
        readNftListing(text);
        readNftJson(text);
      }),
    );
    fc.assert(fc.property(fc.json(), (json) => void readNftJson(json)));
  });
});
