import type { ClientRequest, IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { EngineTarget } from './dockerHost.js';

/** The four listings dockdoc reads are a few MiB on the largest hosts; an endless or huge answer stops here. */
export const ENGINE_ANSWER_MAX_BYTES = 32 * 1024 * 1024;

/**
 * GET one engine API path and parse its JSON answer. Bounded for real: when `signal` aborts (the gatherer's deadline),
 * the request is destroyed with its socket, even mid-body (an engine that sends headers and then drips or never ends
 * its chunked body); an answer over the size cap is cut off the same way. Each request has its own connection
 * (no keep-alive), so nothing outlives the call.
 *
 * The connection is made first and node's HTTP client is loaded only once it is up: with no engine listening (CI, a
 * host being prepared, `dockdoc pools` reasoning from daemon.json) the attempt costs a failed connect, not loading and
 * setting up the HTTP stack (about a tenth of a `dockdoc pools` run). The error is the connect's own, as the HTTP
 * client would have passed it on.
 */
export function getEngineJson(target: EngineTarget, path: string, signal: AbortSignal, maxBytes = ENGINE_ANSWER_MAX_BYTES): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let socket: Socket | null = null;
    let req: ClientRequest | null = null;
    let settled = false;
    const settle = (error: Error | null, value?: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      req?.destroy();
      socket?.destroy();
      if (error) reject(error);
      else resolve(value);
    };
    const onAbort = (): void => settle(new Error(`GET ${path}: no complete answer before the deadline`));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    const connected = 'socketPath' in target ? connect(target.socketPath) : connect(target.port, target.host);
    socket = connected;
    connected.on('error', (error) => settle(error));
    // An engine that closes the connection before the HTTP client is attached gets the client's own words for it.
    const closedEarly = (): void => settle(new Error('socket hang up'));
    connected.once('close', closedEarly);
    connected.once('connect', () => {
      import('./engineHttp.js').then(({ request }) => {
        if (settled) return;
        connected.off('close', closedEarly);
        req = request({ createConnection: () => connected, path, method: 'GET', headers: { Host: 'docker', Accept: 'application/json', Connection: 'close' } });
        readAnswer(req, path, maxBytes, settle);
        req.end();
      }, (error: Error) => settle(error));
    });
  });
}

/** The request's answer: its JSON when the status is 200, else an error naming the status and the engine's message. */
function readAnswer(req: ClientRequest, path: string, maxBytes: number, settle: (error: Error | null, value?: unknown) => void): void {
  req.on('error', (error) => settle(error));
  req.on('response', (response: IncomingMessage) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) settle(new Error(`GET ${path}: the answer is larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    response.on('error', (error) => settle(error));
    response.on('aborted', () => settle(new Error(`GET ${path}: the engine closed the connection mid-answer`)));
    response.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (response.statusCode !== 200) {
        settle(new Error(`GET ${path}: HTTP ${response.statusCode ?? '?'}${errorMessageOf(body)}`));
        return;
      }
      try {
        settle(null, JSON.parse(body));
      } catch {
        settle(new Error(`GET ${path}: the answer is not JSON`));
      }
    });
  });
}

/** The engine's own error text ({"message": "..."}), one line, short. */
function errorMessageOf(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' ? `: ${message.split('\n')[0]!.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

/** One deadline for a gatherer's requests: its own timeout, or the caller's signal when that comes first. */
export interface EngineDeadline {
  signal: AbortSignal;
  /** The gatherer's own timeout ended the requests (not the caller's signal). */
  timedOut(): boolean;
  /** Ends every request still open, with its socket, and forgets the caller's signal. */
  end(): void;
}

export function engineDeadline(timeoutMs: number, callerSignal?: AbortSignal): EngineDeadline {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const stop = (): void => deadline.abort();
  callerSignal?.addEventListener('abort', stop, { once: true });
  if (callerSignal?.aborted) stop();
  return {
    signal: deadline.signal,
    timedOut: () => deadline.signal.aborted && !callerSignal?.aborted,
    end: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', stop);
      deadline.abort();
    },
  };
}
