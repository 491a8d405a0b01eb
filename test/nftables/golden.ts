import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { NftDaemonConfig, NftIpFamily, NftNetworkConfig } from '../../src/nftables/docker/config.js';

export const GOLDEN_DIR = path.join(import.meta.dirname, '../../fixtures/nftables/moby-golden/TestNftabler');

export interface GoldenCase {
  file: string;
  family: NftIpFamily;
  text: string;
  daemon: NftDaemonConfig;
  networks: NftNetworkConfig[];
}

/** moby's test inputs (nftabler_test.go at docker-v29.7.2) for the parameters a golden file's name gives. */
export function goldenCases(): GoldenCase[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.golden'))
    .sort()
    .map((file) => {
      const [params, family] = file.replace(/\.golden$/, '').split('__') as [string, NftIpFamily];
      const p = new Map(params.split(',').map((kv) => kv.split('=') as [string, string]));
      const flag = (name: string): boolean => p.get(name) === 'true';
      const daemon: NftDaemonConfig = { hairpin: flag('hairpin'), wsl2Mirrored: flag('wsl2mirrored'), allowDirectRouting: false };
      const text = readFileSync(path.join(GOLDEN_DIR, file), 'utf8');
      if (params.startsWith('cleaned')) return { file, family, text, daemon, networks: [] };
      const gwm = p.get('gwm') ?? 'nat';
      const fam = (prefix: string, hostIp: string) => ({ prefix, hostIp: flag('snat') ? hostIp : null, routed: gwm === 'routed', unprotected: gwm === 'nat-unprotected' });
      const bindlh = flag('bindlh');
      const network: NftNetworkConfig = {
        bridge: 'br-dummy',
        internal: flag('internal'),
        icc: flag('icc'),
        masquerade: flag('masq'),
        trustedHostInterfaces: [],
        ip: fam('192.168.0.0/24', '192.168.123.0'),
        ip6: fam('fd49:efd7:54aa::/64', 'fd34:d0d4:672f::123'),
        endpoints: [{ ip: '192.168.0.2', ip6: 'fd49:efd7:54aa::1' }],
        ports: [
          { protocol: 'tcp', containerIp: '192.168.0.2', containerPort: 80, hostIp: bindlh ? '127.0.0.1' : '0.0.0.0', hostPort: 8080 },
          { protocol: 'tcp', containerIp: 'fd49:efd7:54aa::1', containerPort: 80, hostIp: bindlh ? '::1' : '::', hostPort: 8080 },
        ],
      };
      return { file, family, text, daemon, networks: [network] };
    });
}
