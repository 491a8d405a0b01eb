import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintFixtures, summary } from './fixture-lint.js';

/**
 * Real compose projects from public repositories (fixtures/realworld/compose, each with its PROVENANCE), linted one
 * project at a time as their READMEs deploy them. Every finding is listed here and explained in the README there;
 * none is an error: each project deploys as written.
 */
const REALWORLD = fileURLToPath(new URL('../../fixtures/realworld/compose/', import.meta.url));
const PROJECTS = readdirSync(REALWORLD, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const EXPECTED: Record<string, string[]> = {
  'awesome-pihole-cloudflared-DoH': [
    'awesome-pihole-cloudflared-DoH/compose.yaml:55:19 warning DD305 Subnet 172.20.0.0/24 of network awesome-pihole-cloudflared-doh_dns-net lies in pool 172.20.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space".',
  ],
  'firezone': [
    'firezone/docker-compose.yml:499:19 warning DD205 compose network firezone_client-2-internal 172.32.0.0/24 is public address space (not RFC 1918, RFC 6598 or IPv6 ULA). Hosts on the Internet with those addresses become unreachable from this host and its containers, because the Docker bridge route wins. dockerd does not check this.',
    'firezone/docker-compose.yml:471:19 warning DD305 Subnet 172.28.0.0/24 of network firezone_app-internal lies in pool 172.28.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space". Project firezone itself creates network 99-ghost-in-da-edge without a subnet, which compose may create first.',
    'firezone/docker-compose.yml:492:19 warning DD305 Subnet 172.30.0.0/24 of network firezone_client-1-internal lies in pool 172.28.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space". Project firezone itself creates network 99-ghost-in-da-edge without a subnet, which compose may create first.',
    'firezone/scripts/compose/resources.yml:71:19 warning DD305 Subnet 172.21.0.0/24 of network firezone_dns_resources lies in pool 172.20.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space". Project firezone itself creates network 99-ghost-in-da-edge without a subnet, which compose may create first.',
    'firezone/docker-compose.yml:506:19 warning DD305 Subnet 172.31.0.0/24 of network firezone_gateway-internal lies in pool 172.28.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space". Project firezone itself creates network 99-ghost-in-da-edge without a subnet, which compose may create first.',
    'firezone/docker-compose.yml:478:19 warning DD305 Subnet 172.29.1.0/24 of network firezone_relay-1-internal lies in pool 172.28.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space". Project firezone itself creates network 99-ghost-in-da-edge without a subnet, which compose may create first.',
    'firezone/docker-compose.yml:485:19 warning DD305 Subnet 172.29.2.0/24 of network firezone_relay-2-internal lies in pool 172.28.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space". Project firezone itself creates network 99-ghost-in-da-edge without a subnet, which compose may create first.',
    'firezone/docker-compose.yml:472:19 info DD205 compose network firezone_app-internal 172:28::/64 is IPv6 space not yet allocated for unicast (outside 2000::/3): no Internet hosts use it today, but it is not meant for local networks and may be allocated later. dockerd does not check this.',
    'firezone/docker-compose.yml:493:19 info DD205 compose network firezone_client-1-internal 172:30::/64 is IPv6 space not yet allocated for unicast (outside 2000::/3): no Internet hosts use it today, but it is not meant for local networks and may be allocated later. dockerd does not check this.',
    'firezone/docker-compose.yml:500:19 info DD205 compose network firezone_client-2-internal 172:32::/64 is IPv6 space not yet allocated for unicast (outside 2000::/3): no Internet hosts use it today, but it is not meant for local networks and may be allocated later. dockerd does not check this.',
    'firezone/docker-compose.yml:507:19 info DD205 compose network firezone_gateway-internal 172:31::/64 is IPv6 space not yet allocated for unicast (outside 2000::/3): no Internet hosts use it today, but it is not meant for local networks and may be allocated later. dockerd does not check this.',
    'firezone/docker-compose.yml:464:19 info DD205 compose network firezone_internet 203.0.113.0/24 is documentation space (TEST-NET-3) (203.0.113.0/24, RFC 5737; IANA special-purpose registry), not private space. No Internet hosts use these addresses, so nothing is shadowed; but the range is reserved for that purpose, not for local networks, and other setups that use it may collide with yours. dockerd does not check this.',
    'firezone/docker-compose.yml:465:19 info DD205 compose network firezone_internet 203:0:113::/64 is IPv6 space not yet allocated for unicast (outside 2000::/3): no Internet hosts use it today, but it is not meant for local networks and may be allocated later. dockerd does not check this.',
    'firezone/docker-compose.yml:479:19 info DD205 compose network firezone_relay-1-internal 172:29:1::/64 is IPv6 space not yet allocated for unicast (outside 2000::/3): no Internet hosts use it today, but it is not meant for local networks and may be allocated later. dockerd does not check this.',
    'firezone/docker-compose.yml:486:19 info DD205 compose network firezone_relay-2-internal 172:29:2::/64 is IPv6 space not yet allocated for unicast (outside 2000::/3): no Internet hosts use it today, but it is not meant for local networks and may be allocated later. dockerd does not check this.',
    'firezone/scripts/compose/resources.yml:82:19 info DD205 compose network firezone_resources 10:20::/64 is IPv6 space not yet allocated for unicast (outside 2000::/3): no Internet hosts use it today, but it is not meant for local networks and may be allocated later. dockerd does not check this.',
  ],
  'mailcow': [
    'mailcow/docker-compose.yml:672:19 warning DD305 Subnet 172.22.1.0/24 of network mailcow_mailcow-network lies in pool 172.20.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space".',
  ],
  'mailu-docs': [
    'mailu-docs/docker-compose.yml:135:19 warning DD305 Subnet 192.168.203.0/24 of network mailu_default lies in pool 192.168.0.0/16 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space".',
  ],
  'open5gs-4g-volte': [
    'open5gs-4g-volte/compose.yaml:479:19 warning DD305 Subnet 172.22.0.0/24 of network docker_open5gs_default lies in pool 172.20.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space".',
  ],
  'open5gs-sa': [
    'open5gs-sa/compose.yaml:336:19 warning DD305 Subnet 172.22.0.0/24 of network docker_open5gs_default lies in pool 172.20.0.0/14 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space".',
  ],
  'srsran-5g': [
    'srsran-5g/docker-compose.yml:120:19 warning DD305 Subnet 172.19.1.0/24 of network srsran-5g_metrics lies in pool 172.19.0.0/16 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space".',
  ],
};

describe('real-world compose projects', () => {
  it('holds at least 40 projects, each with its provenance and an explanation of every finding', () => {
    expect(PROJECTS.length).toBeGreaterThanOrEqual(40);
    const readme = readFileSync(new URL('README.md', `file://${REALWORLD}`), 'utf8');
    for (const name of PROJECTS) {
      const provenance = readFileSync(`${REALWORLD}${name}/PROVENANCE`, 'utf8');
      expect(provenance, name).toMatch(/^repository: https:\/\/github\.com\/[^/\s]+\/[^/\s]+$/m);
      expect(provenance, name).toMatch(/^commit: [0-9a-f]{40}$/m);
      expect(provenance, name).toMatch(/^licence: .+$/m);
      expect(readme, name).toContain(`\`${name}\``);
    }
    expect(Object.keys(EXPECTED).filter((name) => !existsSync(`${REALWORLD}${name}`))).toEqual([]);
  });

  it.each(PROJECTS)('%s: exactly the expected findings, and no error', async (name) => {
    const result = await lintFixtures([name], { cwd: REALWORLD });
    expect(summary(result)).toEqual(EXPECTED[name] ?? []);
    expect(result.report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });
});
