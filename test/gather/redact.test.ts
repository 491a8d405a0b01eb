import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonWithPositions, type JsonNode } from '../../src/daemon/json.js';
import { dockerdCommandLine } from '../../src/daemon/unitFlags.js';
import { REDACTED, redactDaemonJson, redactUnitFile } from '../../src/gather/redact.js';

const DAEMON_JSON = `{
  "bip": "172.26.0.1/16",
  "log-driver": "splunk",
  "log-opts": { "splunk-token": "176FCEBF-4CF5-4EDF-91BC-703796522D20", "splunk-url": "https://splunk:8088" },
  "proxies": { "http-proxy": "http://user:pass@proxy:3128", "no-proxy": "localhost" },
  "registry-mirrors": ["https://mirror-user:mirror-pass@mirror.example"],
  "iptables": false
}
`;

describe('redactDaemonJson', () => {
  it('redacts log-opts values, proxy and mirror user:password in place, and keeps every other value, key and line', () => {
    expect(redactDaemonJson(DAEMON_JSON)).toBe(`{
  "bip": "172.26.0.1/16",
  "log-driver": "splunk",
  "log-opts": { "splunk-token": "${REDACTED}", "splunk-url": "${REDACTED}" },
  "proxies": { "http-proxy": "http://${REDACTED}@proxy:3128", "no-proxy": "localhost" },
  "registry-mirrors": ["https://${REDACTED}@mirror.example"],
  "iptables": false
}
`);
  });

  it('keeps the positions of what the rules read: each key stays at its line and column', () => {
    const keys = (text: string) => {
      const root = parseJsonWithPositions(text);
      return root.kind === 'object' ? root.entries.map((entry) => [entry.key, entry.keyAt]) : [];
    };
    expect(keys(redactDaemonJson(DAEMON_JSON))).toEqual(keys(DAEMON_JSON));
  });

  it('redacts a credential-named value even in a file that is not valid JSON, and leaves the syntax error where it was', () => {
    const broken = '{"bip": "10.0.0.1/24", "registry-token": "s3cr3t",\n "x": }';
    expect(redactDaemonJson(broken)).toBe(`{"bip": "10.0.0.1/24", "registry-token": "${REDACTED}",\n "x": }`);
  });
});

describe('redactUnitFile', () => {
  const unit = [
    '[Service]',
    'Environment="HTTP_PROXY=http://user:pass@proxy:3128" "NO_PROXY=localhost,.corp"',
    'Environment=DOCKER_INSECURE_NO_IPTABLES_RAW=1 AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI \\',
    '  REGISTRY_PASSWORD=hunter2',
    'ExecStart=',
    'ExecStart=/usr/bin/dockerd -H fd:// --log-opt splunk-token=SECRET-TOKEN --bip 10.1.0.1/16',
    'PartOf=iptables.service',
  ].join('\n');

  it('keeps Environment= names, the values rules read and proxy hosts; redacts the rest and every --log-opt value', () => {
    expect(redactUnitFile(unit).split('\n')).toEqual([
      '[Service]',
      `Environment=HTTP_PROXY=http://${REDACTED}@proxy:3128 NO_PROXY=localhost,.corp`,
      `Environment=DOCKER_INSECURE_NO_IPTABLES_RAW=1 AWS_SECRET_ACCESS_KEY=${REDACTED} \\`,
      `REGISTRY_PASSWORD=${REDACTED}`,
      'ExecStart=',
      `ExecStart=/usr/bin/dockerd -H fd:// --log-opt splunk-token=${REDACTED} --bip 10.1.0.1/16`,
      'PartOf=iptables.service',
    ]);
  });

  it("leaves dockerd's flags as the rules read them", () => {
    const units = (text: string) => ({ units: { 'docker.service': { fragment: { path: '/lib/systemd/system/docker.service', present: true, text }, dropIns: [] } } });
    const flags = dockerdCommandLine(units(redactUnitFile(unit)))!.flags;
    expect(flags.filter((flag) => flag.name !== 'log-opt')).toEqual(dockerdCommandLine(units(unit))!.flags.filter((flag) => flag.name !== 'log-opt'));
    expect(flags.find((flag) => flag.name === 'log-opt')).toEqual({ name: 'log-opt', value: `splunk-token=${REDACTED}` });
  });
});

describe('redaction properties', () => {
  // Documents where redaction has work to do: credential keys, log-opts, URLs with and without user:password.
  const secretish = fc.oneof(
    fc.jsonValue(),
    fc.string().map((s) => `http://${encodeURIComponent(s) || 'u'}:p"w@proxy.example:3128/${s}`),
    fc.string().map((s) => `https://user:${s.replace(/["@/\s]/g, '')}x@registry.example/`),
    fc.constant('https://mirror.example'),
  );
  const daemonJsonLike = fc.dictionary(
    fc.oneof(fc.constantFrom('log-opts', 'registry-token', 'proxies', 'password', 'bip', 'registry-mirrors'), fc.string()),
    fc.oneof(secretish, fc.dictionary(fc.oneof(fc.constantFrom('splunk-token', 'http-proxy'), fc.string()), secretish), fc.array(secretish)),
  );

  const keysWithPositions = (text: string): unknown => {
    const walk = (node: JsonNode): unknown =>
      node.kind === 'object'
        ? node.entries.map((entry) => [entry.key, entry.keyAt, walk(entry.value)])
        : node.kind === 'array'
          ? node.items.map(walk)
          : node.at;
    return walk(parseJsonWithPositions(text));
  };

  it('any such document stays valid JSON with the same lines, and every key and value starts where it started', () => {
    fc.assert(
      fc.property(daemonJsonLike, fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const redacted = redactDaemonJson(text);
        expect(redacted.split('\n').length).toBe(text.split('\n').length);
        expect(() => JSON.parse(redacted)).not.toThrow();
        expect(redacted).not.toMatch(/user:[^"@]*x@registry\.example/);
        // Positions of what comes before any redacted value on its line are kept; pretty-printed, that is everything.
        if (pretty) expect(keysWithPositions(redacted)).toEqual(keysWithPositions(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and keeps the line count, for any text as daemon.json or as a unit file', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expect(redactDaemonJson(text).split('\n').length).toBe(text.split('\n').length);
        expect(redactUnitFile(text).split('\n').length).toBe(text.split('\n').length);
      }),
      { numRuns: 500 },
    );
  });
});
