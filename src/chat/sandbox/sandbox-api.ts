// The sandbox HTTP API (design.md, contract): rooms, speaking as anyone, reading a room,
// moving the clock, and waiting until everything said so far has been handled.
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Directory } from '../../app/directory.js';
import { SANDBOX_MESSAGE_TYPES, SandboxError, type SandboxMessageType, type SandboxWorld } from './sandbox-world.js';
import type { SandboxClock } from './sandbox-clock.js';
import { openEventStream } from '../../web/event-stream.js';

export interface SandboxApiDeps {
  world: SandboxWorld;
  directory: Directory;
  clock: SandboxClock;
  /** Tells the settle bookkeeping that a message is on its way. */
  expectMessage(id: string): void;
  /** The message was refused before it was sent: stop waiting for it. */
  unexpectMessage(id: string): void;
  /** Resolves once every message so far is handled and the outbox is drained. */
  settle(): Promise<void>;
  /** Runs the scheduled jobs that fell due between two instants. */
  runJobs(from: Date, to: Date): Promise<void>;
}

const postSchema = z.object({
  from: z.string().min(1),
  text: z.string(),
  mentionBot: z.boolean().optional(),
  id: z.string().min(1).max(128).optional(),
  // Extensions (docs/operations.md): the message's kind, and contacts it @-mentions.
  type: z.enum(Object.keys(SANDBOX_MESSAGE_TYPES) as [SandboxMessageType, ...SandboxMessageType[]]).optional(),
  mentions: z.array(z.string().min(1)).max(500).optional(),
});
const puppetSchema = z.object({ action: z.enum(['logout', 'login']) });
const clockSchema = z.object({ advanceMinutes: z.number().min(0).max(60 * 24 * 366) });
const privateSchema = z.object({ text: z.string(), id: z.string().min(1).max(128).optional() });

export function sandboxRoutes(deps: SandboxApiDeps) {
  const clockMoved = new EventEmitter();
  return (app: FastifyInstance) => {
    app.get('/api/sandbox/rooms', async () => deps.world.roomViews(deps.directory));

    // Extensions beyond the contract (docs/console.md): everyone, private chats with the bot, a live stream.
    app.get('/api/sandbox/people', async () => deps.world.people());

    app.post('/api/sandbox/private/:contactId/messages', async (req, reply) => {
      const { contactId } = req.params as { contactId: string };
      const body = privateSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'body must be {"text": string, "id"?: string}' });
      const id = body.data.id ?? deps.world.newMessageId();
      deps.expectMessage(id);
      try {
        deps.world.postPrivate({ from: contactId, ...body.data, id });
      } catch (err) {
        deps.unexpectMessage(id);
        if (err instanceof SandboxError) return reply.code(err.status).send({ error: err.message });
        throw err;
      }
      return reply.code(202).send({ id });
    });

    app.get('/api/sandbox/private/:contactId/messages', async (req, reply) => {
      const { contactId } = req.params as { contactId: string };
      const { after } = req.query as { after?: string };
      try {
        return deps.world.privateMessages(contactId, after);
      } catch (err) {
        if (err instanceof SandboxError) return reply.code(err.status).send({ error: err.message });
        throw err;
      }
    });

    // `event: message` {chat, message} for every line said (chat = room id or dm:<contactId>),
    // `event: clock` {now} whenever the clock moves.
    app.get('/api/sandbox/stream', (req, reply) => {
      const stream = openEventStream(req, reply);
      stream.send('clock', { now: deps.clock.now().toISOString() });
      const onClock = (now: string) => stream.send('clock', { now });
      clockMoved.on('moved', onClock);
      stream.onClose(deps.world.subscribe((event) => stream.send('message', event)));
      stream.onClose(() => clockMoved.off('moved', onClock));
    });

    app.post('/api/sandbox/rooms/:roomId/messages', async (req, reply) => {
      const { roomId } = req.params as { roomId: string };
      const body = postSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'body must be {"from": contactId, "text": string, "mentionBot"?: bool, "id"?: string}' });
      if (!deps.world.hasRoom(roomId)) return reply.code(404).send({ error: `no room ${roomId}` });
      const id = body.data.id ?? deps.world.newMessageId();
      deps.expectMessage(id);
      try {
        deps.world.post({ roomId, ...body.data, id });
      } catch (err) {
        deps.unexpectMessage(id);
        if (err instanceof SandboxError) return reply.code(err.status).send({ error: err.message });
        throw err;
      }
      // Held while the bot is logged out: settle must not wait for it until it is delivered.
      if (deps.world.isHeld(id)) deps.unexpectMessage(id);
      return reply.code(202).send({ id });
    });

    // Extension (docs/operations.md): log the bot out of the mock WeChat, or in again; messages
    // posted meanwhile are held and delivered on login, as a real puppet does after a reconnect.
    app.post('/api/sandbox/puppet', async (req, reply) => {
      const body = puppetSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'body must be {"action": "logout" | "login"}' });
      if (body.data.action === 'logout') {
        await deps.world.logout();
        return { loggedIn: false, held: 0 };
      }
      const released = deps.world.relogin((id) => deps.expectMessage(id));
      return { loggedIn: true, released: released.length };
    });

    app.get('/api/sandbox/rooms/:roomId/messages', async (req, reply) => {
      const { roomId } = req.params as { roomId: string };
      const { after } = req.query as { after?: string };
      if (!deps.world.hasRoom(roomId)) return reply.code(404).send({ error: `no room ${roomId}` });
      return deps.world.messages(roomId, after);
    });

    app.post('/api/sandbox/clock', async (req, reply) => {
      const body = clockSchema.safeParse(req.body ?? {});
      if (!body.success) return reply.code(400).send({ error: 'body must be {"advanceMinutes": n} with n ≥ 0' });
      await deps.settle();
      const from = deps.clock.now();
      const to = deps.clock.advance(body.data.advanceMinutes);
      await deps.runJobs(from, to);
      await deps.settle();
      const now = deps.clock.now().toISOString();
      if (body.data.advanceMinutes > 0) clockMoved.emit('moved', now);
      return { now };
    });

    app.post('/api/sandbox/settle', async () => {
      await deps.settle();
      return { settled: true };
    });
  };
}
