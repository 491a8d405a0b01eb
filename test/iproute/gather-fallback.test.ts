import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { gatherAddresses, gatherRoutes } from '../../src/gather/network.js';
import { interfacesFromJson, routesFromJson } from '../../src/iproute/json.js';

// iproute2 before 4.13 (EL7) cannot be installed here: a stand-in `ip` answers as it does, with its real refusal
// ('Option "-j" is unknown' from ip.c) and the real text output captured from iproute2 6.1.
const FIXTURES = fileURLToPath(new URL('../../fixtures/iproute/iproute2-6.1/', import.meta.url));
const savedPath = process.env['PATH'];
const dirs: string[] = [];
afterEach(() => {
  process.env['PATH'] = savedPath;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function standInIp(jsonOption: 'refused' | 'text-for-routes'): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-old-ip-'));
  dirs.push(dir);
  const refuse = `[ "$1" = -j ] && { echo 'Option "-j" is unknown, try "ip -help".' >&2; exit 255; }`;
  const ignoreForRoutes = `[ "$1" = -j ] && [ "$3" = route ] && shift`;
  writeFileSync(
    path.join(dir, 'ip'),
    `#!/bin/sh\n${jsonOption === 'refused' ? refuse : ignoreForRoutes}\ncase "$*" in\n` +
      `  "-4 route show table all") cat ${FIXTURES}route-4.txt ;;\n  "-6 route show table all") cat ${FIXTURES}route-6.txt ;;\n` +
      `  addr) cat ${FIXTURES}addr.txt ;;\n  "-j addr") cat ${FIXTURES}addr.json ;;\n  *) exit 1 ;;\nesac\n`,
  );
  chmodSync(path.join(dir, 'ip'), 0o755);
  process.env['PATH'] = `${dir}:${savedPath}`;
}

const jsonRoutes = () => [...routesFromJson(readFileSync(`${FIXTURES}route-4.json`, 'utf8'), 4), ...routesFromJson(readFileSync(`${FIXTURES}route-6.json`, 'utf8'), 6)];

describe('routes and addresses on an iproute2 without JSON output', () => {
  it('falls back to the text form when `-j` is refused (before 4.13)', async () => {
    standInIp('refused');
    expect(await gatherRoutes(5000)).toEqual(jsonRoutes());
    expect(await gatherAddresses(5000)).toEqual(interfacesFromJson(readFileSync(`${FIXTURES}addr.json`, 'utf8')));
  });

  it('reads text where `ip -j route` prints text (4.13 to 4.16)', async () => {
    standInIp('text-for-routes');
    expect(await gatherRoutes(5000)).toEqual(jsonRoutes());
  });
});
