// Groups are bound by room id (design.md, "Identity"): a leader or admin types `绑定 社区名 居民群`,
// `绑定 社区名 值班群`, `绑定 领导群` or `解绑` in the group itself (or uses the console). A group the
// bot sits in but that is not bound gets no role: it is logged once with its id and topic and
// listed on the console. A topic never binds anything: renaming a bound group changes nothing, and
// renaming a duty or leaders group is reported to the leaders group.
import { createHash } from 'node:crypto';
import { parseGroupBindingCommand } from '../domain/identity-grammar.js';
import { IdentityError, mayBindGroup } from '../domain/identity.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/ticket.js';
import type { AppContext } from './app-context.js';
import type { RoomInfo } from './directory.js';
import { chatActor, reloadIdentity, textsOf, type IdentityActor } from './enrollment.js';
import { replyTo, toRoom } from './notify.js';
import type { RoomRecord } from './ports/identity.js';
import type { OutgoingMessage } from './ports/outbox.js';
import type { RoomKind } from './ports/registry.js';
import type { MessageContext } from './pipeline/message-context.js';

export interface GroupBinding {
  kind: RoomKind;
  /** Null for the leaders group and a central duty group. */
  community: string | null;
}

/** The community an actor must reach to bind (or unbind) this: null means the whole district. */
const scopeOf = (b: GroupBinding) => (b.kind === 'leaders' ? null : b.community);

/**
 * Binds a group, or unbinds it with `binding` null, in one unit of work with its audit entry and
 * what `announce` says. A duty group (per community) and the leaders group are one of a kind: the
 * group that held the role before is unbound and told so.
 */
export async function bindGroup(
  ctx: AppContext,
  by: IdentityActor,
  room: { id: string; topic: string },
  binding: GroupBinding | null,
  announce: (before: RoomRecord | null) => OutgoingMessage[] = () => [],
): Promise<void> {
  const t = textsOf(ctx);
  const replaced = binding && binding.kind !== 'resident'
    ? ctx.directory.allRooms().filter((r) => r.id !== room.id && r.kind === binding.kind && (binding.kind === 'leaders' || r.community === binding.community))
    : [];
  await ctx.transaction(async (tx) => {
    const now = ctx.clock.now();
    const before = await tx.identity.room(room.id);
    const current: GroupBinding | null = before?.kind ? { kind: before.kind, community: before.community } : null;
    if (!binding && !current) throw new IdentityError('not_bound', `${room.id} is not bound`);
    // Changing a binding needs the actor to reach both what it was and what it becomes.
    for (const b of [current, binding]) {
      if (b && !mayBindGroup(by.grant, scopeOf(b))) throw new IdentityError('not_allowed', `${by.actor.id} may not bind ${room.id}`);
    }
    await tx.identity.bindRoom(room, binding ? { ...binding, by: by.actor } : null, now);
    await tx.identity.record({
      at: now,
      actor: by.actor,
      via: by.via,
      action: binding ? 'group_bound' : 'group_unbound',
      subject: { kind: 'group', id: room.id, name: before?.topic ?? room.topic },
      detail: binding
        ? `绑定为${t.groupLabel(binding.kind, binding.community)}${current ? `（原为${t.groupLabel(current.kind, current.community)}）` : ''}`
        : `解除绑定（原为${t.groupLabel(current!.kind, current!.community)}）`,
    });
    for (const old of replaced) {
      const stored = await tx.identity.room(old.id);
      if (!stored?.kind) continue;
      await tx.identity.bindRoom(old, null, now);
      await tx.identity.record({
        at: now,
        actor: by.actor,
        via: by.via,
        action: 'group_unbound',
        subject: { kind: 'group', id: old.id, name: stored.topic },
        detail: `由「${room.topic}」接替为${t.groupLabel(binding!.kind, binding!.community)}`,
      });
      tx.say(...toRoom(old.id, t.replacedBy({ kind: binding!.kind, community: binding!.community, topic: room.topic }), `replaced:${room.id}:${now.getTime()}:${old.id}`));
    }
    tx.say(...announce(before));
  });
  await reloadIdentity(ctx);
}

