import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import DD401 from '../../rules/DD401.js';
import { readNftJson } from '../../src/nftables/json.js';
import { readNftListing } from '../../src/nftables/listing.js';
import { isInputProblem } from '../../src/snapshot/io.js';
import { parseSnapshot } from '../../src/snapshot/parse.js';
import type { NftRulesetFact, Snapshot } from '../../src/snapshot/schema.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { ruleContext } from '../iptables/rule-context.js';
import { goldenCases } from '../nftables/golden.js';
import { nftablesHost } from '../nftables/host.js';
import { REQUIRE_INTEGRATION_ENV } from '../support/describe-integration.js';

/**
 * Real nft in a network namespace of this test's own: moby's golden tables loaded with `nft -f`, read back by
 * dockdoc's gatherer (the built CLI, run inside the namespace), then wiped the ways hosts wipe them.
 * Needs root, nft, ip, nsenter and the built CLI; no dockerd (29 is not installed here): the engine fact is moby's
 * TestNftabler topology (test/nftables/host.ts).
 */
const NFT = ['/usr/sbin/nft', '/sbin/nft'].find((p) => existsSync(p));
const IPTABLES_NFT_RESTORE = ['/usr/sbin/iptables-nft-restore', '/sbin/iptables-nft-restore'].find((p) => existsSync(p));
const CLI = path.join(REPO_ROOT, 'dist/dockdoc.js');

function unavailableReason(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root';
  if (!NFT) return 'nft is not installed (apt-get install nftables)';
  if (!IPTABLES_NFT_RESTORE) return 'iptables-nft-restore is not installed (apt-get install iptables)';
  if (!existsSync(CLI)) return 'the CLI is not built (npm run build)';
  return null;
}

const reason = unavailableReason();
const NETNS = `dd-${process.pid}-nft`;
const context = ruleContext('29.7.2');

async function inNetns(command: string, args: string[], input?: string) {
  return execa('nsenter', [`--net=/var/run/netns/${NETNS}`, command, ...args], { reject: false, timeout: 30_000, ...(input === undefined ? {} : { input }) });
}

/** moby's test rewrote nat-OUTPUT's `priority -100` to `dstnat`, which nft 1.0.6 refuses on the output hook. */
const loadable = (golden: string): string => golden.replace('type nat hook output priority dstnat', 'type nat hook output priority -100');

async function nftLoad(text: string): Promise<void> {
  const result = await inNetns(NFT!, ['-f', '-'], text);
  if (result.exitCode !== 0) throw new Error(`nft -f failed: ${result.stderr}`);
}

let root: string;

/** `dockdoc snapshot` inside the namespace, with host files from `root`, and moby's test topology as the engine. */
async function gather(): Promise<Snapshot> {
  const out = path.join(root, 'snapshot.json');
  const result = await inNetns(process.execPath, [path.join(REPO_ROOT, 'bin/dockdoc.js'), 'snapshot', '-o', out, '--root', root, '--docker-host', `unix://${root}/no-engine.sock`]);
  if (result.exitCode !== 0) throw new Error(`dockdoc snapshot failed: ${result.stderr}`);
  const loaded = parseSnapshot(out, readFileSync(out, 'utf8'));
  if (isInputProblem(loaded)) throw new Error(loaded.message);
  const base = nftablesHost();
  return { ...loaded, facts: { ...loaded.facts, engine: base.facts.engine, daemonConfig: base.facts.daemonConfig, firewallUnitStates: base.facts.firewallUnitStates } };
}

const realDescribe = reason === null ? describe : process.env[REQUIRE_INTEGRATION_ENV] === '1' ? describe : describe.skip;
if (reason !== null) console.warn(`nftables integration tests skipped: ${reason}`);

