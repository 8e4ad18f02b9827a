// The sandbox HTTP API (design.md, contract): rooms, speaking as anyone, reading a room,
// moving the clock, and waiting until everything said so far has been handled.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Directory } from '../../app/directory.js';
import { SandboxError, type SandboxWorld } from './sandbox-world.js';
import type { SandboxClock } from './sandbox-clock.js';

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
});
const clockSchema = z.object({ advanceMinutes: z.number().min(0).max(60 * 24 * 366) });

export function sandboxRoutes(deps: SandboxApiDeps) {
  return (app: FastifyInstance) => {
    app.get('/api/sandbox/rooms', async () => deps.world.roomViews(deps.directory));

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
      return reply.code(202).send({ id });
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
      return { now: deps.clock.now().toISOString() };
    });

    app.post('/api/sandbox/settle', async () => {
      await deps.settle();
      return { settled: true };
    });
  };
}
