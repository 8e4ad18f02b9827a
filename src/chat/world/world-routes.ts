// The sandbox HTTP routes for the world's rooms, people, messages and private chats (design.md,
// "Sandbox" and "Identity"): the same routes in the in-process sandbox and on the world server.
// What differs is passed in: how a group is bound and who has which role, and (in the sandbox)
// the settle bookkeeping for messages on their way to the bot.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RoomKind } from '../../app/ports/registry.js';
import { WORLD_MESSAGE_TYPES, type TranscriptEntry, type WorldMessageType } from './world-message-types.js';
import { WorldError, type World } from './world.js';

export type MemberRole = 'resident' | 'staff' | 'leader' | 'bot';

export interface RoomBinding {
  kind: RoomKind;
  community: string | null;
}

export interface WorldRoomView {
  id: string;
  topic: string;
  /** null: the group is not bound (it gets no role). */
  kind: RoomKind | null;
  community: string | null;
  members: Array<{ id: string; name: string; role: MemberRole }>;
}

/** A transcript line; an image carries the address its picture can be fetched from. */
export type MessageView = TranscriptEntry & { url?: string };

export interface WorldRouteDeps {
  world: World;
  /** How a group is bound (its kind and community), or null when it is not. */
  roomBinding(roomId: string): RoomBinding | null;
  /** A member's role as the room list shows it. */
  roleOf(contactId: string, roomId: string): MemberRole;
  /** A message is on its way to the bot (sandbox settle bookkeeping). */
  expectMessage?(id: string): void;
  /** …and then it was not sent after all, or is held while the bot is logged out. */
  unexpectMessage?(id: string): void;
}

const postSchema = z.object({
  from: z.string().min(1),
  text: z.string(),
  mentionBot: z.boolean().optional(),
  id: z.string().min(1).max(128).optional(),
  // Extensions (docs/operations.md): the message's kind, and contacts it @-mentions.
  type: z.enum(Object.keys(WORLD_MESSAGE_TYPES) as [WorldMessageType, ...WorldMessageType[]]).optional(),
  mentions: z.array(z.string().min(1)).max(500).optional(),
});
const privateSchema = z.object({ text: z.string(), id: z.string().min(1).max(128).optional() });
const renamePersonSchema = z.object({ name: z.string().trim().min(1).max(64) });
const createRoomSchema = z.object({ topic: z.string().trim().min(1).max(64), members: z.array(z.string().min(1)).min(1).max(500) });
// `from` (extension): the member who acts; by default the group's owner.
const renameRoomSchema = z.object({ topic: z.string().trim().min(1).max(64), from: z.string().min(1).optional() });
const addMemberSchema = z.object({ id: z.string().min(1), from: z.string().min(1).optional() });

/** Where this request's client reaches the server, for absolute picture addresses. */
export function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

export function messageViews(world: World, messages: TranscriptEntry[], base: string): MessageView[] {
  return messages.map((m) => (world.image(m.id) ? { ...m, url: `${base}/api/sandbox/images/${encodeURIComponent(m.id)}` } : m));
}

export function roomViews(deps: Pick<WorldRouteDeps, 'world' | 'roomBinding' | 'roleOf'>): WorldRoomView[] {
  return deps.world.roomList().map((room) => {
    const binding = deps.roomBinding(room.id);
    return {
      id: room.id,
      topic: room.topic,
      kind: binding?.kind ?? null,
      community: binding?.community ?? null,
      members: room.members.map((id) => ({ id, name: deps.world.nameOf(id) ?? id, role: deps.roleOf(id, room.id) })),
    };
  });
}

function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof WorldError) return reply.code(err.status).send({ error: err.message });
  throw err;
}

