// A local OpenAI-compatible endpoint for tests: node:http on 127.0.0.1 and a random port. Each
// test says how it answers; every request body is recorded so tests can check what left the bot.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReply {
  status?: number;
  /** Body as JSON (an object) or raw text. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (to provoke timeouts). */
  delayMs?: number;
}

export type FakeHandler = (request: { body: string; json: unknown; count: number }) => FakeReply;

export interface FakeOpenAiServer {
  baseURL: string;
  /** Raw bodies of every request received, in order. */
  bodies: string[];
  setHandler(handler: FakeHandler): void;
  close(): Promise<void>;
}

/** A chat.completion whose message content is `content` (a string, or an object to JSON-encode). */
export function completion(content: unknown, totalTokens = 120): unknown {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'fake-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: typeof content === 'string' ? content : JSON.stringify(content) },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: totalTokens - 20, completion_tokens: 20, total_tokens: totalTokens },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeOpenAi(initial?: FakeHandler): Promise<FakeOpenAiServer> {
  let handler: FakeHandler = initial ?? (() => ({ body: completion({ is_request: false, category: 'other', urgency: 'normal' }) }));
  const bodies: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    bodies.push(body);
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      // recorded as is
    }
    const reply = handler({ body, json, count: bodies.length });
    const send = () => {
      if (res.destroyed) return;
      const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(payload);
    };
    if (reply.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t);
        send();
      }, reply.delayMs);
      timers.add(t);
    } else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    bodies,
    setHandler(h) {
      handler = h;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
