import { describe, expect, it } from 'vitest';
import { missingPieces, piecesOf } from '../../src/nftables/docker/drift.js';
import { renderDockerTable } from '../../src/nftables/docker/render.js';
import { readNftListing } from '../../src/nftables/listing.js';
import { goldenCases } from './golden.js';

const cases = goldenCases();

describe("nftables renderer against moby's golden files (docker-v29.7.2)", () => {
  it('covers every golden file of both families and every gateway mode', () => {
    expect(cases.length).toBe(282);
    expect(new Set(cases.map((c) => c.family))).toEqual(new Set(['ip', 'ip6']));
    for (const gwm of ['nat', 'nat-unprotected', 'routed']) expect(cases.some((c) => c.file.includes(`gwm=${gwm},`))).toBe(true);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const { ruleset, problems } = readNftListing(c.text);
    expect(problems).toEqual([]);
    expect(ruleset.tables).toHaveLength(1);
    expect(renderDockerTable(c.family, c.daemon, c.networks)).toEqual(ruleset.tables[0]);
  });
});

describe("drift against each golden file: nothing missing when live equals it, exactly the piece removed otherwise", () => {
  it.each(cases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const expected = renderDockerTable(c.family, c.daemon, c.networks);
    const golden = readNftListing(c.text).ruleset.tables[0]!;
    expect(missingPieces(expected, golden)).toEqual([]);
    expect(missingPieces(expected, undefined)).toEqual(piecesOf(expected));
    for (const piece of piecesOf(golden)) {
      const live = structuredClone(golden);
      if (piece.kind === 'rule') live.chains.get(piece.chain)!.rules = live.chains.get(piece.chain)!.rules.filter((r) => r !== piece.rule);
      else if (piece.kind === 'element') live.maps.get(piece.map)!.elements.delete(piece.key);
      else continue;
      expect(missingPieces(expected, live)).toEqual([piece]);
    }
  });
});
