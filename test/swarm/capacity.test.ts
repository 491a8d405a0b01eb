import { describe, expect, it } from 'vitest';
import { parseAddress, prefix } from '../../src/net/prefix.js';
import { assignableAddresses, judgeCapacity, prefixLengthFor, updateHeadroom, type ServiceDemand } from '../../src/swarm/capacity.js';

const pool = (subnet: string, ipRange: string | null = null, gateway: string | null = null) => ({
  subnet: prefix(subnet),
  ipRange: ipRange ? prefix(ipRange) : null,
  gateway: gateway ? parseAddress(gateway).value : null,
});

const service = (over: Partial<ServiceDemand> = {}): ServiceDemand => ({ service: 'web', tasks: 1, vip: true, parallelism: 1, order: 'stop-first', ...over });

describe('assignable addresses of an overlay pool (libnetwork insertBitMask, swarmkit allocatePools)', () => {
  it('leaves out the network, broadcast and gateway addresses', () => {
    expect(assignableAddresses(pool('10.77.0.0/28'))).toBe(13n);
    expect(assignableAddresses(pool('10.0.0.0/24'))).toBe(253n);
    expect(assignableAddresses(pool('10.0.0.0/16'))).toBe(65_533n);
  });
  it('hands out the ip_range only, with the gateway inside it unless configured outside', () => {
    expect(assignableAddresses(pool('10.77.0.0/24', '10.77.0.128/25'))).toBe(126n);
    expect(assignableAddresses(pool('10.77.0.0/24', '10.77.0.128/25', '10.77.0.1'))).toBe(127n);
    expect(assignableAddresses(pool('10.77.0.0/24', '10.77.0.0/25', '10.77.0.1'))).toBe(126n);
  });
});

describe('rolling-update headroom (updater.go updateTask)', () => {
  it('is parallelism for stop-first, twice that for start-first, every task for parallelism 0', () => {
    expect(updateHeadroom(service({ tasks: 10, parallelism: 2 }))).toBe(2);
    expect(updateHeadroom(service({ tasks: 10, parallelism: 2, order: 'start-first' }))).toBe(4);
    expect(updateHeadroom(service({ tasks: 10, parallelism: 0 }))).toBe(10);
    expect(updateHeadroom(service({ tasks: 3, parallelism: 5, order: 'start-first' }))).toBe(6);
  });
});

describe('judging a network', () => {
  it('a /28 holds 11 tasks of one vip service on one node; the 12th and later stay pending', () => {
    const usable = assignableAddresses(pool('10.77.0.0/28'));
    expect(judgeCapacity(usable, { services: [service({ tasks: 11, parallelism: 0 })], nodes: 1 }, 80)).toMatchObject({ steady: 13, level: 'warning', pendingTasks: 0 });
    expect(judgeCapacity(usable, { services: [service({ tasks: 20 })], nodes: 1 }, 80)).toMatchObject({ steady: 22, pendingTasks: 9, level: 'error' });
  });
  it('20 replicas on the default /24 are fine; 300 are not', () => {
    const usable = assignableAddresses(pool('10.0.1.0/24'));
    expect(judgeCapacity(usable, { services: [service({ tasks: 20 })], nodes: 3 }, 80).level).toBe('ok');
    expect(judgeCapacity(usable, { services: [service({ tasks: 300 })], nodes: 3 }, 80)).toMatchObject({ level: 'error', pendingTasks: 51 });
  });
  it('dnsrr services hold no virtual IP', () => {
    expect(judgeCapacity(13n, { services: [service({ tasks: 12, vip: false, parallelism: 0 })], nodes: 1 }, 100)).toMatchObject({ steady: 13, level: 'warning' });
  });
  it('names the prefix that holds the peak within the fill threshold', () => {
    expect(prefixLengthFor(22, 80)).toBe(27);
    expect(prefixLengthFor(306, 80)).toBe(23);
    expect(prefixLengthFor(10, 100)).toBe(28);
  });
});
