// Enrolment (design.md, "Identity"): a leader or admin invites someone by role, communities and
// name (`邀请` in the leaders group, or the console); the invitee sends `加入 <code>` to the bot in
// a private chat and their contact id is bound; `移除` takes the role away at once and ends their
// console sessions. Each is one unit of work: the binding, its audit entry and what the bot says
// commit together. The chat commands and the console call the same use-cases below.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { parseJoinCommand, parseLeadersIdentityCommand } from '../domain/identity-grammar.js';
import { IdentityError, mayGrant, type Grant, type StaffRole } from '../domain/identity.js';
import type { Actor } from '../domain/ticket.js';
import type { AppContext, UnitOfWork } from './app-context.js';
import { identityTexts, type IdentityTexts } from './identity-texts.js';
import { replyTo, toRoom } from './notify.js';
import { privateChatId } from './ports/chat.js';
import type { ChangeVia, PersonBinding } from './ports/identity.js';
import type { OutgoingMessage } from './ports/outbox.js';
import type { GroupMessageContext, MessageContext, PrivateMessageContext } from './pipeline/message-context.js';

/** How long an invitation code stays valid. */
export const INVITATION_HOURS = 24;
const CODE_DIGITS = 6;

export const hashInvitationCode = (code: string): string => createHash('sha256').update(`linli-invite:${code}`).digest('hex');

/** A remark the bot sets on a bound contact, to find them again after a re-login with new ids. */
export const REMARK_PREFIX = 'linli-';
export const newRemark = (): string => `${REMARK_PREFIX}${randomBytes(6).toString('hex')}`;

/** Whoever changes who is who: their actor name for the audit, their own grant, and how. */
export interface IdentityActor {
  actor: Actor;
  grant: Grant;
  via: ChangeVia;
}

/** The sender of a message as an identity actor; null when they are not bound (a resident). */
export function chatActor(ctx: MessageContext): IdentityActor | null {
  const bound = ctx.directory.person(ctx.sender.id);
  if (!bound) return null;
  return { actor: { id: bound.id, name: bound.name }, grant: { role: bound.role, communities: bound.communities }, via: 'chat' };
}

export function textsOf(ctx: AppContext): IdentityTexts {
  return identityTexts((id) => ctx.directory.communityName(id));
}

/** Reads the new state back at once after a change: the next message must not see the old one. */
export async function reloadIdentity(ctx: AppContext): Promise<void> {
  await ctx.directory.refresh(ctx.store.identity, true);
}

// ---- invite ----

export interface InviteRequest {
  role: StaffRole;
  communities: string[] | null;
  name: string;
}

/**
 * Creates a single-use code for `req` (the caller may not grant more than they have); `announce`
 * says, in the same unit of work, what goes with it. Returns the code: only ever shown to the
 * inviter, and stored hashed.
 */
export async function invite(
  ctx: AppContext,
  by: IdentityActor,
  req: InviteRequest,
  announce: (code: string) => OutgoingMessage[] = () => [],
): Promise<{ code: string; invitationId: number }> {
  const grant: Grant = { role: req.role, communities: req.communities };
  if (!mayGrant(by.grant, grant)) throw new IdentityError('not_allowed', `${by.actor.id} may not invite a ${req.role}`);
  const t = textsOf(ctx);
  return ctx.transaction(async (tx) => {
    const now = ctx.clock.now();
    let code: string;
    do code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    while (await tx.identity.hasActiveInvitation(hashInvitationCode(code), now));
    const expiresAt = new Date(now.getTime() + INVITATION_HOURS * 3600_000);
    const invitationId = await tx.identity.createInvitation({ ...grant, name: req.name, invitedBy: by.actor, createdAt: now, expiresAt, codeHash: hashInvitationCode(code) });
    await tx.identity.record({
      at: now,
      actor: by.actor,
      via: by.via,
      action: 'invitation_created',
      subject: { kind: 'invitation', id: String(invitationId), name: req.name },
      detail: `邀请 ${req.name} 为${t.grantLabel(grant)}，${INVITATION_HOURS} 小时内有效`,
    });
    tx.say(...announce(code));
    return { code, invitationId };
  });
}

