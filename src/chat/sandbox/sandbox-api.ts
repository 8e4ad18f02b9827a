// The sandbox HTTP API (design.md, contract): the world's routes (rooms, people, messages,
// private chats, the identity routes) as the bot in this process sees the world, plus what only
// the in-process sandbox has: moving the clock, waiting until everything said so far has been
// handled, logging the bot out and in, and a live stream for the sandbox chat page.
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Directory } from '../../app/directory.js';
import type { SandboxWorld } from './sandbox-world.js';
import type { SandboxClock } from './sandbox-clock.js';
import { openEventStream } from '../../web/event-stream.js';
import { baseUrl, messageViews, worldRoutes, type MemberRole, type RoomBinding } from '../world/world-routes.js';

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

/**
 * How the bot has bound a group, as the sandbox room list reports it: the one place that reads
 * the binding, so that it can follow the binding wherever it is kept.
 */
export function roomBindingFromDirectory(directory: Directory): (roomId: string) => RoomBinding | null {
  return (roomId) => {
    const info = directory.room(roomId);
    return info ? { kind: info.kind, community: info.community } : null;
  };
}

/** A member's role as the bot sees it (an admin shows as staff). */
function roleFromDirectory(world: SandboxWorld, directory: Directory): (contactId: string, roomId: string) => MemberRole {
  return (id) => {
    if (world.isAccount(id)) return 'bot';
    // From the binding of the contact id, as the bot decides it: never from a name or a seat.
    const role = directory.roleOf(id);
    return role === 'admin' ? 'staff' : role;
  };
}

const puppetSchema = z.object({ action: z.enum(['logout', 'login']) });
const clockSchema = z.object({ advanceMinutes: z.number().min(0).max(60 * 24 * 366) });

export function sandboxRoutes(deps: SandboxApiDeps) {
  const clockMoved = new EventEmitter();
  const shared = worldRoutes({
    world: deps.world,
    roomBinding: roomBindingFromDirectory(deps.directory),
    roleOf: roleFromDirectory(deps.world, deps.directory),
    expectMessage: deps.expectMessage,
    unexpectMessage: deps.unexpectMessage,
  });
  return (app: FastifyInstance) => {
    shared(app);

    // `event: message` {chat, message} for every line said (chat = room id or dm:<contactId>),
    // `event: clock` {now} whenever the clock moves.
    app.get('/api/sandbox/stream', (req, reply) => {
      const stream = openEventStream(req, reply);
      const base = baseUrl(req);
      stream.send('clock', { now: deps.clock.now().toISOString() });
      const onClock = (now: string) => stream.send('clock', { now });
      clockMoved.on('moved', onClock);
      stream.onClose(
        deps.world.subscribe((event) => stream.send('message', { chat: event.chat, message: messageViews(deps.world, [event.message], base)[0] })),
      );
      stream.onClose(() => clockMoved.off('moved', onClock));
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
