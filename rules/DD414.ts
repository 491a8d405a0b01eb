import type { Rule } from '../src/engine/types.js';
import { dockerIntent } from '../src/intent/index.js';
import { available } from '../src/snapshot/fact.js';

const STRICT = /^\s*StrictForwardPorts\s*=\s*yes\s*$/im;

const rule: Rule = {
  id: 'DD414',
  title: "firewalld's StrictForwardPorts=yes blocks Docker's published ports",
  severity: 'error',
  area: 'firewall',
  needs: ['engine', 'firewalld'],
  summary:
    '/etc/firewalld/firewalld.conf sets `StrictForwardPorts=yes` (firewalld 2.3+): firewalld then drops DNATed traffic that its own forward-ports do not allow, so every port Docker publishes silently stops answering from outside.',
  check(snapshot, context) {
    const intent = dockerIntent(snapshot, context.engineVersion);
    const firewalld = available(snapshot.facts.firewalld);
    const text = firewalld?.conf.present ? (firewalld.conf.text ?? '') : '';
    // A stopped firewalld enforces nothing; null means not asked (under --root), where the file is all there is.
    if (!intent || !firewalld || firewalld.running === false || !STRICT.test(text)) return [];
    const host = (ip: string): string => (ip.includes(':') ? `[${ip}]` : ip || '0.0.0.0');
    const ports = intent.publications.map((p) => `${host(p.port.hostIp)}:${p.port.hostPort} → ${p.container}:${p.port.containerPort}/${p.port.protocol}`);
    if (ports.length === 0) return [];
    const line = text.split('\n').findIndex((l) => /^\s*StrictForwardPorts\s*=\s*yes\s*$/i.test(l)) + 1;
    return [
      {
        subject: `file:${firewalld.conf.path}`,
        location: { file: firewalld.conf.path, line },
        message: `${firewalld.conf.path} sets StrictForwardPorts=yes: firewalld drops forwarded traffic that its own forward-ports do not allow, including Docker's DNAT, so published ${ports.length === 1 ? 'port' : 'ports'} ${[...new Set(ports)].join(', ')} ${ports.length === 1 ? 'does' : 'do'} not answer from other hosts${firewalld.running === null ? ' (if firewalld runs: it was not asked)' : ''}. dockerd logs nothing about it.`,
        evidence: { path: firewalld.conf.path, line, ports, running: firewalld.running },
        fix: {
          text: `Set StrictForwardPorts=no in ${firewalld.conf.path} and run \`firewall-cmd --reload\`; or keep it and publish each port through firewalld instead (\`firewall-cmd --permanent --add-forward-port=port=HOSTPORT:proto=tcp:toport=PORT:toaddr=CONTAINER_IP\`).`,
        },
      },
    ];
  },
};

export default rule;
