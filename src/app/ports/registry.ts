// The groups and people the bot has seen.

export type RoomKind = 'resident' | 'duty' | 'leaders';
export type PersonRole = 'resident' | 'staff' | 'leader' | 'admin' | 'bot';

export interface RegistryRepository {
  upsertRoom(room: { id: string; topic: string; kind: RoomKind; community: string | null }, now: Date): Promise<void>;
  upsertPerson(person: { id: string; name: string; role: PersonRole }, now: Date): Promise<void>;
}
