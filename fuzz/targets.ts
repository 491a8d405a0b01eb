// The parsers `npm run fuzz` and the property tests (test/fuzz/parsers.property.test.ts) feed with hostile text,
// each with the seeds it starts from (copies of real captures in fixtures/). A target returns normally for any input:
// its parser's own input error (DotEnvError, ConfigError, ...) is the expected way to refuse one, so it is caught
// here; anything else escaping is a crash. fuzz/run.mjs bundles this file with esbuild, as the CLI is bundled.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../rules/index.js';
import { isDeepStrictEqual } from 'node:util';
import { DotEnvError, parseDotEnv } from '../src/compose/dotenv.js';
import { readBlockSubset } from '../src/compose/yaml-block-subset.js';
import { parseWithLibrary } from '../src/compose/yaml-library.js';
import { DEFAULT_YAML_LIMITS, loadComposeYamlReader, type ComposeNode } from '../src/compose/yaml-tree.js';
import { ConfigError, parseConfig } from '../src/config/load.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { parseDaemonConfig } from '../src/daemon/config.js';
import { runRules, type RunOptions } from '../src/engine/run.js';
import { interfacesFromText, AddrTextError } from '../src/iproute/addr-text.js';
import { IpJsonError, interfacesFromJson, routesFromJson } from '../src/iproute/json.js';
import { RouteTextError, routesFromText } from '../src/iproute/route-text.js';
import { nameserversOf } from '../src/gather/resolvConf.js';
import { parseRuleset } from '../src/iptables/ruleset.js';
import { lintSnapshot } from '../src/lint/snapshot.js';
import { isInputProblem } from '../src/snapshot/io.js';
import { parseSnapshot } from '../src/snapshot/parse.js';
import { engineAnswersFromRecords } from '../src/bundle/engine.js';
import { parseBundle } from '../src/bundle/format.js';
import { inputHookChains, jumpTargets } from '../src/nftables/input/chains.js';
import { evaluateInputHook } from '../src/nftables/input/evaluate.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

// The targets hand compose files to the rules directly, as lint's reader does after loading the yaml library's reader.
await loadComposeYamlReader();

export interface FuzzTarget {
  name: string;
  /** Texts from fixtures/ the mutations start from. */
  seeds: () => string[];
  /** Returns for any input; throws only on a crash. */
  run: (text: string) => unknown;
}

const RUN_OPTIONS: RunOptions = {
  rules: ALL_RULES,
  settings: { engineVersion: null, reserved: DEFAULT_CONFIG.reserved, thresholds: DEFAULT_CONFIG.thresholds },
  ignore: [],
  severityOverrides: {},
};

/** Files under fixtures/ whose path matches, read once. */
function fixtureTexts(test: (relative: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (test(path.relative(FIXTURES, full))) out.push(readFileSync(full, 'utf8'));
    }
  };
  walk(FIXTURES);
  return out;
}

const snapshots = () => fixtureTexts((p) => p.startsWith('hosts/') && p.endsWith('snapshot.json'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are read as plain JSON
const snapshotFacts = (): any[] => snapshots().map((text) => JSON.parse(text).facts);

/** ip -j output as iproute2 prints it, rebuilt from the routes and addresses the host fixtures recorded. */
function ipRouteJsonSeeds(): string[] {
  return snapshotFacts()
    .filter((facts) => Array.isArray(facts.routes))
    .map((facts) => JSON.stringify(facts.routes.map(({ family: _family, ...route }: Record<string, unknown>) => Object.fromEntries(Object.entries(route).filter(([, v]) => v !== null)))));
}

function ipAddrJsonSeeds(): string[] {
  return snapshotFacts()
    .filter((facts) => Array.isArray(facts.addresses))
    .map((facts) =>
      JSON.stringify(
        facts.addresses.map((link: { name: string; state: string; addresses: { family: number; address: string; prefixLength: number }[] }) => ({
          ifname: link.name,
          operstate: link.state,
          addr_info: link.addresses.map((a) => ({ family: a.family === 4 ? 'inet' : 'inet6', local: a.address, prefixlen: a.prefixLength })),
        })),
      ),
    );
}

function expectOnly(errorClass: new (...args: never[]) => Error, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof errorClass)) throw error;
  }
}

/** A compose project as `dockdoc lint` builds it, run through every rule (parsing, merging, interpolation, rules). */
function lintCompose(text: string, variables: Record<string, string>): void {
  const snapshot = lintSnapshot({
    compose: { projects: [{ workingDir: '/fuzz/app', files: [{ path: 'compose.yaml', present: true, text }], variables, nameOverride: null }] },
    host: null,
    daemonConfig: null,
  });
  runRules(snapshot, RUN_OPTIONS);
}

/** A compose tree as plain data, key order kept (isDeepStrictEqual would not compare the order of a Map's entries). */
function plainTree(node: ComposeNode): unknown {
  if (node.kind === 'map') return { ...node, entries: [...node.entries].map(([key, entry]) => [key, entry.key, entry.keyAt, plainTree(entry.value)]) };
  if (node.kind === 'seq') return { ...node, items: node.items.map(plainTree) };
  return node;
}

/** The block-subset reader against the yaml library: a text it accepts must give the library's trees exactly. */
function compareBlockSubset(text: string): void {
  const subset = readBlockSubset('compose.yaml', text, DEFAULT_YAML_LIMITS);
  if (!subset) return;
  let library: unknown;
  try {
    library = parseWithLibrary('compose.yaml', text).map(plainTree);
  } catch (error) {
    library = error;
  }
  if (!isDeepStrictEqual(subset.map(plainTree), library)) throw new Error(`the block-subset reader and the yaml library differ on ${JSON.stringify(text)}`);
}

