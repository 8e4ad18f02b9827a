import { IsNull, LessThan, MoreThan, MoreThanOrEqual, type EntityManager } from 'typeorm';
import type { ConsoleAuthRepository, ConsoleIdentity, ConsoleRole, ConsoleSession, NewLoginCode } from '../app/ports/console-auth.js';
import { clip } from './clip.js';
import { NAME_LENGTH } from './entities/column-types.js';
import { ConsoleLoginCodeRow } from './entities/console-login-code-row.js';
import { ConsoleSessionRow } from './entities/console-session-row.js';

const encodeCommunities = (c: string[] | null) => (c === null ? null : JSON.stringify(c));
const decodeCommunities = (s: string | null): string[] | null => (s === null ? null : (JSON.parse(s) as string[]));

function identity(row: ConsoleLoginCodeRow | ConsoleSessionRow): ConsoleIdentity {
  return {
    personId: row.personId,
    personName: row.personName,
    role: row.role as ConsoleRole,
    communities: decodeCommunities(row.communities),
  };
}

function toSession(row: ConsoleSessionRow): ConsoleSession {
  return {
    ...identity(row),
    idHash: row.idHash,
    csrfToken: row.csrfToken,
    method: row.method as ConsoleSession['method'],
    ip: row.ip,
    userAgent: row.userAgent,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastSeenAt: row.lastSeenAt,
    revokedAt: row.revokedAt,
  };
}

export class TypeormConsoleAuthRepository implements ConsoleAuthRepository {
  constructor(private readonly em: EntityManager) {}

  async createLoginCode(code: NewLoginCode): Promise<void> {
    await this.em.update(ConsoleLoginCodeRow, { personId: code.personId, usedAt: IsNull() }, { usedAt: code.createdAt });
    await this.em.insert(ConsoleLoginCodeRow, {
      codeHash: code.codeHash,
      personId: code.personId,
      personName: clip(code.personName, NAME_LENGTH),
      role: code.role,
      communities: encodeCommunities(code.communities),
      createdAt: code.createdAt,
      expiresAt: code.expiresAt,
      usedAt: null,
    });
  }

  async hasActiveLoginCode(codeHash: string, now: Date): Promise<boolean> {
    return this.em.exists(ConsoleLoginCodeRow, { where: { codeHash, usedAt: IsNull(), expiresAt: MoreThan(now) } });
  }

  async consumeLoginCode(codeHash: string, now: Date): Promise<ConsoleIdentity | null> {
    const candidates = await this.em.find(ConsoleLoginCodeRow, {
      where: { codeHash, usedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { id: 'DESC' },
    });
    for (const row of candidates) {
      // The WHERE on used_at makes this a compare-and-set: of two concurrent uses only one wins.
      const result = await this.em.update(ConsoleLoginCodeRow, { id: row.id, usedAt: IsNull() }, { usedAt: now });
      if (result.affected === 1) return identity(row);
    }
    return null;
  }

  async createSession(session: ConsoleSession): Promise<void> {
    await this.em.insert(ConsoleSessionRow, {
      idHash: session.idHash,
      personId: session.personId,
      personName: clip(session.personName, NAME_LENGTH),
      role: session.role,
      communities: encodeCommunities(session.communities),
      csrfToken: session.csrfToken,
      method: session.method,
      ip: session.ip === null ? null : clip(session.ip, 64),
      userAgent: session.userAgent === null ? null : clip(session.userAgent, 255),
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
      lastSeenAt: session.lastSeenAt,
      revokedAt: session.revokedAt,
    });
  }

  async findSession(idHash: string): Promise<ConsoleSession | null> {
    const row = await this.em.findOneBy(ConsoleSessionRow, { idHash });
    return row ? toSession(row) : null;
  }

  async touchSession(idHash: string, at: Date): Promise<void> {
    await this.em.update(ConsoleSessionRow, { idHash, lastSeenAt: LessThan(at) }, { lastSeenAt: at });
  }

  async revokeSession(idHash: string, at: Date): Promise<void> {
    await this.em.update(ConsoleSessionRow, { idHash, revokedAt: IsNull() }, { revokedAt: at });
  }

  async recentSessions(limit: number): Promise<ConsoleSession[]> {
    const rows = await this.em.find(ConsoleSessionRow, { order: { createdAt: 'DESC' }, take: limit });
    return rows.map(toSession);
  }

  async sessionsOf(personId: string, limit: number): Promise<ConsoleSession[]> {
    const rows = await this.em.find(ConsoleSessionRow, { where: { personId }, order: { createdAt: 'DESC' }, take: limit });
    return rows.map(toSession);
  }

  async endSessionsOf(personId: string, at: Date): Promise<number> {
    await this.em.update(ConsoleLoginCodeRow, { personId, usedAt: IsNull() }, { usedAt: at });
    const result = await this.em.update(ConsoleSessionRow, { personId, revokedAt: IsNull() }, { revokedAt: at });
    return result.affected ?? 0;
  }

  async loginCodesIssuedSince(personId: string, since: Date): Promise<number> {
    return this.em.countBy(ConsoleLoginCodeRow, { personId, createdAt: MoreThanOrEqual(since) });
  }
}
