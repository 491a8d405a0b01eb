import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import DD401 from '../../rules/DD401.js';
import DD404 from '../../rules/DD404.js';
import DD410 from '../../rules/DD410.js';
import DD415 from '../../rules/DD415.js';
import { dockerFirewall } from '../../src/iptables/docker/analysis.js';
import type { EngineContainer, EngineNetwork, PublishedPort } from '../../src/snapshot/schema.js';
import { GOLDEN, hostSnapshot } from './moby-golden-support.js';
import { ruleContext } from './rule-context.js';

/**
 * 28.0.0 is the one release with the ipset layout and it has no TestIptabler; its ground truth is moby's
 * integration/network/bridge/iptablesdoc/generated/*.md at v28.0.0 (fixtures/docker-rules/moby-golden/28.0.0/):
 * `iptables -S` of each table after a real dockerd set up docker0 and the networks described in
 * iptablesdoc_linux_test.go. IPv4 only: the docs do not run ip6tables.
 */
const VERSION = '28.0.0';

/** The `iptables -S` blocks of a doc, by table (told apart by their built-in chains' policies). */
function docTables(doc: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  const blocks = doc.split('<summary>iptables commands</summary>').slice(1).map((b) => b.slice(0, b.indexOf('</details>')));
  for (const block of blocks) {
    const lines = block.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const table = lines.includes('-P POSTROUTING ACCEPT') ? 'nat' : lines.includes('-P FORWARD ACCEPT') ? 'filter' : 'raw';
    tables.set(table, lines);
  }
  return tables;
}

/** As save text, so the snapshot's live ruleset is what the doc shows (tables it does not show are left empty). */
function asSave(tables: Map<string, string[]>): string {
  return [...tables]
    .map(([table, lines]) => {
      const policies = lines.filter((l) => l.startsWith('-P ')).map((l) => `:${l.split(' ')[1]} ${l.split(' ')[2]} [0:0]`);
      const chains = lines.filter((l) => l.startsWith('-N ')).map((l) => `:${l.slice(3)} - [0:0]`);
      return [`*${table}`, ...policies, ...chains, ...lines.filter((l) => l.startsWith('-A ')), 'COMMIT'].join('\n');
    })
    .join('\n') + '\n';
}

function bridgeNetwork(name: string, subnet: string, options: Record<string, string> = {}, internal = false): EngineNetwork {
  return {
    id: name.padEnd(64, '0'),
    name,
    driver: 'bridge',
    scope: 'local',
    internal,
    enableIPv6: false,
    ipamDriver: 'default',
    subnets: [{ subnet, gateway: null, ipRange: null, auxAddresses: {} }],
    options: { 'com.docker.network.bridge.name': name, ...options },
    bridge: name,
  };
}

function container(name: string, network: string, ipv4: string, ports: PublishedPort[] = []): EngineContainer {
  return { id: name.padEnd(64, '0'), name, state: 'running', endpoints: [{ network, networkId: network.padEnd(64, '0'), ipv4, ipv6: null }], ports };
}

