// People and groups the config binds by id (district.staff, and groups given with an `id`), applied
// to the database when the bot starts. A config entry is applied once, when it is new or was
// changed since it was last applied: after that the database is the source of truth, so a person
// removed with `移除` or changed on the console stays as they left them until someone edits their
// config entry. An entry deleted from the config takes its binding away, unless someone changed
// that binding since (then it is left alone and the log says so). What the config last said about
// each id is kept in the audit (`config_seeded`).
import type { Actor } from '../domain/ticket.js';
import type { AppContext } from './app-context.js';
import { reloadIdentity, textsOf } from './enrollment.js';
import type { PersonBinding } from './ports/identity.js';
import type { RoomKind } from './ports/registry.js';

export const CONFIG_ACTOR: Actor = { id: 'config', name: '配置文件' };

interface PersonSeed {
  name: string;
  role: PersonBinding['role'];
  communities: string[] | null;
}
interface GroupSeed {
  kind: RoomKind;
  community: string | null;
}

const samePerson = (p: PersonBinding, s: PersonSeed) =>
  p.name === s.name && p.role === s.role && JSON.stringify(p.communities) === JSON.stringify(s.communities);

/** The people and groups `config.district` binds, by id. */
export function configBindings(ctx: AppContext): { people: Map<string, PersonSeed>; groups: Map<string, GroupSeed & { topic: string }> } {
  const d = ctx.config.district;
  const people = new Map<string, PersonSeed>();
  for (const s of d.staff) if (s.id) people.set(s.id, { name: s.name, role: s.role, communities: s.communities ?? null });
  const groups = new Map<string, GroupSeed & { topic: string }>();
  const add = (ref: { id?: string; topic?: string } | undefined, kind: RoomKind, community: string | null) => {
    if (ref?.id) groups.set(ref.id, { kind, community, topic: ref.topic ?? ref.id });
  };
  for (const c of d.communities) {
    for (const g of c.residentGroups) add(g, 'resident', c.id);
    add(c.dutyGroup, 'duty', c.id);
  }
  add(d.centralDutyGroup, 'duty', null);
  add(d.leadersGroup, 'leaders', null);
  return { people, groups };
}

/** Applies what changed in the config's bindings since they were last applied. Returns how many changes. */
export async function seedIdentityFromConfig(ctx: AppContext): Promise<number> {
  const { people, groups } = configBindings(ctx);
  const seeds = await ctx.store.identity.lastConfigSeeds();
  const t = textsOf(ctx);
  let applied = 0;

  for (const [id, seed] of people) {
    const json = JSON.stringify(seed);
    if (seeds.get(`person:${id}`) === json) continue;
    await ctx.transaction(async (tx) => {
      const now = ctx.clock.now();
      const before = await tx.identity.person(id);
      await tx.identity.savePerson({
        id,
        ...seed,
        remark: before?.remark ?? null,
        boundBy: CONFIG_ACTOR,
        boundAt: before?.boundAt ?? now,
        updatedAt: now,
      });
      if (before && !samePerson(before, seed)) await tx.consoleAuth.endSessionsOf(id, now);
      const change = { at: now, actor: CONFIG_ACTOR, via: 'config' as const, subject: { kind: 'person' as const, id, name: seed.name } };
      await tx.identity.record({ ...change, action: before ? 'person_changed' : 'person_bound', detail: `按配置文件绑定为${t.grantLabel(seed)}` });
      await tx.identity.record({ ...change, action: 'config_seeded', detail: json });
    });
    applied++;
  }

  for (const [key, json] of seeds) {
    if (!key.startsWith('person:') || json === null) continue;
    const id = key.slice('person:'.length);
    if (people.has(id)) continue;
    const seed = JSON.parse(json) as PersonSeed;
    const kept = await ctx.transaction(async (tx) => {
      const now = ctx.clock.now();
      const current = await tx.identity.person(id);
      const change = { at: now, actor: CONFIG_ACTOR, via: 'config' as const, subject: { kind: 'person' as const, id, name: seed.name } };
      const untouched = current !== null && samePerson(current, seed);
      if (untouched) {
        await tx.identity.removePerson(id);
        await tx.consoleAuth.endSessionsOf(id, now);
        await tx.identity.record({ ...change, action: 'person_removed', detail: `已从配置文件删除：移除${t.grantLabel(seed)}` });
      }
      await tx.identity.record({ ...change, action: 'config_seeded', detail: null });
      return current !== null && !untouched;
    });
    if (kept) ctx.log.warn({ personId: id }, 'a person deleted from the config was changed since the config bound them: their binding stays (remove them in chat or on the console)');
    applied++;
  }

  for (const [id, seed] of groups) {
    const json = JSON.stringify({ kind: seed.kind, community: seed.community });
    if (seeds.get(`group:${id}`) === json) continue;
    await ctx.transaction(async (tx) => {
      const now = ctx.clock.now();
      // A duty or leaders group is one of a kind: whichever held the role gives way.
      if (seed.kind !== 'resident') {
        const { rooms } = await tx.identity.snapshot();
        for (const other of rooms) {
          if (other.id === id || other.kind !== seed.kind || (seed.kind === 'duty' && other.community !== seed.community)) continue;
          await tx.identity.bindRoom(other, null, now);
          await tx.identity.record({
            at: now,
            actor: CONFIG_ACTOR,
            via: 'config',
            action: 'group_unbound',
            subject: { kind: 'group', id: other.id, name: other.topic },
            detail: `配置文件把${t.groupLabel(seed.kind, seed.community)}改为 ${id}`,
          });
        }
      }
      await tx.identity.bindRoom({ id, topic: seed.topic }, { kind: seed.kind, community: seed.community, by: CONFIG_ACTOR }, now);
      const change = { at: now, actor: CONFIG_ACTOR, via: 'config' as const, subject: { kind: 'group' as const, id, name: seed.topic } };
      await tx.identity.record({ ...change, action: 'group_bound', detail: `按配置文件绑定为${t.groupLabel(seed.kind, seed.community)}` });
      await tx.identity.record({ ...change, action: 'config_seeded', detail: json });
    });
    applied++;
  }

  for (const [key, json] of seeds) {
    if (!key.startsWith('group:') || json === null) continue;
    const id = key.slice('group:'.length);
    if (groups.has(id)) continue;
    const seed = JSON.parse(json) as GroupSeed;
    await ctx.transaction(async (tx) => {
      const now = ctx.clock.now();
      const current = await tx.identity.room(id);
      const change = { at: now, actor: CONFIG_ACTOR, via: 'config' as const, subject: { kind: 'group' as const, id, name: current?.topic ?? id } };
      if (current && current.kind === seed.kind && current.community === seed.community && current.boundBy?.id === CONFIG_ACTOR.id) {
        await tx.identity.bindRoom(current, null, now);
        await tx.identity.record({ ...change, action: 'group_unbound', detail: '已从配置文件删除：解除绑定' });
      }
      await tx.identity.record({ ...change, action: 'config_seeded', detail: null });
    });
    applied++;
  }

  if (applied) await reloadIdentity(ctx);
  return applied;
}
