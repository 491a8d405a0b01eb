import { describe, expect, it } from 'vitest';
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