realDescribe(`real nft in a network namespace${reason ? ` (skipped: ${reason})` : ''}`, () => {
  beforeAll(async () => {
    if (reason !== null) throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but the nftables integration tests cannot run: ${reason}`);
    await execa('ip', ['netns', 'add', NETNS]);
    root = mkdtempSync(path.join(tmpdir(), 'dockdoc-nft-'));
    mkdirSync(path.join(root, 'etc/sysconfig'), { recursive: true });
    mkdirSync(path.join(root, 'etc/nftables'), { recursive: true });
  });
  afterAll(async () => {
    if (existsSync(`/var/run/netns/${NETNS}`)) await execa('ip', ['netns', 'delete', NETNS], { reject: false });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('reads every moby golden table back exactly as the kernel lists it (nft -j, both families)', async () => {
    // One batch: each golden table under a name of its own (`golden-N`), then one listing, as the gatherer runs it.
    const cases = goldenCases();
    await inNetns(NFT!, ['flush', 'ruleset']);
    await nftLoad(cases.map((c, i) => loadable(c.text).replace(/^table (ip6?) docker-bridges \{/m, `table $1 golden-${i} {`)).join('\n'));
    const listed = await inNetns(NFT!, ['-j', 'list', 'ruleset']);
    const { ruleset, problems } = readNftJson(listed.stdout);
    expect(problems).toEqual([]);
    expect(ruleset.tables).toHaveLength(282);
    cases.forEach((c, i) => {
      const table = ruleset.tables.find((t) => t.family === c.family && t.name === `golden-${i}`);
      expect({ ...table!, name: 'docker-bridges' }, c.file).toEqual(readNftListing(c.text).ruleset.tables[0]);
    });
  }, 60_000);

  it('gathers the golden tables of the test topology with dockdoc snapshot and finds nothing missing', async () => {
    await inNetns(NFT!, ['flush', 'ruleset']);
    for (const c of goldenCases().filter((g) => g.file.startsWith('hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__'))) await nftLoad(loadable(c.text));
    const snapshot = await gather();
    expect(snapshot.facts.nftRuleset).toMatchObject({ text: expect.stringContaining('table ip docker-bridges') });
    expect(DD401.check(snapshot, context)).toEqual([]);
  });

  it("lists Docker's tables and every chain, never the iptables-nft rules beside them (5,000 here)", async () => {
    await inNetns(NFT!, ['flush', 'ruleset']);
    for (const c of goldenCases().filter((g) => g.file.startsWith('hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__'))) await nftLoad(loadable(c.text));
    const rules = Array.from({ length: 5000 }, (_, i) => `-A KUBE-SERVICES -d 10.96.${i >> 8}.${i & 255}/32 -p tcp -m tcp --dport ${30000 + (i % 2000)} -j ACCEPT`);
    const restored = await inNetns(IPTABLES_NFT_RESTORE!, [], `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n-A FORWARD -j KUBE-SERVICES\n${rules.join('\n')}\nCOMMIT\n`);
    expect(restored.exitCode, restored.stderr).toBe(0);
    expect((await inNetns(NFT!, ['list', 'ruleset'])).stdout).toContain('ip daddr 10.96.19.135 tcp dport 30999');
    const snapshot = await gather();
    const fact = snapshot.facts.nftRuleset as NftRulesetFact;
    const tables = (JSON.parse(fact.json) as { nftables: { table?: { family: string; name: string } }[] }).nftables.flatMap((i) => (i.table ? [`${i.table.family} ${i.table.name}`] : []));
    expect(tables).toEqual(['ip docker-bridges', 'ip6 docker-bridges']);
    for (const listing of [fact.json, fact.text, fact.chains!.json, fact.chains!.text]) expect(listing).not.toContain('10.96.');
    expect(fact.chains!.text).toMatch(/table ip filter \{\n\tchain INPUT \{[^]*chain FORWARD \{\n\t\ttype filter hook forward priority filter; policy drop;\n\t\}\n[^]*chain KUBE-SERVICES \{\n\t\}/);
    expect(DD401.check(snapshot, context)).toEqual([]);
  });

  it('after `nft flush ruleset` DD401 names the broken published ports and networks', async () => {
    await inNetns(NFT!, ['flush', 'ruleset']);
    const findings = DD401.check(await gather(), context);
    expect(findings.map((f) => [f.severity ?? 'error', f.subject])).toEqual([
      ['error', 'nft:ip docker-bridges'],
      ['error', 'network:dummy'],
      ['error', 'nft:ip6 docker-bridges'],
      ['error', 'network:dummy'],
    ]);
    expect(findings[1]!.evidence!.problems).toContain('published port 0.0.0.0:8080 → web:80/tcp has no DNAT');
    expect(findings[3]!.evidence!.problems).toContain('published port [::]:8080 → web:80/tcp has no DNAT');
    expect(findings[0]!.message).toContain('No nftables config here flushes the ruleset: something ran `nft flush ruleset`');
  });

  it.each([
    ['Debian', 'etc/nftables.conf', '#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n\tchain forward {\n\t\ttype filter hook forward priority filter;\n\t}\n}\n', '/etc/nftables.conf:3'],
    ['RHEL', 'etc/sysconfig/nftables.conf', '# Uncomment the include statement here to load the default config sets.\ninclude "/etc/nftables/main.nft"\n', '/etc/nftables/main.nft:1'],
  ])('a %s nftables.service restart (nft -f of its config) wipes the tables and DD401 blames that config', async (_distro, file, config, where) => {
    await inNetns(NFT!, ['flush', 'ruleset']);
    for (const c of goldenCases().filter((g) => g.file.startsWith('hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__'))) await nftLoad(loadable(c.text));
    writeFileSync(path.join(root, file), config);
    writeFileSync(path.join(root, 'etc/nftables/main.nft'), 'flush ruleset\ntable inet filter {\n}\n');
    // ExecStart=/usr/sbin/nft -f <config>, as Debian's and RHEL's units run it (the include resolved on the host's /etc).
    const hostConfig = readFileSync(path.join(root, file), 'utf8').replace('"/etc/nftables/main.nft"', `"${path.join(root, 'etc/nftables/main.nft')}"`);
    await nftLoad(hostConfig);
    const snapshot = await gather();
    const findings = DD401.check(snapshot, context);
    expect(findings.map((f) => f.subject)).toEqual(['nft:ip docker-bridges', 'network:dummy', 'nft:ip6 docker-bridges', 'network:dummy']);
    expect(findings[0]!.message).toContain(`whose config runs \`flush ruleset\` (${where})`);
    rmSync(path.join(root, file));
  });
});
