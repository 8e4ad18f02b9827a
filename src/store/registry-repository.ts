import type { EntityManager } from 'typeorm';
import type { PersonRole, RegistryRepository, RoomKind } from '../app/ports/registry.js';
import { clip } from './clip.js';
import { NAME_LENGTH } from './entities/column-types.js';
import { PersonRow } from './entities/person-row.js';
import { RoomRow } from './entities/room-row.js';

export class TypeormRegistryRepository implements RegistryRepository {
  constructor(private readonly em: EntityManager) {}

  // upsert is one atomic statement on every driver: ON CONFLICT (SQLite), ON DUPLICATE KEY (MySQL).
  async upsertRoom(
    room: { id: string; topic: string; kind: RoomKind; community: string | null },
    now: Date,
  ): Promise<void> {
    await this.em.upsert(
      RoomRow,
      { id: room.id, topic: clip(room.topic, 255), kind: room.kind, community: room.community, updatedAt: now },
      ['id'],
    );
  }

  async upsertPerson(person: { id: string; name: string; role: PersonRole }, now: Date): Promise<void> {
    await this.em.upsert(
      PersonRow,
      { id: person.id, name: clip(person.name, NAME_LENGTH), role: person.role, updatedAt: now },
      ['id'],
    );
  }
}