// ---- join ----

/** Wrong codes one contact may send per hour (six digits are guessable only by volume). */
const JOIN_FAILURES_PER_HOUR = 5;

/** Counts a contact's wrong invitation codes over the last hour. */
export class JoinAttempts {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  blocked(contactId: string): boolean {
    const since = this.now() - 3600_000;
    const recent = (this.failures.get(contactId) ?? []).filter((t) => t > since);
    if (recent.length) this.failures.set(contactId, recent);
    else this.failures.delete(contactId);
    return recent.length >= JOIN_FAILURES_PER_HOUR;
  }

  fail(contactId: string): void {
    this.failures.set(contactId, [...(this.failures.get(contactId) ?? []), this.now()]);
  }
}

/** Where a new person's arrival is announced: their communities' duty groups, or the leaders group. */
function arrivalRooms(ctx: AppContext, person: Grant): string[] {
  if (person.role !== 'staff') return [ctx.directory.leadersRoomId()].filter((id): id is string => id !== null);
  const communities = person.communities ?? ctx.directory.district.communities.map((c) => c.id);
  return [...new Set(communities.map((c) => ctx.directory.dutyRoomFor(c)).filter((id): id is string => id !== null))];
}

export interface JoinDeps {
  attempts: JoinAttempts;
  /** Sets the remark (备注) on the contact; failures are logged and retried at the next login. */
  setRemark(contactId: string, remark: string): Promise<void>;
}

/** Private chat: `加入 <code>`. Returns false when the message is something else. */
export function joinHandler(deps: JoinDeps) {
  return async (ctx: PrivateMessageContext): Promise<boolean> => {
    const { message: msg } = ctx;
    if (msg.kind !== 'text') return false;
    const parsed = parseJoinCommand(msg.text);
    if (parsed.kind === 'none') return false;
    if (parsed.kind === 'usage') {
      ctx.done('usage');
      await ctx.reply(parsed.usage);
      return true;
    }
    if (parsed.command.type !== 'join') return false;
    const t = textsOf(ctx);
    if (deps.attempts.blocked(msg.senderId)) {
      ctx.done('join_refused_too_often');
      await ctx.reply(t.joinTooOften());
      return true;
    }
    const codeHash = hashInvitationCode(parsed.command.code);
    let bound: PersonBinding | null = null;
    try {
      bound = await ctx.transaction((tx) => bindInvitee(ctx, tx, codeHash));
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      deps.attempts.fail(msg.senderId);
      ctx.log.info({ personId: msg.senderId }, 'invitation code refused: wrong, used or expired');
      ctx.done('join_refused');
      await ctx.reply(t.joinRefused());
      return true;
    }
    ctx.done('joined');
    ctx.log.info({ personId: bound.id, role: bound.role, communities: bound.communities }, 'a person joined with an invitation');
    await reloadIdentity(ctx);
    if (bound.remark) {
      await deps.setRemark(bound.id, bound.remark).catch((err) => ctx.log.warn({ err, personId: bound.id }, 'could not set the remark on a new contact'));
    }
    return true;
  };
}

