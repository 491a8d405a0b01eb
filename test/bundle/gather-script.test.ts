import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/bundle/format.js';
import { snapshotFromBundle } from '../../src/bundle/load.js';
import { gatherScript } from '../../src/bundle/script.js';
import { unavailable } from '../../src/snapshot/fact.js';
import type { HostIo } from '../../src/gather/hostIo.js';
import { gatherNftInputChains } from '../../src/gather/nftInput.js';
import type { NftInputChainsFact } from '../../src/snapshot/schema.js';
import { TOOL_VERSION } from '../../src/version.js';
import { dockdoc } from '../helpers/cli.js';

const SCRIPT = new URL('../../src/bundle/gather.sh', import.meta.url);

function executable(candidates: string[]): string | undefined {
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const SHELLCHECK = executable(['/usr/bin/shellcheck', '/usr/local/bin/shellcheck']);
const BUSYBOX = executable(['/bin/busybox', '/usr/bin/busybox']);
const DASH = executable(['/usr/bin/dash', '/bin/dash']);
for (const [tool, found] of [['shellcheck', SHELLCHECK], ['busybox', BUSYBOX], ['dash', DASH]] as const) {
  if (!found) console.warn(`gather script tests that need ${tool} skipped: it is not installed (apt-get install ${tool === 'busybox' ? 'busybox-static' : tool})`);
}

/** The tools of a bare host: the POSIX utilities (busybox's), and none of iptables, ip, nft, docker, systemctl. */
function barePath(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dockdoc-bare-')), 'bin');
  mkdirSync(dir);
  for (const tool of ['cat', 'wc', 'ls', 'sed', 'awk', 'uname', 'date', 'id', 'mktemp', 'tr', 'head', 'grep', 'sort', 'readlink', 'rm', 'timeout', 'true']) {
    symlinkSync(BUSYBOX!, path.join(dir, tool));
  }
  return dir;
}

describe('the gather script', () => {
  it('`dockdoc gather-script` prints src/bundle/gather.sh with this version in it', async () => {
    const printed = await dockdoc(['gather-script']);
    expect(printed.exitCode).toBe(0);
    // The helper drops the final newline of what the CLI prints.
    expect(gatherScript()).toBe(readFileSync(SCRIPT, 'utf8').replace('@DOCKDOC_VERSION@', TOOL_VERSION));
    expect(printed.stdout).toBe(gatherScript().trimEnd());
  });

  it.runIf(SHELLCHECK)('is POSIX sh, clean under shellcheck for sh and for dash', () => {
    for (const shell of ['sh', 'dash']) {
      const result = spawnSync(SHELLCHECK!, ['-s', shell, '-S', 'info', SCRIPT.pathname], { encoding: 'utf8' });
      expect(result.stdout, `shellcheck -s ${shell}`).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it.runIf(BUSYBOX)('on a bare host (no iptables, ip, nft, docker, systemctl) runs to its end under busybox sh and dash; each missing tool is a fact', async () => {
    const bin = barePath();
    for (const shell of [[BUSYBOX!, 'sh'], ...(DASH ? [[DASH]] : [])]) {
      const stdout = execFileSync(shell[0]!, [...shell.slice(1), SCRIPT.pathname], { env: { PATH: bin }, maxBuffer: 64 * 1024 * 1024 });
      const bundle = parseBundle('bare.bundle', stdout);
      if (!('records' in bundle)) throw new Error(`${bundle.line}:${bundle.column} ${bundle.message}`);
      expect(bundle.records.filter((r) => r.kind === 'run' || r.kind === 'engine').every((r) => r.status === 'not-found')).toBe(true);
      const snapshot = await snapshotFromBundle(bundle);
      expect(snapshot.facts.iptables).toEqual({ unavailable: 'iptables is not installed (not found in PATH)' });
      expect(snapshot.facts.routes).toEqual({ unavailable: 'ip is not installed (not found in PATH)' });
      expect(snapshot.facts.engine).toEqual({
        unavailable: `Docker engine at ${process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock'} (the gather script's docker CLI) did not answer \`version\`: the docker CLI is not installed`,
      });
      expect(snapshot.facts.sysctls).toMatchObject({ values: { 'net.ipv4.ip_forward': expect.stringMatching(/^[01]$/) } });
    }
  });

  it.runIf(BUSYBOX)('walks the native nftables INPUT chains as the gatherer does, caps included, under busybox sh and dash', async () => {
    const firewalld = JSON.parse(readFileSync(new URL('../../fixtures/nftables/input/firewalld.gathered.json', import.meta.url), 'utf8')) as {
      chains: { json: string; text: string };
      nftInputChains: NftInputChainsFact;
    };
    const jumping = (table: string, name: string, targets: string[]) =>
      JSON.stringify({ nftables: targets.map((target, i) => ({ rule: { family: 'ip', table, chain: name, handle: i + 2, expr: [{ [i % 2 ? 'goto' : 'jump']: { target } }] } })) });
    // firewalld's real input path beside a ladder of jumps deeper than the cap; then a fan-out wider than the count cap.
    const ladder = new Map([['ip ladder input', jumping('ladder', 'input', ['c1'])], ...Array.from({ length: 20 }, (_, i) => [`ip ladder c${i + 1}`, jumping('ladder', `c${i + 1}`, [`c${i + 2}`])] as [string, string])]);
    const zones = Array.from({ length: 150 }, (_, i) => `zone${i}`);
    const fan = new Map([['ip fan input', jumping('fan', 'input', zones)], ...zones.map((zone) => [`ip fan ${zone}`, jumping('fan', zone, ['input'])] as [string, string])]);
    const scenarios = [
      { tables: ['ladder'], documents: new Map([...firewalld.nftInputChains.chains.map((c) => [`inet firewalld ${c.name}`, c.json!] as [string, string]), ...ladder]), firewalld: true },
      { tables: ['fan'], documents: fan, firewalld: false },
    ];
    for (const scenario of scenarios) {
      const base = (table: string) => ({ chain: { family: 'ip', table, name: 'input', handle: 1, type: 'filter', hook: 'input', prio: 0, policy: 'accept' } });
      const chainsJson = JSON.stringify({ nftables: [...(scenario.firewalld ? (JSON.parse(firewalld.chains.json) as { nftables: unknown[] }).nftables : []), ...scenario.tables.map(base)] });
      const chainsText = `${scenario.firewalld ? firewalld.chains.text : ''}${scenario.tables.map((t) => `table ip ${t} {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t}\n}\n`).join('')}`;

      // A fake nft in a bare PATH, answering from the documents.
      const bin = barePath();
      const answers = path.join(path.dirname(bin), 'nft-answers');
      mkdirSync(answers);
      writeFileSync(path.join(answers, 'chains.json'), chainsJson);
      writeFileSync(path.join(answers, 'chains.txt'), chainsText);
      for (const [key, json] of scenario.documents) writeFileSync(path.join(answers, `chain.${key.replaceAll(' ', '.')}.json`), json);
      writeFileSync(
        path.join(bin, 'nft'),
        `#!${BUSYBOX} sh\ncase "$*" in\n  "-j list chains") cat ${answers}/chains.json ;;\n  "list chains") cat ${answers}/chains.txt ;;\n  "-j list chain "*) if [ -f "${answers}/chain.$4.$5.$6.json" ]; then cat "${answers}/chain.$4.$5.$6.json"; else echo 'Error: No such file or directory' >&2; exit 1; fi ;;\n  *) echo 'Error: No such file or directory' >&2; exit 1 ;;\nesac\n`,
      );
      chmodSync(path.join(bin, 'nft'), 0o755);

      const live = {
        run: async (_file: string, args: string[]) => {
          const json = scenario.documents.get(args.slice(3).join(' '));
          return json === undefined ? unavailable('no such chain') : { stdout: json, stderr: '' };
        },
      } as unknown as HostIo;
      const expected = (await gatherNftInputChains({ json: '', text: '', chains: { json: chainsJson, text: chainsText } }, 1000, live)) as NftInputChainsFact;
      if (scenario.firewalld) expect(expected.unlisted).toEqual(['ip ladder c17']);
      else expect([expected.chains.length, expected.unlisted.length]).toEqual([128, 23]);

      // 140 chains cost seconds of forks: the fan-out runs under one shell only.
      for (const shell of [[BUSYBOX!, 'sh'], ...(DASH && scenario.firewalld ? [[DASH]] : [])]) {
        const stdout = execFileSync(shell[0]!, [...shell.slice(1), SCRIPT.pathname], { env: { PATH: bin }, maxBuffer: 64 * 1024 * 1024 });
        const bundle = parseBundle('nft.bundle', stdout);
        if (!('records' in bundle)) throw new Error(`${bundle.line}:${bundle.column} ${bundle.message}`);
        expect((await snapshotFromBundle(bundle)).facts.nftInputChains, `${shell.join(' ')} ${scenario.tables.join(',')}`).toEqual(expected);
      }
    }
  }, 180_000);
});
