import { IptablesValueError } from './address.js';

/** [name, type, code min, code max]: the names iptables knows (libxt_icmp.c / libip6t_icmp6.c), in their order. */
type IcmpName = readonly [string, number, number, number];

const ICMP4: readonly IcmpName[] = [
  ['any', 0xff, 0, 0xff],
  ['echo-reply', 0, 0, 0xff], ['pong', 0, 0, 0xff],
  ['destination-unreachable', 3, 0, 0xff], ['network-unreachable', 3, 0, 0], ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2], ['port-unreachable', 3, 3, 3], ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5], ['network-unknown', 3, 6, 6], ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9], ['host-prohibited', 3, 10, 10], ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12], ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14], ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 0xff],
  ['redirect', 5, 0, 0xff], ['network-redirect', 5, 0, 0], ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2], ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 0xff], ['ping', 8, 0, 0xff],
  ['router-advertisement', 9, 0, 0xff], ['router-solicitation', 10, 0, 0xff],
  ['time-exceeded', 11, 0, 0xff], ['ttl-exceeded', 11, 0, 0xff], ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 0xff], ['ip-header-bad', 12, 0, 0], ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 0xff], ['timestamp-reply', 14, 0, 0xff],
  ['address-mask-request', 17, 0, 0xff], ['address-mask-reply', 18, 0, 0xff],
];

const ICMP6: readonly IcmpName[] = [
  ['destination-unreachable', 1, 0, 0xff], ['no-route', 1, 0, 0], ['communication-prohibited', 1, 1, 1],
  ['beyond-scope', 1, 2, 2], ['address-unreachable', 1, 3, 3], ['port-unreachable', 1, 4, 4],
  ['failed-policy', 1, 5, 5], ['reject-route', 1, 6, 6],
  ['packet-too-big', 2, 0, 0xff],
  ['time-exceeded', 3, 0, 0xff], ['ttl-exceeded', 3, 0, 0xff], ['ttl-zero-during-transit', 3, 0, 0],
  ['ttl-zero-during-reassembly', 3, 1, 1],
  ['parameter-problem', 4, 0, 0xff], ['bad-header', 4, 0, 0], ['unknown-header-type', 4, 1, 1], ['unknown-option', 4, 2, 2],
  ['echo-request', 128, 0, 0xff], ['ping', 128, 0, 0xff], ['echo-reply', 129, 0, 0xff], ['pong', 129, 0, 0xff],
  ['mld-listener-query', 130, 0, 0xff], ['mld-listener-report', 131, 0, 0xff], ['mld-listener-done', 132, 0, 0xff],
  ['mld-listener-reduction', 132, 0, 0xff], ['router-solicitation', 133, 0, 0xff], ['router-advertisement', 134, 0, 0xff],
  ['neighbour-solicitation', 135, 0, 0xff], ['neighbor-solicitation', 135, 0, 0xff],
  ['neighbour-advertisement', 136, 0, 0xff], ['neighbor-advertisement', 136, 0, 0xff], ['redirect', 137, 0, 0xff],
];

/**
 * Canonical text of an `--icmp-type` / `--icmpv6-type` value as iptables-save prints it: the type number, plus
 * `/code` when the code is not "any" (`port-unreachable` → `3/3`, `echo-request` → `8`); `any` stays `any`.
 * Names match case-insensitively by prefix, as in iptables, and an ambiguous prefix is an error.
 */
export function canonicalIcmpType(text: string, family: 4 | 6): string {
  const table = family === 4 ? ICMP4 : ICMP6;
  const numeric = /^(\d+)(?:\/(\d+))?$/.exec(text);
  if (numeric) {
    const type = Number(numeric[1]);
    if (type > 255 || (numeric[2] !== undefined && Number(numeric[2]) > 255)) throw new IptablesValueError(`Invalid ICMP type \`${text}'`);
    return numeric[2] === undefined ? String(type) : `${type}/${Number(numeric[2])}`;
  }
  const lower = text.toLowerCase();
  let found: IcmpName | null = null;
  for (const entry of table) {
    if (!entry[0].toLowerCase().startsWith(lower)) continue;
    if (entry[0].toLowerCase() === lower) {
      found = entry;
      break;
    }
    if (found) throw new IptablesValueError(`Ambiguous ICMP type \`${text}': \`${found[0]}' or \`${entry[0]}'?`);
    found = entry;
  }
  if (!found) throw new IptablesValueError(`Invalid ICMP type \`${text}'`);
  const [, type, codeMin, codeMax] = found;
  if (family === 4 && type === 0xff) return 'any';
  return codeMin === 0 && codeMax === 0xff ? String(type) : `${type}/${codeMin}`;
}