/** The unit of work of `加入`: uses the invitation, binds the sender's contact id, says so. */
async function bindInvitee(ctx: PrivateMessageContext, tx: UnitOfWork, codeHash: string): Promise<PersonBinding> {
  const { message: msg } = ctx;
  const now = ctx.clock.now();
  const invitation = await tx.identity.consumeInvitation(codeHash, msg.senderId, now);
  if (!invitation) throw new IdentityError('invitation_invalid', 'no such unused invitation');
  const t = textsOf(ctx);
  const before = await tx.identity.person(msg.senderId);
  const person: PersonBinding = {
    id: msg.senderId,
    name: invitation.name,
    role: invitation.role,
    communities: invitation.communities,
    remark: before?.remark ?? newRemark(),
    boundBy: invitation.invitedBy,
    boundAt: now,
    updatedAt: now,
  };
  await tx.identity.savePerson(person);
  // Sessions carry the role they were opened with: a changed role starts afresh.
  if (before) await tx.consoleAuth.endSessionsOf(person.id, now);
  await tx.identity.record({
    at: now,
    actor: { id: person.id, name: person.name },
    via: 'chat',
    action: before ? 'person_changed' : 'person_bound',
    subject: { kind: 'person', id: person.id, name: person.name },
    detail: `${t.grantLabel(person)}，用 ${invitation.invitedBy.name} 的邀请码加入（邀请 #${invitation.id}）`,
  });
  tx.say(replyTo(msg, t.joinWelcome({ name: person.name, grant: person, role: person.role })));
  for (const roomId of arrivalRooms(ctx, person)) {
    tx.say(...toRoom(roomId, t.joinedToGroup({ name: person.name, grant: person, invitedBy: invitation.invitedBy.name }), `joined:${msg.id}:${roomId}`));
  }
  return person;
}

// ---- remove and change ----

/**
 * Takes a person's role away at once: the binding goes, their console sessions and unused login
 * codes end, and the change is audited — in one unit of work with what `announce` says.
 */
export async function removePerson(
  ctx: AppContext,
  by: IdentityActor,
  personId: string,
  announce: (removed: PersonBinding, sessions: number) => OutgoingMessage[] = () => [],
): Promise<{ person: PersonBinding; sessions: number }> {
  const t = textsOf(ctx);
  const result = await ctx.transaction(async (tx) => {
    const person = await tx.identity.person(personId);
    if (!person) throw new IdentityError('person_not_found', `${personId} is not bound`);
    if (!mayGrant(by.grant, person)) throw new IdentityError('not_allowed', `${by.actor.id} may not remove ${personId}`);
    const now = ctx.clock.now();
    await tx.identity.removePerson(person.id);
    const sessions = await tx.consoleAuth.endSessionsOf(person.id, now);
    await tx.identity.record({
      at: now,
      actor: by.actor,
      via: by.via,
      action: 'person_removed',
      subject: { kind: 'person', id: person.id, name: person.name },
      detail: `移除${t.grantLabel(person)}${sessions ? `，结束 ${sessions} 个控制台会话` : ''}`,
    });
    tx.say(...announce(person, sessions));
    return { person, sessions };
  });
  await reloadIdentity(ctx);
  return result;
}

/** Changes a bound person's name, role or communities (the console); their sessions end. */
export async function changePerson(
  ctx: AppContext,
  by: IdentityActor,
  personId: string,
  next: { name: string; role: StaffRole; communities: string[] | null },
): Promise<PersonBinding> {
  const t = textsOf(ctx);
  const result = await ctx.transaction(async (tx) => {
    const person = await tx.identity.person(personId);
    if (!person) throw new IdentityError('person_not_found', `${personId} is not bound`);
    // Both what they were and what they become must be within the actor's reach.
    if (!mayGrant(by.grant, person) || !mayGrant(by.grant, next)) throw new IdentityError('not_allowed', `${by.actor.id} may not change ${personId}`);
    const now = ctx.clock.now();
    const changed: PersonBinding = { ...person, ...next, updatedAt: now };
    await tx.identity.savePerson(changed);
    const sessions = await tx.consoleAuth.endSessionsOf(person.id, now);
    await tx.identity.record({
      at: now,
      actor: by.actor,
      via: by.via,
      action: 'person_changed',
      subject: { kind: 'person', id: person.id, name: changed.name },
      detail: `${person.name}（${t.grantLabel(person)}）→ ${changed.name}（${t.grantLabel(changed)}）${sessions ? `，结束 ${sessions} 个控制台会话` : ''}`,
    });
    return changed;
  });
  await reloadIdentity(ctx);
  return result;
}

