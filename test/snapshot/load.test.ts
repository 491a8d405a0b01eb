import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/snapshot/parse.js';
import { fixturePath } from '../helpers/cli.js';

const healthyText = readFileSync(fixturePath('hosts/healthy-20.10/snapshot.json'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break a real snapshot in arbitrary places
const healthy = () => JSON.parse(healthyText) as Record<string, any>;

function problemOf(text: string): string {
  const result = parseSnapshot('host.json', text);
  if (!('message' in result)) return 'loaded';
  return `${result.line ?? '-'}:${result.column ?? '-'} ${result.message}`;
}

describe('parseSnapshot validates against the schema generated from schema.ts (issue 10)', () => {
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
    const loaded = parseSnapshot('host.json', JSON.stringify(older));
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
