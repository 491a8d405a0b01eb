import type { InterfaceEntry } from '../snapshot/schema.js';

export class AddrTextError extends Error {}

/**
 * The text form of `ip addr`, for hosts whose iproute2 has no `-j` (before 4.13, e.g. EL7's 3.10 and 4.11): the same
 * entries `ip -j addr` gives. A link line is `N: name[@peer]: <FLAGS> ... state X ...`; its `inet`/`inet6` lines
 * give `address/prefix`, or `local peer remote/prefix` on point-to-point links, where the local end is the
 * interface's own address. An address without a prefix is a host address.
 */
export function interfacesFromText(text: string): InterfaceEntry[] {
  const interfaces: InterfaceEntry[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const link = /^\d+:\s+([^:\s]+):\s/.exec(line);
    if (link) {
      const state = /\sstate\s+(\S+)/.exec(line)?.[1] ?? 'UNKNOWN';
      interfaces.push({ name: link[1]!.replace(/@.*$/, ''), state, addresses: [] });
      continue;
    }
    const address = /^\s+(inet6?)\s+(\S+)(?:\s+peer\s+(\S+))?/.exec(line);
    if (!address) continue; // link/ether, valid_lft and other detail lines
    const current = interfaces[interfaces.length - 1];
    if (!current) throw new AddrTextError(`line ${index + 1}: an address before any interface`);
    const family = address[1] === 'inet' ? 4 : 6;
    const [local, ownPrefix] = address[2]!.split('/');
    const prefixText = ownPrefix ?? address[3]?.split('/')[1] ?? String(family === 4 ? 32 : 128);
    const prefixLength = Number(prefixText);
    if (!Number.isInteger(prefixLength)) throw new AddrTextError(`line ${index + 1}: bad prefix length "${prefixText}"`);
    current.addresses.push({ family, address: local!, prefixLength });
  }
  return interfaces;
}