/** Ends a person's console sessions without changing their role (the console's people page). */
export async function endSessions(ctx: AppContext, by: IdentityActor, personId: string): Promise<number> {
  const person = ctx.directory.person(personId);
  if (!person) throw new IdentityError('person_not_found', `${personId} is not bound`);
  if (!mayGrant(by.grant, person)) throw new IdentityError('not_allowed', `${by.actor.id} may not end ${personId}'s sessions`);
  return ctx.transaction(async (tx) => {
    const now = ctx.clock.now();
    const sessions = await tx.consoleAuth.endSessionsOf(personId, now);
    await tx.identity.record({
      at: now,
      actor: by.actor,
      via: by.via,
      action: 'sessions_ended',
      subject: { kind: 'person', id: person.id, name: person.name },
      detail: `结束 ${sessions} 个控制台会话`,
    });
    return sessions;
  });
}

// ---- the leaders group's commands ----

/** Leaders group: `邀请 …` / `移除 …`. Returns false when the message is neither. */
export async function handleEnrollmentCommand(ctx: GroupMessageContext): Promise<boolean> {
  const { message: msg } = ctx;
  if (msg.kind !== 'text') return false;
  const parsed = parseLeadersIdentityCommand(msg.text, msg.mentions);
  if (parsed.kind === 'none') return false;
  const t = textsOf(ctx);
  const by = chatActor(ctx);
  if (!by || (by.grant.role !== 'leader' && by.grant.role !== 'admin')) {
    ctx.done('refused_not_leader');
    await ctx.reply(t.notAllowed());
    return true;
  }
  if (parsed.kind === 'usage') {
    ctx.done('usage');
    await ctx.reply(parsed.usage);
    return true;
  }
  const command = parsed.command;
  try {
    if (command.type === 'invite') {
      const community = command.where === null ? null : ctx.directory.communityByName(command.where);
      if (command.where !== null && !community) throw new IdentityError('unknown_community', 'unknown community', command.where);
      const req: InviteRequest = { role: command.role, communities: community ? [community] : null, name: command.name };
      ctx.done('invited');
      await invite(ctx, by, req, (code) => [
        { roomId: privateChatId(by.actor.id), text: t.invitationCode({ code, name: req.name, grant: req, hours: INVITATION_HOURS }), dedupeKey: `invite:${msg.id}`, secret: true },
        replyTo(msg, t.invitationSent({ name: req.name, grant: req })),
      ]);
      return true;
    }
    if (command.type === 'remove') {
      const target = command.id ? ctx.directory.person(command.id) : undefined;
      const named = target ? [target] : command.id ? [] : ctx.directory.peopleNamed(command.name);
      if (named.length === 0) throw new IdentityError('person_not_found', 'nobody bound by that name', command.name);
      if (named.length > 1) throw new IdentityError('ambiguous_name', 'several people bound by that name', command.name, named.length);
      ctx.done('removed');
      await removePerson(ctx, by, named[0]!.id, (removed, sessions) => [
        replyTo(msg, t.removed({ name: removed.name, grant: removed, sessions })),
        ...(removed.role === 'staff'
          ? arrivalRooms(ctx, removed).map((roomId) => ({ roomId, text: t.removedToGroup({ name: removed.name }), dedupeKey: `removed:${msg.id}:${roomId}` }))
          : []),
      ]);
      return true;
    }
  } catch (err) {
    if (!(err instanceof IdentityError)) throw err;
    ctx.done(`refused_${err.code}`);
    await ctx.reply(identityRefusal(t, err));
    return true;
  }
  return false;
}

/** The one line a refused identity request reads as. */
export function identityRefusal(t: IdentityTexts, err: IdentityError): string {
  switch (err.code) {
    case 'unknown_community':
      return t.unknownCommunity(err.subject ?? '');
    case 'person_not_found':
      return t.removeNotFound(err.subject ?? '');
    case 'ambiguous_name':
      return t.removeAmbiguous(err.subject ?? '', err.count);
    case 'invitation_invalid':
      return t.joinRefused();
    case 'too_many_attempts':
      return t.joinTooOften();
    case 'not_bound':
      return t.notBound();
    case 'not_allowed':
      return t.notAllowed();
  }
}