const DOCKER0 = bridgeNetwork('docker0', '172.17.0.0/16', { 'com.docker.network.bridge.default_bridge': 'true' });
const PORT: PublishedPort = { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' };

/** iptablesdoc_linux_test.go's cases at v28.0.0 (swarm-portmap needs a swarm: DD415 names its overlay instead). */
const DOCS: Record<string, { networks: EngineNetwork[]; containers: EngineContainer[]; daemonJson?: string }> = {
  'new-daemon.md': { networks: [DOCKER0], containers: [] },
  'usernet-portmap.md': { networks: [DOCKER0, bridgeNetwork('bridge1', '192.0.2.0/24')], containers: [container('c1', 'bridge1', '192.0.2.2', [PORT])] },
  'usernet-portmap-noproxy.md': {
    networks: [DOCKER0, bridgeNetwork('bridge1', '192.0.2.0/24')],
    containers: [container('c1', 'bridge1', '192.0.2.2', [PORT])],
    daemonJson: '{"userland-proxy": false}\n',
  },
  'usernet-portmap-noicc.md': {
    networks: [DOCKER0, bridgeNetwork('bridge1', '192.0.2.0/24', { 'com.docker.network.bridge.enable_icc': 'false' })],
    containers: [container('c1', 'bridge1', '192.0.2.2', [PORT])],
  },
  'usernet-internal.md': {
    networks: [
      DOCKER0,
      bridgeNetwork('bridgeICC', '192.0.2.0/24', {}, true),
      bridgeNetwork('bridgeNoICC', '198.51.100.0/24', { 'com.docker.network.bridge.enable_icc': 'false' }, true),
    ],
    containers: [container('c1', 'bridgeICC', '192.0.2.2'), container('c2', 'bridgeNoICC', '198.51.100.2')],
  },
  // Routed bindings have no host port (the routed port mapper drops it), so the engine lists no published port.
  'usernet-portmap-routed.md': {
    networks: [DOCKER0, bridgeNetwork('bridge1', '192.0.2.0/24', { 'com.docker.network.bridge.gateway_mode_ipv4': 'routed' })],
    containers: [container('c1', 'bridge1', '192.0.2.2', [{ ...PORT, hostPort: 0 }])],
  },
  'usernet-portmap-natunprot.md': {
    networks: [DOCKER0, bridgeNetwork('bridge1', '192.0.2.0/24', { 'com.docker.network.bridge.gateway_mode_ipv4': 'nat-unprotected' })],
    containers: [container('c1', 'bridge1', '192.0.2.2', [PORT])],
  },
  'usernet-portmap-lo.md': {
    networks: [DOCKER0, bridgeNetwork('bridge1', '192.0.2.0/24')],
    containers: [container('c1', 'bridge1', '192.0.2.2', [{ ...PORT, hostIp: '127.0.0.1' }])],
  },
};

function snapshotOf(name: string, save: string) {
  const d = DOCS[name]!;
  return hostSnapshot({ version: VERSION, networks: d.networks, containers: d.containers, daemonJson: d.daemonJson ?? '{"ip6tables": false}\n', saves: { 4: save, 6: null } });
}

describe("moby 28.0.0's iptablesdoc (the ipset layout)", () => {
  for (const name of Object.keys(DOCS)) {
    const tables = docTables(readFileSync(`${GOLDEN}28.0.0/${name}`, 'utf8'));
    const save = asSave(tables);

    it(`${name}: every table the doc shows is exactly the rendering of the intent`, () => {
      const analysis = dockerFirewall(snapshotOf(name, save), VERSION)!;
      expect(analysis.layout.name).toBe('v28-ipset');
      for (const [table, lines] of tables) {
        const expected = analysis.expectation.rules.filter((r) => r.family === 4 && r.table === table).map((r) => `-A ${r.chain} ${r.text}`);
        expect(expected.sort()).toEqual(lines.filter((l) => l.startsWith('-A ')).sort());
        const chains = analysis.expectation.chains.filter((c) => c.family === 4 && c.table === table).map((c) => `-N ${c.chain}`);
        expect(chains.sort()).toEqual(lines.filter((l) => l.startsWith('-N ')).sort());
      }
    });

    it(`${name}: live equal to the doc misses nothing in the tables it shows; each rule removed is exactly what is missing`, () => {
      const shown = (r: { table: string }) => tables.has(r.table);
      const drift = (text: string) => dockerFirewall(snapshotOf(name, text), VERSION)!.families[0]!.drift;
      expect(drift(save).missingRules.filter(shown)).toEqual([]);
      expect(drift(save).missingChains.filter(shown)).toEqual([]);
      for (const line of save.split('\n').filter((l) => l.startsWith('-A '))) {
        const without = drift(save.replace(`${line}\n`, ''));
        expect(without.missingChains.filter(shown)).toEqual([]);
        expect(without.missingRules.filter(shown).map((r) => `-A ${r.chain} ${r.text}`)).toEqual([line]);
      }
    });

    // Docs that show every table Docker has rules in are a whole host: no firewall finding at all.
    const expectedTables = new Set(dockerFirewall(snapshotOf(name, save), VERSION)!.expectation.rules.map((r) => r.table));
    if ([...expectedTables].every((t) => tables.has(t))) {
      it(`${name}: a host whose live rules are the doc gets no firewall finding`, () => {
        const context = ruleContext(VERSION);
        expect([DD401, DD404, DD410, DD415].flatMap((rule) => rule.check(snapshotOf(name, save), context))).toEqual([]);
      });
    }
  }

  it('a missing ipset jump is named as the plumbing into DOCKER, not as a network problem', () => {
    const save = asSave(docTables(readFileSync(`${GOLDEN}28.0.0/usernet-portmap.md`, 'utf8')));
    const findings = DD401.check(snapshotOf('usernet-portmap.md', save.replace('-A FORWARD -m set --match-set docker-ext-bridges-v4 dst -j DOCKER\n', '')), ruleContext(VERSION));
    expect(findings.map((f) => f.message)).toEqual([
      "Docker's chains exist but the rules that lead into them are missing from the live iptables: -t filter -A FORWARD -m set --match-set docker-ext-bridges-v4 dst -j DOCKER. Nothing inside those chains is reached.",
    ]);
  });
});
