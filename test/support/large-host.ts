// The Kubernetes-sized host of the firewall benchmark (bench/kube-host.js: 50,000 saved rules, 60,000 live, 1% drift),
// and the same host with Docker's rules drifting too and saved files that use what iptables-restore accepts beyond
// iptables-save's own layout. Both are deterministic; their findings before the text-first comparison are in
// fixtures/large-host/ (see its README).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildHost } from '../../bench/kube-host.js';

export interface LargeHosts {
  /** The benchmark's host as it is. */
  bench: string;
  /** The benchmark's host with the edits of `driftedSnapshot`. */
  drifted: string;
}

/** Writes both snapshots into dir and returns their paths. */
export function writeLargeHosts(dir: string): LargeHosts {
  buildHost(dir);
  const bench = path.join(dir, 'host.json');
  const drifted = path.join(dir, 'drifted.json');
  writeFileSync(drifted, JSON.stringify(driftedSnapshot(JSON.parse(readFileSync(bench, 'utf8')))));
  return { bench, drifted };
}

/** `text` with `line` (a whole line, present exactly once) replaced by `lines`. */
function replaceLine(text: string, line: string, lines: string[]): string {
  const at = text.indexOf(`\n${line}\n`);
  if (at < 0 || text.indexOf(`\n${line}\n`, at + 1) >= 0) throw new Error(`large host: expected one line ${JSON.stringify(line)}`);
  return `${text.slice(0, at + 1)}${lines.map((l) => `${l}\n`).join('')}${text.slice(at + line.length + 2)}`;
}

/** `text` with `lines` inserted before the `nth` (0-based) line that is exactly `before`. */
function insertBefore(text: string, before: string, lines: string[], nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(`\n${before}\n`, at + 1);
    if (at < 0) throw new Error(`large host: no line ${JSON.stringify(before)} #${nth}`);
  }
  return `${text.slice(0, at + 1)}${lines.map((l) => `${l}\n`).join('')}${text.slice(at + 1)}`;
}

const SEP0 = 'KUBE-SEP-0000000000000000';
const SEP3 = 'KUBE-SEP-0000000000000003';

interface MutableSnapshot {
  facts: {
    iptables: { save: string; otherBackend: unknown };
    ip6tables: unknown;
    savedRules: { files: { path: string; present: boolean; text?: string; family: 4 | 6 }[] };
  };
}

/**
 * Docker's rules drift (a network's jump and outbound NAT gone, stale rules of a vanished bridge and container, a rule
 * before DOCKER-USER), INPUT refuses what it does not admit (live and saved), a comment spans two lines, one rule is
 * there twice; the saved file holds non-canonical rules, a chain out of iptables-save's order, `-I`, broken lines and
 * a chain the live firewall lacks; a saved ip6tables file; rules in the other backend.
 */
function driftedSnapshot(snapshot: MutableSnapshot): MutableSnapshot {
  let live = snapshot.facts.iptables.save;
  live = replaceLine(live, '-A FORWARD -j DOCKER-USER', ['-A FORWARD -s 192.0.2.0/24 -j DROP', '-A FORWARD -j DOCKER-USER']);
  live = replaceLine(live, '-A FORWARD -o docker0 -j DOCKER', []);
  live = replaceLine(live, '-A POSTROUTING -s 172.20.0.0/24 ! -o docker0 -j MASQUERADE', [
    '-A POSTROUTING -s 172.31.250.0/24 ! -o br-0badc0ffee00 -j MASQUERADE',
  ]);
  live = replaceLine(live, '-A DOCKER -i docker0 -j RETURN', [
    '-A DOCKER -i docker0 -j RETURN',
    '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 9999 -j DNAT --to-destination 172.20.0.99:80',
  ]);
  live = insertBefore(live, 'COMMIT', [
    '-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 38888 -j ACCEPT',
    '-A INPUT -m nosuchmatch --nosuchoption 1 -j ACCEPT',
    '-A INPUT -j REJECT --reject-with icmp-host-prohibited',
    '-A DOCKER -d 172.20.0.99/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT',
  ]);
  live = replaceLine(live, `-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "ns1/svc-1:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-0000000000000001`, [
    `-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "ns1/svc-1:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-0000000000000001`,
    `-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "ns1/svc-1:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-0000000000000001`,
    `-A KUBE-SERVICES -m comment --comment "a comment written`,
    `over two lines" -j KUBE-MARK-MASQ`,
  ]);
  snapshot.facts.iptables.save = live;

  const file = snapshot.facts.savedRules.files[0];
  if (!file?.text) throw new Error('large host: no saved file');
  let saved = file.text;
  saved = insertBefore(saved, 'COMMIT', [
    ':KUBE-EXTRA - [0:0]',
    '-A INPUT -s 198.18.0.5/32 -p tcp -m tcp --dport 9100 -j ACCEPT',
    '-A INPUT -p tcp --dport 9100 -s 198.18.0.6 -j ACCEPT',
    '-A INPUT -s 192.168.0.0/16 -p tcp -m tcp --dport 22 -j ACCEPT',
    '-A INPUT -p icmp --icmp-type bogus -j ACCEPT',
    '-A INPUT -p tcp -m tcp --dport 7 -j KUBE-NOPE',
    '-A INPUT -m comment --comment "unterminated -j ACCEPT',
    '-A INPUT -s 203.0.113.9/32 -j DROP\r',
    '-A INPUT -j KUBE-EXTRA',
    '-A INPUT -j REJECT --reject-with icmp-host-prohibited',
    '-I INPUT 1 -s 203.0.113.0/24 -j DROP',
    '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A KUBE-EXTRA -s 198.51.100.0/24 -j RETURN',
  ]);
  const sep0 = [`-A ${SEP0} -s 10.244.0.0/32 -m comment --comment ns0_svc-0_http -j KUBE-MARK-MASQ`];
  saved = replaceLine(saved, sep0[0] as string, [`-A ${SEP0} -m comment --comment "ns0_svc-0_http" -s 10.244.0.0 -j KUBE-MARK-MASQ`]);
  const sep3 = [
    `-A ${SEP3} -s 10.244.0.1/32 -m comment --comment ns1_svc-1_http -j KUBE-MARK-MASQ`,
    `-A ${SEP3} -p tcp -m comment --comment ns1_svc-1_http -m tcp -j DNAT --to-destination 10.244.0.1:8080`,
  ];
  for (const line of sep3) saved = replaceLine(saved, line, []);
  saved = insertBefore(saved, 'COMMIT', sep3, 1);
  file.text = saved;
  snapshot.facts.savedRules.files.push({
    path: '/etc/sysconfig/ip6tables',
    present: true,
    family: 6,
    text: '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -s 2001:db8::/32 -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n',
  });
  snapshot.facts.iptables.otherBackend = {
    backend: 'legacy',
    save: '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:f2b-sshd - [0:0]\n-A INPUT -p tcp -m multiport --dports 22 -j f2b-sshd\n-A f2b-sshd -j RETURN\nCOMMIT\n',
  };
  return snapshot;
}
