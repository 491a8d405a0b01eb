import { readFileSync } from 'node:fs';
import { parseBundle } from '../../src/bundle/format.js';
import { bundleHostIo } from '../../src/bundle/hostIo.js';
import type { HostIo } from '../../src/gather/hostIo.js';
import { fixturePath } from './cli.js';

/**
 * The real bundle of a healthy Debian 12 docker.io host (20.10, iptables, no swarm; fixtures/bundles/README.md) as a
 * host to gather from: `io` answers as `bundle` does and records every command asked for in `ran`. Tests replace
 * `io`'s engine answers where a case needs another engine.
 */
export function recordedHealthyHost(): { bundle: HostIo; io: HostIo; ran: string[] } {
  const parsed = parseBundle('host.bundle', readFileSync(fixturePath('bundles/dockerd-20.10-healthy.bundle')));
  if (!('records' in parsed)) throw new Error(parsed.message);
  const bundle = bundleHostIo(parsed);
  const ran: string[] = [];
  const io: HostIo = {
    ...bundle,
    run: (file, args, timeoutMs, options) => {
      ran.push([file, ...args].join(' '));
      return bundle.run(file, args, timeoutMs, options);
    },
  };
  return { bundle, io, ran };
}
