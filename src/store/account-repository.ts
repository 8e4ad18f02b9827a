import type { EntityManager } from 'typeorm';
import type { AccountRepository, AccountView, OrphanRoom } from '../app/ports/accounts.js';
import { clip } from './clip.js';
import { isDuplicateKeyError } from './db-errors.js';
import { NAME_LENGTH } from './entities/column-types.js';
import { BotAccountRow } from './entities/bot-account-row.js';
import { OrphanRoomRow } from './entities/orphan-room-row.js';
import { RoomAccountRow } from './entities/room-account-row.js';
import { fromSqlTime, sqlNumber, sqlTime } from './sql-time.js';
import { marks } from './sql.js';

export class TypeormAccountRepository implements AccountRepository {
  constructor(private readonly em: EntityManager) {}

  async beat(account: { id: string; name: string }, at: Date): Promise<void> {
    const name = clip(account.name, NAME_LENGTH);
    const updated = await this.em.update(BotAccountRow, { accountId: account.id }, { heartbeatAt: at, name });
    if ((updated.affected ?? 0) > 0) return;
    try {
      await this.em.insert(BotAccountRow, { accountId: account.id, name, heartbeatAt: at, firstSeenAt: at });
    } catch (err) {
      // Its other start (a restart racing the old process) inserted it first: beat on that row.
      if (!isDuplicateKeyError(err)) throw err;
      await this.em.update(BotAccountRow, { accountId: account.id }, { heartbeatAt: at, name });
    }
  }

  async signOff(accountId: string): Promise<void> {
    await this.em.update(BotAccountRow, { accountId }, { heartbeatAt: null });
  }

  async setRooms(accountId: string, roomIds: string[], at: Date): Promise<void> {
    const keep = new Set(roomIds);
    const known: Array<{ room_id: string }> = await this.em.query('SELECT room_id FROM room_accounts WHERE account_id = ?', [accountId]);
    const gone = known.map((r) => r.room_id).filter((id) => !keep.has(id));
    for (let i = 0; i < gone.length; i += 500) {
      const part = gone.slice(i, i + 500);
      await this.em.query(`DELETE FROM room_accounts WHERE account_id = ? AND room_id IN (${marks(part.length)})`, [accountId, ...part]);
    }
    const have = new Set(known.map((r) => r.room_id));
    for (const roomId of keep) if (!have.has(roomId)) await this.joinRoom(accountId, roomId, at);
  }

  async joinRoom(accountId: string, roomId: string, at: Date): Promise<void> {
    if (await this.em.existsBy(RoomAccountRow, { accountId, roomId })) return;
    try {
      await this.em.insert(RoomAccountRow, { accountId, roomId, seenAt: at });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  async leaveRoom(accountId: string, roomId: string): Promise<number> {
    await this.em.delete(RoomAccountRow, { accountId, roomId });
    return this.em.countBy(RoomAccountRow, { roomId });
  }

  async uncoveredRooms(aliveSince: Date): Promise<string[]> {
    const rows: Array<{ room_id: string }> = await this.em.query(
      `SELECT DISTINCT m.room_id FROM room_accounts m JOIN rooms r ON r.id = m.room_id
       WHERE r.kind IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM room_accounts m2 JOIN bot_accounts a ON a.account_id = m2.account_id
         WHERE m2.room_id = m.room_id AND a.heartbeat_at >= ?)`,
      [sqlTime(aliveSince)],
    );
    return rows.map((r) => r.room_id).sort();
  }

  async markOrphans(roomIds: string[], at: Date): Promise<string[]> {
    const now = new Set(roomIds);
    const marked = await this.em.find(OrphanRoomRow, { select: { roomId: true } });
    const recovered = marked.map((r) => r.roomId).filter((id) => !now.has(id));
    if (recovered.length) await this.em.query(`DELETE FROM orphan_rooms WHERE room_id IN (${marks(recovered.length)})`, recovered);
    const had = new Set(marked.map((r) => r.roomId));
    const fresh = roomIds.filter((id) => !had.has(id));
    if (fresh.length) await this.em.insert(OrphanRoomRow, fresh.map((roomId) => ({ roomId, since: at })));
    return fresh;
  }

  async orphans(): Promise<OrphanRoom[]> {
    const rows = await this.em.find(OrphanRoomRow, { order: { since: 'ASC', roomId: 'ASC' } });
    return rows.map((r) => ({ roomId: r.roomId, since: r.since }));
  }

  async list(aliveSince: Date): Promise<AccountView[]> {
    const rows: Array<{ account_id: string; name: string; heartbeat_at: unknown; rooms: unknown }> = await this.em.query(
      `SELECT a.account_id, a.name, a.heartbeat_at, (SELECT COUNT(*) FROM room_accounts m WHERE m.account_id = a.account_id) AS rooms
       FROM bot_accounts a ORDER BY a.first_seen_at, a.account_id`,
    );
    return rows.map((r) => {
      const heartbeatAt = r.heartbeat_at == null ? null : fromSqlTime(r.heartbeat_at);
      return { id: r.account_id, name: r.name, heartbeatAt, alive: heartbeatAt !== null && heartbeatAt >= aliveSince, rooms: sqlNumber(r.rooms) };
    });
  }
}

/** `?, ?, …` for n values. */
