import { In, IsNull, MoreThan, Not, type EntityManager } from 'typeorm';
import { read } from './sql.js';
import type {
  AuditEntry,
  IdentityChange,
  IdentityRepository,
  IdentitySnapshot,
  Invitation,
  NewInvitation,
  PersonBinding,
  RoomRecord,
} from '../app/ports/identity.js';
import type { RoomKind } from '../app/ports/registry.js';
import type { StaffRole } from '../domain/identity.js';
import type { Actor } from '../domain/ticket.js';
import { clip } from './clip.js';
import { NAME_LENGTH } from './entities/column-types.js';
import { IdentityAuditRow } from './entities/identity-audit-row.js';
import { IdentityRevisionRow } from './entities/identity-revision-row.js';
import { InvitationRow } from './entities/invitation-row.js';
import { PersonRow } from './entities/person-row.js';
import { RoomRow } from './entities/room-row.js';

const encodeCommunities = (c: string[] | null) => (c === null ? null : JSON.stringify(c));
const decodeCommunities = (s: string | null): string[] | null => (s === null ? null : (JSON.parse(s) as string[]));
const name = (s: string) => clip(s, NAME_LENGTH);

function toPerson(row: PersonRow): PersonBinding {
  return {
    id: row.id,
    name: row.name,
    role: row.role as StaffRole,
    communities: decodeCommunities(row.communities),
    remark: row.remark,
    boundBy: { id: row.boundById, name: row.boundByName },
    boundAt: row.boundAt,
    updatedAt: row.updatedAt,
  };
}

function toRoom(row: RoomRow): RoomRecord {
  return {
    id: row.id,
    topic: row.topic,
    kind: row.kind as RoomKind | null,
    community: row.community,
    boundBy: row.boundById === null ? null : { id: row.boundById, name: row.boundByName ?? row.boundById },
    boundAt: row.boundAt,
    presentSince: row.presentSince,
    updatedAt: row.updatedAt,
  };
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    role: row.role as StaffRole,
    communities: decodeCommunities(row.communities),
    name: row.name,
    invitedBy: { id: row.invitedById, name: row.invitedByName },
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    usedAt: row.usedAt,
    usedBy: row.usedBy,
  };
}

function toAudit(row: IdentityAuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: { id: row.actorId, name: row.actorName },
    via: row.via as AuditEntry['via'],
    action: row.action as AuditEntry['action'],
    subject: { kind: row.subjectKind as AuditEntry['subject']['kind'], id: row.subjectId, name: row.subjectName },
    detail: row.detail,
  };
}

export class TypeormIdentityRepository implements IdentityRepository {
  constructor(private readonly em: EntityManager) {}

  async revision(): Promise<number> {
    // Read before every message (src/app/directory.ts): hand-written, as the other hot-path statements.
    const rows = await read<{ revision: number }>(this.em, 'SELECT revision FROM identity_revision WHERE id = 1');
    return rows.length ? Number(rows[0]!.revision) : 0;
  }

  async snapshot(): Promise<IdentitySnapshot> {
    // The revision first: a change committed while the rest is read moves it again, so the
    // snapshot is re-read at the next check rather than kept half-old.
    const revision = await this.revision();
    const [people, rooms] = await Promise.all([this.em.find(PersonRow, { order: { id: 'ASC' } }), this.em.find(RoomRow, { order: { id: 'ASC' } })]);
    return { revision, people: people.map(toPerson), rooms: rooms.map(toRoom) };
  }

  async person(id: string): Promise<PersonBinding | null> {
    const row = await this.em.findOneBy(PersonRow, { id });
    return row ? toPerson(row) : null;
  }

  async personByRemark(remark: string): Promise<PersonBinding | null> {
    const row = await this.em.findOneBy(PersonRow, { remark });
    return row ? toPerson(row) : null;
  }

  async savePerson(p: PersonBinding): Promise<void> {
    const row = {
      name: name(p.name),
      role: p.role,
      communities: encodeCommunities(p.communities),
      remark: p.remark,
      boundById: p.boundBy.id,
      boundByName: name(p.boundBy.name),
      boundAt: p.boundAt,
      updatedAt: p.updatedAt,
    };
    // Not an upsert: on MySQL/MariaDB ON DUPLICATE KEY UPDATE also fires on the remark's unique key
    // and would overwrite whoever holds that remark. Update by id, else insert (a taken remark fails).
    const result = await this.em.update(PersonRow, { id: p.id }, row);
    if ((result.affected ?? 0) === 0) await this.em.insert(PersonRow, { id: p.id, ...row });
  }

  async removePerson(id: string): Promise<boolean> {
    const result = await this.em.delete(PersonRow, { id });
    return (result.affected ?? 0) > 0;
  }

  async movePerson(fromId: string, toId: string, now: Date): Promise<void> {
    // A stale binding on the new id (someone else's, from before) gives way to the one moving in.
    await this.em.delete(PersonRow, { id: toId });
    await this.em.update(PersonRow, { id: fromId }, { id: toId, updatedAt: now });
  }

