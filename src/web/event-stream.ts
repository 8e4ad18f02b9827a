// Server-sent events over a hijacked Fastify reply: the sandbox chat and the console use them for
// live updates. Open streams are ended before the server closes, or close() would wait for them.
import type { Server } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Called once when the client goes away or the server shuts down. */
  onClose(fn: () => void): void;
}

const HEARTBEAT_MS = 25_000;
const openStreams = new WeakMap<Server, Set<() => void>>();

export function openEventStream(req: FastifyRequest, reply: FastifyReply): EventStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n: connected\n\n');
  const closers: Array<() => void> = [];
  const streams = openStreams.get(req.server.server) ?? new Set();
  openStreams.set(req.server.server, streams);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    streams.delete(close);
    for (const fn of closers) fn();
    res.end();
  };
  streams.add(close);
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  req.raw.on('close', close);
  return {
    send(event, data) {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(fn) {
      closers.push(fn);
    },
  };
}

/** Ends every open stream of this HTTP server (call from a preClose hook). */
export function closeEventStreams(server: Server): void {
  for (const close of [...(openStreams.get(server) ?? [])]) close();
}
