/**
 * node's HTTP client, in a module of its own: src/gather/engineApi.ts loads it only once an engine accepted the
 * connection. A bundled module rather than `import('node:http')`, which the standalone executable cannot do (a single
 * executable built with a code cache has no dynamic import of its own).
 */
export { request } from 'node:http';
