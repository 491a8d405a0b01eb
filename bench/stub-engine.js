// A stand-in Docker engine for the live benchmark: an HTTP server on a unix socket that answers the four calls
// dockdoc's engine gatherer makes (version, info, networks, containers) with the synthetic host's state in the API's
// own shapes. A benchmark needs 500 networks and 1,000 containers that a real dockerd would take minutes to create;
// the tests use the real engine.
import { createServer } from 'node:http';

function apiNetwork(n) {
  return {
    Name: n.name, Id: n.id, Driver: n.driver, Scope: n.scope, Internal: n.internal, EnableIPv6: n.enableIPv6,
    IPAM: { Driver: n.ipamDriver, Config: n.subnets.map((s) => ({ Subnet: s.subnet })) },
    Options: n.options,
  };
}

function apiContainer(c, networks) {
  const byName = new Map(networks.map((n) => [n.name, n]));
  return {
    Id: c.id, Names: [`/${c.name}`], State: c.state,
    Ports: c.ports.map((p) => ({ IP: p.hostIp, PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.protocol })),
    NetworkSettings: {
      Networks: Object.fromEntries(c.endpoints.map((e) => [e.network, { NetworkID: byName.get(e.network)?.id ?? e.networkId, IPAddress: e.ipv4 ?? '', GlobalIPv6Address: e.ipv6 ?? '' }])),
    },
  };
}

/** Listens on socketPath; resolves to a function that closes the server. */
export function startStubEngine(socketPath, engine) {
  const answers = {
    '/version': { Version: '20.10.24+dfsg1', ApiVersion: '1.41' },
    '/info': { ID: 'BENC:HMAR:KSTU:BENG:INEX:AMPL:E000:0000:0000:0000:0000:0000', OperatingSystem: 'Debian GNU/Linux 12 (bookworm)', KernelVersion: '6.1.0', LiveRestoreEnabled: false, Warnings: [], Swarm: { LocalNodeState: 'inactive' } },
    '/networks': engine.networks.map(apiNetwork),
    '/containers/json': engine.containers.map((c) => apiContainer(c, engine.networks)),
  };
  const bodies = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, JSON.stringify(v)]));
  const server = createServer((request, response) => {
    const route = new URL(request.url, 'http://engine').pathname.replace(/^\/v[0-9.]+/, '');
    const body = bodies[route];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(body ?? '{"message":"not in the benchmark engine"}');
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(() => new Promise((done) => server.close(done)))));
}
