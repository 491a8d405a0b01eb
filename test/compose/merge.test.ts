import { describe, expect, it } from 'vitest';
import { applyResets, mergeComposeTrees } from '../../src/compose/merge.js';
import { parseComposeYaml, ComposeFileError, type ComposeNode, type MapNode } from '../../src/compose/yaml-tree.js';

/** Plain JS of a tree, to compare merge results with compose-go's expectations. */
function plain(node: ComposeNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries([...node.entries].map(([key, entry]) => [key, plain(entry.value)]));
}

function merge(...texts: string[]): MapNode {
  return texts
    .map((text, i) => parseComposeYaml(`f${i}.yml`, text)[0]!)
    .reduce((base, next) => mergeComposeTrees(applyResets(base, next), next));
}

describe('mergeComposeTrees', () => {
  it('merges mappings, appends sequences, replaces scalars, keeps values overridden by null', () => {
    const merged = merge('networks:\n  a:\n    driver: bridge\n    labels: [x]\n', 'networks:\n  a:\n    driver: macvlan\n    labels: [y]\n  b:\n', 'networks:\n  a:\n');
    expect(plain(merged)).toEqual({ networks: { a: { driver: 'macvlan', labels: ['x', 'y'] }, b: null } });
  });

  it('keeps the file and position of each value through merging', () => {
    const merged = merge('networks:\n  a:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/16\n', 'networks:\n  a:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/16\n          gateway: 10.0.0.1\n');
    const config = (((merged.entries.get('networks')!.value as MapNode).entries.get('a')!.value as MapNode).entries.get('ipam')!.value as MapNode).entries.get('config')!.value;
    if (config.kind !== 'seq') throw new Error('not a list');
    const entry = config.items[0] as MapNode;
    expect(entry.entries.get('subnet')!.value).toMatchObject({ file: 'f1.yml', at: { line: 5, column: 19 } });
    expect(entry.entries.get('gateway')!.value).toMatchObject({ file: 'f1.yml', at: { line: 6, column: 20 } });
  });

  // compose-go override/merge_networks_test.go, Test_mergeYamlNetworkSequence...: service networks as list + mapping
  it('reads a service network list as a mapping', () => {
    const merged = merge('services:\n  s:\n    networks: [front, back]\n', 'services:\n  s:\n    networks:\n      front:\n        ipv4_address: 10.0.0.5\n');
    expect(plain(merged)).toEqual({ services: { s: { networks: { front: { ipv4_address: '10.0.0.5' }, back: null } } } });
  });

  // compose-go override/merge_networks_test.go: ipam.config entries with the same subnet merge, others append.
  it('merges ipam.config entries by subnet as compose-go does', () => {
    const merged = merge(
      'networks:\n  n:\n    ipam:\n      config:\n        - subnet: 172.28.0.0/16\n          ip_range: 172.28.5.0/24\n          gateway: 172.28.5.254\n          aux_addresses: {host1: 172.28.1.5, host2: 172.28.1.6, host3: 172.28.1.7}\n',
      'networks:\n  n:\n    ipam:\n      config:\n        - subnet: 172.28.0.0/16\n          ip_range: 172.28.5.1/24\n          aux_addresses: {host2: 172.28.1.4, host4: 172.28.1.10}\n        - subnet: 172.28.10.0/16\n          gateway: 172.28.10.254\n',
    );
    expect(plain(merged)).toEqual({
      networks: {
        n: {
          ipam: {
            config: [
              { subnet: '172.28.0.0/16', ip_range: '172.28.5.1/24', gateway: '172.28.5.254', aux_addresses: { host1: '172.28.1.5', host2: '172.28.1.4', host3: '172.28.1.7', host4: '172.28.1.10' } },
              { subnet: '172.28.10.0/16', gateway: '172.28.10.254' },
            ],
          },
        },
      },
    });
  });

  it('drops earlier ipam entries whose subnet the later file does not name (compose-go behaviour)', () => {
    const merged = merge('networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.1.0.0/16\n', 'networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.2.0.0/16\n');
    expect(plain(merged)).toEqual({ networks: { n: { ipam: { config: [{ subnet: '10.2.0.0/16' }] } } } });
  });

  it('lets a later entry inherit fields of an earlier entry with another subnet (compose-go behaviour)', () => {
    const merged = merge(
      'networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.1.0.0/16\n        - subnet: 10.3.0.0/16\n          gateway: 10.3.0.1\n',
      'networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.2.0.0/16\n',
    );
    expect(plain(merged)).toEqual({ networks: { n: { ipam: { config: [{ subnet: '10.2.0.0/16', gateway: '10.3.0.1' }] } } } });
  });

  it('applies !reset and !override', () => {
    const merged = merge(
      'networks:\n  a:\n    ipam:\n      config:\n        - subnet: 10.1.0.0/16\n  b:\n    labels: [x]\n',
      'networks:\n  a:\n    ipam: !reset {}\n  b:\n    labels: !override [y]\n',
    );
    expect(plain(merged)).toEqual({ networks: { a: {}, b: { labels: ['y'] } } });
  });

  it('refuses to merge a mapping with a sequence, at the later value', () => {
    expect(() => merge('networks:\n  a:\n    labels: [x]\n', 'networks:\n  a:\n    labels: {k: v}\n')).toThrow(new ComposeFileError('cannot override networks.a.labels', 'f1.yml', { line: 3, column: 13 }));
  });
});
