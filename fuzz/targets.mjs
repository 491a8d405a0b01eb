// The parsers `npm run fuzz` and the property tests (test/fuzz/parsers.property.test.ts) feed with hostile text,
// each with the seeds it starts from (copies of real captures in fixtures/). A target returns normally for any input:
// its parser's own input error (DotEnvError, ConfigError, ...) is the expected way to refuse one, so it is caught
// here; anything else escaping is a crash. Imports the built code (dist/), as the CLI runs it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../dist/rules/index.js';
import { DotEnvError, parseDotEnv } from '../dist/src/compose/dotenv.js';
import { ConfigError, parseConfig } from '../dist/src/config/load.js';
import { DEFAULT_CONFIG } from '../dist/src/config/schema.js';
import { parseDaemonConfig } from '../dist/src/daemon/config.js';
import { runRules } from '../dist/src/engine/run.js';
import { interfacesFromIpJson, routesFromIpJson } from '../dist/src/gather/ipJson.js';
import { nameserversOf } from '../dist/src/gather/resolvConf.js';
import { parseRuleset } from '../dist/src/iptables/ruleset.js';
import { lintSnapshot } from '../dist/src/lint/snapshot.js';
import { isInputProblem, parseSnapshot } from '../dist/src/snapshot/io.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

const RUN_OPTIONS = {
  rules: ALL_RULES,
  settings: { engineVersion: null, reserved: DEFAULT_CONFIG.reserved, thresholds: DEFAULT_CONFIG.thresholds },
  ignore: [],
  severityOverrides: {},
};

/** Files under fixtures/ whose path matches, read once. */
function fixtureTexts(test) {
  const out = [];
  const walk = (dir) => {
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
const snapshotFacts = () => snapshots().map((text) => JSON.parse(text).facts);

/** ip -j output as iproute2 prints it, rebuilt from the routes and addresses the host fixtures recorded. */
function ipRouteJsonSeeds() {
  return snapshotFacts()
    .filter((facts) => Array.isArray(facts.routes))
    .map((facts) => JSON.stringify(facts.routes.map(({ family: _family, ...route }) => Object.fromEntries(Object.entries(route).filter(([, v]) => v !== null)))));
}

function ipAddrJsonSeeds() {
  return snapshotFacts()
    .filter((facts) => Array.isArray(facts.addresses))
    .map((facts) =>
      JSON.stringify(
        facts.addresses.map((link) => ({
          ifname: link.name,
          operstate: link.state,
          addr_info: link.addresses.map((a) => ({ family: a.family === 4 ? 'inet' : 'inet6', local: a.address, prefixlen: a.prefixLength })),
        })),
      ),
    );
}

function expectOnly(errorClass, run) {
  try {
    run();
  } catch (error) {
    if (!(error instanceof errorClass)) throw error;
  }
}

/** A compose project as `dockdoc lint` builds it, run through every rule (parsing, merging, interpolation, rules). */
function lintCompose(text, variables) {
  const snapshot = lintSnapshot({
    compose: { projects: [{ workingDir: '/fuzz/app', files: [{ path: 'compose.yaml', present: true, text }], variables, nameOverride: null }] },
    host: null,
    daemonConfig: null,
  });
  runRules(snapshot, RUN_OPTIONS);
}

export const TARGETS = [
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
        return match ? [match[1]] : [];
      }),
    ],
    run: (text) => nameserversOf(text),
  },
  { name: 'ip route JSON', seeds: ipRouteJsonSeeds, run: (text) => routesFromIpJson(text, 4) },
  { name: 'ip addr JSON', seeds: ipAddrJsonSeeds, run: (text) => interfacesFromIpJson(text) },
];