export const TARGETS: FuzzTarget[] = [
  {
    name: 'daemon.json',
    seeds: () => [
      ...fixtureTexts((p) => /daemon[^/]*\.json$/.test(p)),
      ...snapshotFacts().flatMap((f) => (typeof f.daemonConfig?.text === 'string' ? [f.daemonConfig.text] : [])),
    ],
    run: (text) => parseDaemonConfig('daemon.json', text),
  },
  {
    name: 'iptables rules',
    seeds: () => fixtureTexts((p) => /(^iptables\/.*\.rules$)|(ip6?tables(-legacy)?-save\.txt$)|(^iptables\/results\/.*)/.test(p)),
    run: (text) => {
      parseRuleset(text, { family: 4, mode: 'file' });
      parseRuleset(text, { family: 6, mode: 'kernel' });
    },
  },
  {
    name: 'compose',
    seeds: () => fixtureTexts((p) => p.startsWith('compose/') && /\.ya?ml$/.test(p)),
    run: (text) => lintCompose(text, { SUBNET: '10.1.0.0/24', GW: '10.1.0.1', EMPTY: '' }),
  },
  {
    name: 'compose YAML block subset',
    seeds: () => fixtureTexts((p) => p.startsWith('compose/') && /\.ya?ml$/.test(p)),
    run: compareBlockSubset,
  },
  {
    name: '.env',
    seeds: () => fixtureTexts((p) => p.startsWith('compose/') && p.endsWith('.env')),
    run: (text) => expectOnly(DotEnvError, () => parseDotEnv(text, (name) => (name === 'HOME' ? '/root' : undefined))),
  },
  {
    name: '.dockdoc.yml',
    seeds: () => fixtureTexts((p) => p.startsWith('config/') && p.endsWith('.yml')),
    run: (text) => expectOnly(ConfigError, () => parseConfig('.dockdoc.yml', text)),
  },
  {
    name: 'snapshot',
    seeds: snapshots,
    run: (text) => {
      const loaded = parseSnapshot('snapshot.json', text);
      if (!isInputProblem(loaded)) runRules(loaded, RUN_OPTIONS);
    },
  },
  {
    name: 'resolv.conf',
    // The pools corpus logged the host's /etc/resolv.conf (`$ cat /etc/resolv.conf` in actions.log).
    seeds: () => [
      ...snapshotFacts().flatMap((f) => (typeof f.resolvConf?.text === 'string' ? [f.resolvConf.text] : [])),
      ...fixtureTexts((p) => p.startsWith('pools/corpus/') && p.endsWith('actions.log')).flatMap((log) => {
        const match = /\$ cat \/etc\/resolv\.conf\n([\s\S]*?)\[rc=/.exec(log);
        return match?.[1] !== undefined ? [match[1]] : [];
      }),
    ],
    run: (text) => nameserversOf(text),
  },
  { name: 'ip route JSON', seeds: ipRouteJsonSeeds, run: (text) => expectOnly(IpJsonError, () => routesFromJson(text, 4)) },
  { name: 'ip addr JSON', seeds: ipAddrJsonSeeds, run: (text) => expectOnly(IpJsonError, () => interfacesFromJson(text)) },
  {
    name: 'ip route text',
    seeds: () => fixtureTexts((p) => p.endsWith('ip-route.txt')),
    run: (text) => expectOnly(RouteTextError, () => routesFromText(text, 4)),
  },
  {
    name: 'ip addr text',
    seeds: () => fixtureTexts((p) => p.endsWith('ip-addr.txt')),
    run: (text) => expectOnly(AddrTextError, () => interfacesFromText(text)),
  },
  {
    // The gather script's bundle (docs/bundle.md): the format, and the engine answers its docker CLI templates print.
    name: 'bundle',
    seeds: () => fixtureTexts((p) => p.startsWith('bundles/') && p.endsWith('.bundle')),
    run: (text) => {
      const bundle = parseBundle('host.bundle', Buffer.from(text));
      if ('records' in bundle) engineAnswersFromRecords(new Map(bundle.records.filter((r) => r.kind === 'engine').map((r) => [r.key, r])), 'unix:///var/run/docker.sock');
    },
  },
  {
    // `nft -j list chain` of an input chain, as the INPUT evaluator and the gatherer's walk read it.
    name: 'nft -j input chain',
    seeds: () =>
      fixtureTexts((p) => p.startsWith('nftables/input/') && p.endsWith('.gathered.json')).flatMap((text) =>
        (JSON.parse(text) as { nftInputChains: { chains: { json?: string }[] } }).nftInputChains.chains.flatMap((c) => (c.json ? [c.json] : [])),
      ),
    run: (text) => {
      inputHookChains(text);
      const targets = jumpTargets(text);
      // The same text as the base chain and as every chain it names, so jumps lead somewhere.
      const base = /"chain": \{[^}]*"name": "([^"]+)"/.exec(text)?.[1] ?? 'input';
      const chains = [base, ...targets].map((name) => ({ family: 'inet', table: 'filter', name, json: text }));
      for (const source of ['192.0.2.2', '2001:db8::2']) {
        evaluateInputHook({ chains, unlisted: [] }, { protocol: 'udp', port: 4789, source, destination: null, inInterface: 'eth0' });
      }
    },
  },
];
