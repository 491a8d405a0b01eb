import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSnapshot, parseSnapshotBytes } from '../../src/snapshot/parse.js';
import type { InputProblem } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
// @ts-expect-error: plain ES module shared with fuzz/run.mjs, without type declarations.
import { mutate } from '../../fuzz/mutate.mjs';
import { fixturePath } from '../helpers/cli.js';

const healthyText = readFileSync(fixturePath('hosts/healthy-20.10/snapshot.json'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break a real snapshot in arbitrary places
const healthy = () => JSON.parse(healthyText) as Record<string, any>;

// The text as a string, and as the bytes of a file (what `check --snapshot` parses: the loader gives them back once parsed).
const PARSERS: [string, (text: string) => Snapshot | InputProblem][] = [
  ['parseSnapshot', (text) => parseSnapshot('host.json', text)],
  ['parseSnapshotBytes', (text) => parseSnapshotBytes('host.json', Buffer.from(text))],
];

describe.each(PARSERS)('%s validates against the schema generated from schema.ts (issue 10)', (_name, parse) => {
  function problemOf(text: string): string {
    const result = parse(text);
    if (!('message' in result)) return 'loaded';
    return `${result.line ?? '-'}:${result.column ?? '-'} ${result.message}`;
  }

  it('loads every host fixture', () => {
    for (const name of ['healthy-20.10', 'no-engine', 'el7-iptables-restart', 'el8-iptables-restart', 'after-dockerd-restart']) {
      expect(problemOf(readFileSync(fixturePath(`hosts/${name}/snapshot.json`), 'utf8'))).toBe('loaded');
    }
  });

  it('reports the first bad path at its line and column instead of crashing a rule', () => {
    expect(problemOf('{"schemaVersion":1,"facts":{"routes":{}}}')).toBe('1:38 not a valid snapshot: facts.routes: expected an array');
    expect(problemOf('{"schemaVersion":{"toString":1},"facts":{}}')).toBe('1:18 not a valid snapshot: schemaVersion: expected a number');
    const textIsNumber = healthy();
    textIsNumber['facts'].daemonConfig.text = 5;
    expect(problemOf(JSON.stringify(textIsNumber, null, 2))).toMatch(/^\d+:15 not a valid snapshot: facts\.daemonConfig\.text: expected a string$/);
    const badRoute = healthy();
    badRoute['facts'].routes[1].family = 5;
    expect(problemOf(JSON.stringify(badRoute))).toMatch(/^1:\d+ not a valid snapshot: facts\.routes\[1\]\.family: expected one of 4, 6$/);
    const noHostname = healthy();
    delete noHostname['host'].hostname;
    expect(problemOf(JSON.stringify(noHostname))).toMatch(/^1:\d+ not a valid snapshot: host: missing "hostname"$/);
  });

  it('keeps facts optional and unknown fields allowed, so older and newer snapshots load', () => {
    const older = healthy();
    delete older['facts'].nftablesConf;
    const loaded = parse(JSON.stringify(older));
    expect('facts' in loaded && loaded.facts.nftablesConf).toEqual({ unavailable: 'not recorded in this snapshot' });
    const newer = healthy();
    newer['facts'].someFutureFact = { anything: [1, 2] };
    newer['facts'].routes[0].someFutureField = true;
    expect(problemOf(JSON.stringify(newer))).toBe('loaded');
  });

  it('says an empty file is empty, and refuses other versions and non-snapshots', () => {
    expect(problemOf('')).toBe('-:- the snapshot file is empty (write one with `dockdoc snapshot -o FILE`)');
    expect(problemOf('{"schemaVersion":2,"facts":{}}')).toBe('1:1 snapshot schemaVersion 2 is not supported by this dockdoc (it reads version 1)');
    expect(problemOf('[1]')).toBe('1:1 not a dockdoc snapshot: no "facts" object (write one with `dockdoc snapshot -o FILE`)');
    expect(problemOf('{"facts": [')).toBe('1:12 not a JSON snapshot: unexpected EOF');
  });
});

describe('parseSnapshotBytes', () => {
  it('reads bytes as parseSnapshot reads their UTF-8 text, bytes that are not UTF-8 included, and gives the bytes back', () => {
    const marked = healthy();
    marked['host'].hostname = 'web@@@@@01';
    // Padded to own its memory rather than share Node's pool of small buffers, which must not be given back.
    const text = JSON.stringify(marked, null, 2) + ' '.repeat(10_000);
    const at = Buffer.from(text).indexOf('@@@@@');
    const bytes = Buffer.from(text);
    bytes.set([0xc3, 0x28, 0xff, 0xe2, 0x82], at);
    const expected = parseSnapshot('host.json', bytes.toString('utf8'));
    expect(expected).toMatchObject({ host: { hostname: expect.stringMatching(/^web\ufffd\(\ufffd+01$/) } });
    expect(parseSnapshotBytes('host.json', bytes)).toEqual(expected);
    expect(bytes.length).toBe(0);
  });

  it('property: any bytes (mutated snapshots, random bytes) load as parseSnapshot loads their UTF-8 text', () => {
    const seeds = ['healthy-20.10', 'el7-iptables-restart'].map((name) => readFileSync(fixturePath(`hosts/${name}/snapshot.json`), 'utf8'));
    const bytes = fc.oneof(
      fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.nat()).map(([index, seed]) => Buffer.from(mutate(seeds[index]!, seed) as string)),
      fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array)),
      fc.uint8Array({ maxLength: 40 }).map((array) => Buffer.concat([Buffer.from('{"schemaVersion":1,"facts":{},"host":{"hostname":"'), Buffer.from(array), Buffer.from('"}}')])),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        const expected = parseSnapshot('host.json', input.toString('utf8'));
        expect(parseSnapshotBytes('host.json', input)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