export function worldRoutes(deps: WorldRouteDeps) {
  const { world } = deps;
  const expect = (id: string) => deps.expectMessage?.(id);
  const unexpect = (id: string) => deps.unexpectMessage?.(id);

  return (app: FastifyInstance) => {
    app.get('/api/sandbox/rooms', async () => roomViews(deps));

    // Extension (docs/console.md): everyone in the world but the bot, with their configured role.
    app.get('/api/sandbox/people', async () =>
      world.personList().map((p) => ({ id: p.id, name: p.name, role: p.role, communities: p.communities })),
    );

    app.post('/api/sandbox/people/:contactId', async (req, reply) => {
      const { contactId } = req.params as { contactId: string };
      const body = renamePersonSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'body must be {"name": string}' });
      try {
        world.renamePerson(contactId, body.data.name);
      } catch (err) {
        return sendError(reply, err);
      }
      return { id: contactId, name: body.data.name };
    });

    app.post('/api/sandbox/rooms', async (req, reply) => {
      const body = createRoomSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'body must be {"topic": string, "members": [contactId, …]}' });
      try {
        return reply.code(201).send({ id: world.createRoom(body.data) });
      } catch (err) {
        return sendError(reply, err);
      }
    });

    app.post('/api/sandbox/rooms/:roomId', async (req, reply) => {
      const { roomId } = req.params as { roomId: string };
      const body = renameRoomSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'body must be {"topic": string}' });
      try {
        world.renameRoom(roomId, body.data.topic, body.data.from);
      } catch (err) {
        return sendError(reply, err);
      }
      return { id: roomId, topic: body.data.topic };
    });

    app.post('/api/sandbox/rooms/:roomId/members', async (req, reply) => {
      const { roomId } = req.params as { roomId: string };
      const body = addMemberSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'body must be {"id": contactId}' });
      try {
        world.addMember(roomId, body.data.id, body.data.from);
      } catch (err) {
        return sendError(reply, err);
      }
      return { id: roomId, members: world.room(roomId)!.members };
    });

    app.post('/api/sandbox/rooms/:roomId/messages', async (req, reply) => {
      const { roomId } = req.params as { roomId: string };
      const body = postSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'body must be {"from": contactId, "text": string, "mentionBot"?: bool, "id"?: string}' });
      if (!world.hasRoom(roomId)) return reply.code(404).send({ error: `no room ${roomId}` });
      const id = body.data.id ?? world.newMessageId();
      expect(id);
      try {
        world.post({ roomId, ...body.data, id });
      } catch (err) {
        unexpect(id);
        return sendError(reply, err);
      }
      // Held while the bot is logged out: settle must not wait for it until it is delivered.
      if (world.isHeld(id)) unexpect(id);
      return reply.code(202).send({ id });
    });

    app.get('/api/sandbox/rooms/:roomId/messages', async (req, reply) => {
      const { roomId } = req.params as { roomId: string };
      const { after } = req.query as { after?: string };
      try {
        const page = world.messages(roomId, after);
        return { messages: messageViews(world, page.messages, baseUrl(req)), cursor: page.cursor };
      } catch (err) {
        return sendError(reply, err);
      }
    });

    app.post('/api/sandbox/private/:contactId/messages', async (req, reply) => {
      const { contactId } = req.params as { contactId: string };
      const body = privateSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'body must be {"text": string, "id"?: string}' });
      const id = body.data.id ?? world.newMessageId();
      expect(id);
      try {
        world.postPrivate({ from: contactId, ...body.data, id });
      } catch (err) {
        unexpect(id);
        return sendError(reply, err);
      }
      if (world.isHeld(id)) unexpect(id);
      return reply.code(202).send({ id });
    });

    app.get('/api/sandbox/private/:contactId/messages', async (req, reply) => {
      const { contactId } = req.params as { contactId: string };
      const { after } = req.query as { after?: string };
      try {
        const page = world.privateMessages(contactId, after);
        return { messages: messageViews(world, page.messages, baseUrl(req)), cursor: page.cursor };
      } catch (err) {
        return sendError(reply, err);
      }
    });

    // The picture of an image message (residents' photos, the leaders' digest chart).
    app.get('/api/sandbox/images/:messageId', async (req, reply) => {
      const { messageId } = req.params as { messageId: string };
      const image = world.image(messageId);
      if (!image) return reply.code(404).send({ error: `no picture for message ${messageId}` });
      return reply.type(image.mime).header('cache-control', 'private, max-age=86400').send(Buffer.from(image.base64, 'base64'));
    });
  };
}