  async room(id: string): Promise<RoomRecord | null> {
    const row = await this.em.findOneBy(RoomRow, { id });
    return row ? toRoom(row) : null;
  }

  async seeRoom(room: { id: string; topic: string }, now: Date): Promise<RoomRecord> {
    const topic = clip(room.topic, 255);
    const existing = await this.em.findOneBy(RoomRow, { id: room.id });
    if (!existing) {
      await this.em
        .createQueryBuilder()
        .insert()
        .into(RoomRow)
        .values({ id: room.id, topic, kind: null, community: null, boundById: null, boundByName: null, boundAt: null, presentSince: now, updatedAt: now })
        .orIgnore()
        .execute();
    } else if (existing.topic !== topic || existing.presentSince === null) {
      await this.em.update(RoomRow, { id: room.id }, { topic, presentSince: existing.presentSince ?? now, updatedAt: now });
    }
    return toRoom(await this.em.findOneByOrFail(RoomRow, { id: room.id }));
  }

  async leftRooms(ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.em.update(RoomRow, { id: In(ids), presentSince: Not(IsNull()) }, { presentSince: null, updatedAt: now });
  }

  async bindRoom(room: { id: string; topic: string }, binding: { kind: RoomKind; community: string | null; by: Actor } | null, now: Date): Promise<void> {
    const fields = binding
      ? { kind: binding.kind, community: binding.community, boundById: binding.by.id, boundByName: name(binding.by.name), boundAt: now, updatedAt: now }
      : { kind: null, community: null, boundById: null, boundByName: null, boundAt: null, updatedAt: now };
    const result = await this.em.update(RoomRow, { id: room.id }, fields);
    if ((result.affected ?? 0) > 0) return;
    await this.em.insert(RoomRow, { id: room.id, topic: clip(room.topic, 255), presentSince: null, ...fields });
  }

  async createInvitation(inv: NewInvitation): Promise<number> {
    const result = await this.em.insert(InvitationRow, {
      codeHash: inv.codeHash,
      role: inv.role,
      communities: encodeCommunities(inv.communities),
      name: name(inv.name),
      invitedById: inv.invitedBy.id,
      invitedByName: name(inv.invitedBy.name),
      createdAt: inv.createdAt,
      expiresAt: inv.expiresAt,
      usedAt: null,
      usedBy: null,
    });
    return Number(result.identifiers[0]!.id);
  }

  async hasActiveInvitation(codeHash: string, now: Date): Promise<boolean> {
    return this.em.exists(InvitationRow, { where: { codeHash, usedAt: IsNull(), expiresAt: MoreThan(now) } });
  }

  async consumeInvitation(codeHash: string, by: string, now: Date): Promise<Invitation | null> {
    const candidates = await this.em.find(InvitationRow, { where: { codeHash, usedAt: IsNull(), expiresAt: MoreThan(now) }, order: { id: 'DESC' } });
    for (const row of candidates) {
      // Compare-and-set on used_at: of two simultaneous uses only one wins.
      const result = await this.em.update(InvitationRow, { id: row.id, usedAt: IsNull() }, { usedAt: now, usedBy: by });
      if (result.affected === 1) return toInvitation({ ...row, usedAt: now, usedBy: by });
    }
    return null;
  }

  async record(change: IdentityChange): Promise<void> {
    await this.em.insert(IdentityAuditRow, {
      at: change.at,
      actorId: change.actor.id,
      actorName: name(change.actor.name),
      via: change.via,
      action: change.action,
      subjectKind: change.subject.kind,
      subjectId: change.subject.id,
      subjectName: name(change.subject.name),
      detail: change.detail,
    });
    // The row lock serialises writers; the counter moves once per committed change, in commit order.
    const bumped = await this.em
      .createQueryBuilder()
      .update(IdentityRevisionRow)
      .set({ revision: () => 'revision + 1', updatedAt: change.at })
      .where({ id: 1 })
      .execute();
    // The migration inserts the row; should it be gone (a hand-emptied table), it starts again.
    if ((bumped.affected ?? 0) === 0) await this.em.insert(IdentityRevisionRow, { id: 1, revision: 1, updatedAt: change.at });
  }

  async auditLog(options: { limit: number; subjectId?: string }): Promise<AuditEntry[]> {
    const rows = await this.em.find(IdentityAuditRow, {
      where: options.subjectId ? { subjectId: options.subjectId } : {},
      order: { id: 'DESC' },
      take: options.limit,
    });
    return rows.map(toAudit);
  }

  async lastConfigSeeds(): Promise<Map<string, string | null>> {
    const rows = await this.em.find(IdentityAuditRow, { where: { action: 'config_seeded' }, order: { id: 'ASC' } });
    const seeds = new Map<string, string | null>();
    for (const row of rows) seeds.set(`${row.subjectKind}:${row.subjectId}`, row.detail);
    return seeds;
  }
}
