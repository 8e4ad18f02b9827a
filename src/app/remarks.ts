// Puppets whose contact ids change at every login (wechat4u): a bound person's contact carries a
// remark (备注) the bot set when they joined, and WeChat keeps remarks across logins. After a login
// the bot looks the remarks up again; a binding whose remark now sits on a contact with another id
// moves to that id, audited. The remark is an opaque token, never a name: nobody else can take it
// on (only the bot's own account can set remarks on its contacts).
import type { AppContext } from './app-context.js';
import { reloadIdentity } from './enrollment.js';
import type { ChatPort } from './ports/chat.js';
import { SYSTEM_ACTOR } from '../domain/ticket.js';

export interface RemarkedContact {
  id: string;
  name: string;
  remark: string;
}

/**
 * Follows each binding to the contact now carrying its remark; sets the remark again on bound
 * contacts still missing it (it could not be set when they joined). Returns how many bindings moved.
 */
export async function followRemarks(ctx: AppContext, contacts: RemarkedContact[], chat: Pick<ChatPort, 'setRemark'>): Promise<number> {
  await ctx.directory.refresh(ctx.store.identity);
  let moved = 0;
  for (const contact of contacts) {
    const bound = ctx.directory.allPeople().find((p) => p.remark === contact.remark);
    if (!bound || bound.id === contact.id) continue;
    const done = await ctx.transaction(async (tx) => {
      const person = await tx.identity.personByRemark(contact.remark);
      if (!person || person.id === contact.id) return false; // another process moved it already
      const now = ctx.clock.now();
      await tx.identity.movePerson(person.id, contact.id, now);
      await tx.consoleAuth.endSessionsOf(person.id, now);
      await tx.identity.record({
        at: now,
        actor: SYSTEM_ACTOR,
        via: 'system',
        action: 'person_rebound',
        subject: { kind: 'person', id: contact.id, name: person.name },
        detail: `重新登录后微信号 id 变了：按备注从 ${person.id} 转到 ${contact.id}`,
      });
      return true;
    });
    if (done) {
      moved++;
      ctx.log.info({ from: bound.id, to: contact.id, name: bound.name }, 'a binding followed its remark to a new contact id');
    }
  }
  if (moved) await reloadIdentity(ctx);
  const carried = new Set(contacts.map((c) => c.remark));
  for (const person of ctx.directory.allPeople()) {
    if (!person.remark || carried.has(person.remark)) continue;
    // Best effort: on a puppet with unstable ids the old id is simply gone.
    await chat.setRemark(person.id, person.remark).catch((err) => ctx.log.debug({ err: (err as Error).message, personId: person.id }, 'could not set a remark'));
  }
  return moved;
}