/** Any group, bound or not: `绑定 …` / `解绑`. The router sends every such command here. */
export async function handleGroupBindingCommand(ctx: MessageContext<RoomInfo | null>): Promise<void> {
  const { message: msg } = ctx;
  const parsed = parseGroupBindingCommand(msg.text);
  if (parsed.kind === 'none') return ctx.done('chat');
  const t = textsOf(ctx);
  const by = chatActor(ctx);
  if (!by || (by.grant.role !== 'leader' && by.grant.role !== 'admin')) {
    ctx.done('refused_bind_not_leader');
    return ctx.reply(t.bindNotAllowed());
  }
  if (parsed.kind === 'usage') {
    ctx.done('usage');
    return ctx.reply(parsed.usage);
  }
  const command = parsed.command;
  if (command.type !== 'bind' && command.type !== 'unbind') return ctx.done('chat');
  const room = { id: msg.roomId, topic: ctx.room?.topic ?? ctx.directory.roomRecord(msg.roomId)?.topic ?? msg.roomId };
  let binding: GroupBinding | null = null;
  if (command.type === 'bind') {
    const community = command.community === null ? null : ctx.directory.communityByName(command.community);
    if (command.community !== null && !community) {
      ctx.done('refused_unknown_community');
      return ctx.reply(t.unknownCommunity(command.community));
    }
    binding = { kind: command.kind, community: command.kind === 'leaders' ? null : community };
  }
  const leaders = ctx.directory.leadersRoomId();
  try {
    ctx.done(binding ? 'group_bound' : 'group_unbound');
    await bindGroup(ctx, by, room, binding, () => [
      replyTo(msg, binding ? t.bound(binding.kind, binding.community) : t.unbound()),
      // The leaders hear of a new duty or leaders group bound elsewhere.
      ...(binding && binding.kind !== 'resident' && leaders && leaders !== room.id
        ? toRoom(leaders, t.boundElsewhere({ topic: room.topic, kind: binding.kind, community: binding.community, by: by.actor.name }), `bound:${msg.id}`)
        : []),
    ]);
    ctx.log.info({ roomId: room.id, topic: room.topic, binding, by: by.actor.id }, binding ? 'group bound' : 'group unbound');
  } catch (err) {
    if (!(err instanceof IdentityError)) throw err;
    ctx.done(`refused_${err.code}`);
    return ctx.reply(err.code === 'not_bound' ? t.notBound() : t.bindNotAllowed());
  }
}

/**
 * The bot sees a group with this topic (at login, on joining it, when it is renamed, or when a
 * message comes from it). The topic is recorded for display; a bound group's new name is audited
 * and, for a duty or leaders group, reported to the leaders group. An unbound group is logged once.
 */
export async function observeGroup(ctx: AppContext, room: { id: string; topic: string }, changer: Actor | null = null): Promise<RoomRecord> {
  const known = ctx.directory.roomRecord(room.id);
  if (known && known.topic === room.topic && known.presentSince) return known;
  const t = textsOf(ctx);
  const { before, record } = await ctx.transaction(async (tx) => {
    const now = ctx.clock.now();
    const before = await tx.identity.room(room.id);
    const record = await tx.identity.seeRoom(room, now);
    // Another process may have recorded this rename already: then the stored topic is the new one.
    if (before?.kind && before.topic !== room.topic) {
      await tx.identity.record({
        at: now,
        actor: changer ?? SYSTEM_ACTOR,
        via: 'chat',
        action: 'group_renamed',
        subject: { kind: 'group', id: room.id, name: room.topic },
        detail: `「${before.topic}」→「${room.topic}」，绑定不变（${t.groupLabel(before.kind, before.community)}）`,
      });
      const leaders = ctx.directory.leadersRoomId();
      if (before.kind !== 'resident' && leaders) {
        const key = createHash('sha256').update(`${before.topic}\n${room.topic}`).digest('hex').slice(0, 16);
        tx.say(
          ...toRoom(
            leaders,
            t.renamed({ oldTopic: before.topic, newTopic: room.topic, kind: before.kind, community: before.community, by: changer?.name ?? null }),
            `renamed:${room.id}:${key}:${Math.floor(now.getTime() / 3600_000)}`,
          ),
        );
      }
    }
    return { before, record };
  });
  ctx.directory.noteRoom(record);
  if (before?.kind && before.topic !== room.topic) {
    ctx.log.warn({ roomId: room.id, from: before.topic, to: room.topic, kind: before.kind, by: changer?.id ?? null }, 'a bound group was renamed: its binding stays');
    await reloadIdentity(ctx);
  }
  if (!record.kind && ctx.directory.firstSightOfUnbound(room.id)) {
    ctx.log.warn(
      { roomId: room.id, topic: room.topic, proposedCommunity: ctx.directory.proposedCommunity(room.topic) },
      'the bot is in a group that is not bound: it gets no role until a leader types 绑定 in it or an admin binds it on the console',
    );
  }
  return record;
}

/** The bot was removed from groups (or they were dissolved): they leave the unbound list. */
export async function leftGroups(ctx: AppContext, ids: string[]): Promise<void> {
  await ctx.store.identity.leftRooms(ids, ctx.clock.now());
  for (const id of ids) {
    const known = ctx.directory.roomRecord(id);
    if (known) ctx.directory.noteRoom({ ...known, presentSince: null });
  }
}
