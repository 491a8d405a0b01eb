/** Where the engine API listens. */
export type EngineTarget = { socketPath: string } | { host: string; port: number; protocol: 'http' };

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** The plain-HTTP port the docker CLI assumes for tcp:// without one (2376 is its TLS port, which dockdoc does not speak). */
const DEFAULT_TCP_PORT = 2375;

/**
 * The DOCKER_HOST forms dockdoc connects to: unix:///path and tcp://host[:port]. The docker CLI's other forms are
 * refused with the reason: ssh:// runs `docker system dial-stdio` over ssh (the docker CLI's machinery, not the API),
 * npipe:// is a Windows named pipe (dockdoc checks Linux hosts), fd:// is dockerd's own socket activation.
 */
export function parseDockerHost(address: string): EngineTarget | { problem: string } {
  if (address.startsWith('unix://')) {
    const socketPath = address.slice('unix://'.length);
    if (!socketPath.startsWith('/')) return { problem: `${address}: a unix:// address needs an absolute socket path, e.g. unix:///var/run/docker.sock` };
    return { socketPath };
  }
  const tcp = /^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[^:/[\]]+)(?::(\d+))?\/?$/.exec(address);
  if (tcp) {
    const port = tcp[2] === undefined ? DEFAULT_TCP_PORT : Number(tcp[2]);
    if (port < 1 || port > 65535) return { problem: `${address}: port ${tcp[2]} is not a TCP port (1-65535)` };
    return { host: tcp[1]!.replace(/^\[|\]$/g, ''), port, protocol: 'http' };
  }
  if (address.startsWith('ssh://')) {
    return {
      problem: `${address}: ssh:// needs the docker CLI's ssh helper, which dockdoc does not run; run dockdoc on that host, or forward its socket (ssh -L /tmp/docker.sock:/var/run/docker.sock HOST) and use unix:///tmp/docker.sock`,
    };
  }
  if (address.startsWith('npipe://')) return { problem: `${address}: npipe:// is a Windows named pipe; dockdoc checks Linux hosts (unix:// or tcp://)` };
  if (address.startsWith('fd://')) return { problem: `${address}: fd:// is dockerd's socket activation, not an address a client connects to; use unix:///var/run/docker.sock` };
  return { problem: `"${address}" is not an engine address: use unix:///path/to/docker.sock or tcp://host:port` };
}

export function describeTarget(target: EngineTarget): string {
  return 'socketPath' in target ? `unix://${target.socketPath}` : `tcp://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}
