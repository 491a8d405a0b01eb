/**
 * An address in glibc inet_ntop() text form, which is what iptables, ip(8) and dockerd print:
 * IPv6 lower-case with the first longest run of two or more zero groups compressed, and the IPv4-mapped
 * (`::ffff:10.0.0.1`) and IPv4-compatible (`::10.0.0.1`) forms written with a dotted quad.
 * (`formatAddress` in prefix.ts uses ip-address's canonical form, which writes `::ffff:a00:1` instead.)
 */
export function inetNtop(family: 4 | 6, value: bigint): string {
  if (family === 4) return dottedQuad(Number(value));
  const words: number[] = [];
  for (let i = 7; i >= 0; i--) words.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestBase = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestBase = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestLength < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLength === 6 || (bestLength === 5 && words[5] === 0xffff))) {
      out += dottedQuad(Number(value & 0xffffffffn));
      return out;
    }
    out += (words[i] as number).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLength === 8) out += ':';
  return out;
}

function dottedQuad(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
