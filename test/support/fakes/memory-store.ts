// In-memory Store with the semantics of the TypeORM one, for unit tests of use-cases:
// sequential ticket numbers from 1, optimistic lock, outbox dedupe keys, idempotent inbound
// messages, newest-first lists, and transactions that roll back on throw.
import { AsyncLocalStorage } from 'node:async_hooks';
import { guardedRepositories } from '../../../src/store/guarded-repositories.js';
import { TicketChangedError, type Attachment, type AttachmentRepository, type NewTicket, type TicketFilter, type TicketRepository } from '../../../src/app/ports/tickets.js';
import type { ConsoleAuthRepository, ConsoleSession, NewLoginCode } from '../../../src/app/ports/console-auth.js';
import type { InboundRepository } from '../../../src/app/ports/inbound.js';
import type { AccountRepository } from '../../../src/app/ports/accounts.js';
import { BatchTakenError, SECRET_REDACTED, laneRank, type OutboxItem, type OutboxRepository, type OutgoingMessage } from '../../../src/app/ports/outbox.js';
import type { AuditEntry, IdentityRepository, Invitation, NewInvitation, PersonBinding, RoomRecord } from '../../../src/app/ports/identity.js';
import type { IncidentRepository } from '../../../src/app/ports/incidents.js';
import type { Incident } from '../../../src/domain/incident.js';
import type { Repositories, Store } from '../../../src/app/ports/store.js';
import type { InboundMessage } from '../../../src/app/inbound-message.js';
import { OPEN_STATUSES, type Reporter, type Ticket, type TicketEvent, type TicketStatus } from '../../../src/domain/ticket.js';
import { Mutex } from '../../../src/store/mutex.js';
import { withRetry } from '../../../src/store/with-retry.js';
import { NestedStoreCallError } from '../../../src/store/nested-store-call-error.js';
import { emptyJobsState, jobsRepositoriesOver, type MemoryJobsState } from './memory-jobs.js';
import type { RetentionRepository } from '../../../src/app/ports/jobs.js';

interface StoredTicket {
  ticket: Omit<Ticket, 'reporters'>;
  reporters: Reporter[];
  events: TicketEvent[];
  messageIds: string[];
  /** When retention masked its personal data. */
  redactedAt?: Date;
}

interface StoredOutboxItem {
  item: OutboxItem;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  sentAt: Date | null;
  lastError: string | null;
}

interface StoredInbound {
  message: InboundMessage;
  processedAt: Date | null;
  outcome: string | null;
  ticketNo: number | null;
}

/** Everything the store holds; cloned whole for a transaction's snapshot. */
export interface MemoryState extends MemoryJobsState {
  nextTicketNo: number;
  tickets: Map<number, StoredTicket>;
  nextOutboxId: number;
  outbox: StoredOutboxItem[];
  inbound: StoredInbound[];
  rooms: Map<string, RoomRecord>;
  people: Map<string, PersonBinding>;
  invitations: Array<NewInvitation & { id: number; usedAt: Date | null; usedBy: string | null }>;
  audit: AuditEntry[];
  identityRevision: number;
  attachments: Attachment[];
  loginCodes: Array<NewLoginCode & { id: number; usedAt: Date | null }>;
  sessions: Map<string, ConsoleSession>;
  incidents: Map<number, Incident>;
  botAccounts: Map<string, { name: string; heartbeatAt: Date | null; firstSeenAt: Date }>;
  roomAccounts: Array<{ roomId: string; accountId: string }>;
  orphanRooms: Map<string, Date>;
}

function emptyState(): MemoryState {
  return {
    nextTicketNo: 1,
    tickets: new Map(),
    nextOutboxId: 1,
    outbox: [],
    inbound: [],
    rooms: new Map(),
    people: new Map(),
    invitations: [],
    audit: [],
    identityRevision: 0,
    attachments: [],
    loginCodes: [],
    sessions: new Map(),
    incidents: new Map(),
    botAccounts: new Map(),
    roomAccounts: [],
    orphanRooms: new Map(),
    ...emptyJobsState(),
  };
}

export interface MemoryStore extends Store {
  /** The raw state, for assertions a port does not offer (e.g. failed outbox items). */
  readonly state: MemoryState;
}

export function createMemoryStore(): MemoryStore {
  let state = emptyState();
  const mutex = new Mutex();
  const insideTransaction = new AsyncLocalStorage<true>();
  const repos = repositoriesOver(() => state);

  function guard(what: string): void {
    if (insideTransaction.getStore()) throw new NestedStoreCallError(what);
  }

  // Like SQLite: one unit of work at a time, and a transaction sees no one else's writes.
  function once<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return mutex.run(async () => {
      const snapshot = structuredClone(state);
      try {
        return await insideTransaction.run(true, () => work(repos));
      } catch (err) {
        state = snapshot;
        throw err;
      }
    });
  }

  // As the real store: a transaction that lost an optimistic-lock race runs again on fresh data.
  function transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    guard('store.transaction');
    return withRetry(() => once(work), { retryOn: (err) => err instanceof TicketChangedError, baseDelayMs: 1 });
  }

  function direct<T>(what: string, work: (r: Repositories) => Promise<T>): Promise<T> {
    guard(what);
    return mutex.run(() => work(repos));
  }

  function write<T>(what: string, work: (r: Repositories) => Promise<T>): Promise<T> {
    guard(what);
    return once(work);
  }

  return {
    get state() {
      return state;
    },
    ...guardedRepositories(direct, write),
    transaction,
    async close() {},
  };
}

/** Repositories reading `current()` each call, so a rollback (state swapped back) is seen at once. */
function repositoriesOver(current: () => MemoryState): Repositories {
  // Everything handed out is a copy, as rows read from a database would be.
  const copy = <T>(value: T): T => structuredClone(value);
  const toTicket = (s: StoredTicket): Ticket => copy({ ...s.ticket, reporters: s.reporters });
  const oldestFirst = (a: { createdAt: Date; no: number }, b: { createdAt: Date; no: number }) =>
    a.createdAt.getTime() - b.createdAt.getTime() || a.no - b.no;
  const newestFirst = (a: StoredTicket, b: StoredTicket) =>
    b.ticket.createdAt.getTime() - a.ticket.createdAt.getTime() || b.ticket.no - a.ticket.no;
  const reportedBy = (personId: string, statuses: readonly TicketStatus[]) =>
    [...current().tickets.values()].filter(
      (s) => statuses.includes(s.ticket.status) && s.reporters.some((r) => r.id === personId),
    );

  const tickets: TicketRepository = {
    async create(draft: NewTicket, createdEvent: TicketEvent) {
      const state = current();
      const no = state.nextTicketNo++;
      const { reporter, messageIds, ...fields } = draft;
      const stored: StoredTicket = {
        ticket: {
          ...fields,
          no,
          assignee: null,
          claimedAt: null,
          resolvedAt: null,
          closedAt: null,
          rating: null,
          reopenCount: 0,
          mergedInto: null,
          version: 1,
        },
        reporters: [reporter],
        events: [createdEvent],
        messageIds: [...new Set(messageIds)],
      };
      state.tickets.set(no, copy(stored));
      return toTicket(stored);
    },
    async get(no) {
      const s = current().tickets.get(no);
      return s ? toTicket(s) : null;
    },
    async save(ticket, events) {
      const s = current().tickets.get(ticket.no);
      if (!s || s.ticket.version !== ticket.version) throw new TicketChangedError(ticket.no);
      const version = ticket.version + 1;
      const { reporters, ...fields } = copy(ticket);
      s.ticket = { ...fields, version };
      s.events.push(...copy(events));
      for (const reporter of reporters) {
        if (!s.reporters.some((r) => r.id === reporter.id)) s.reporters.push(reporter);
      }
      s.reporters = s.reporters.filter((r) => reporters.some((x) => x.id === r.id));
      return { ...copy(ticket), version };
    },
    async events(no) {
      return copy(current().tickets.get(no)?.events ?? []);
    },
    async list(filter: TicketFilter) {
      const statuses = filter.status === undefined ? undefined : ([] as TicketStatus[]).concat(filter.status);
      return [...current().tickets.values()]
        .filter(
          (s) =>
            (!statuses || statuses.includes(s.ticket.status)) &&
            (filter.community === undefined || s.ticket.community === filter.community) &&
            (filter.category === undefined || s.ticket.category === filter.category) &&
            (filter.dutyRoomId === undefined || s.ticket.dutyRoomId === filter.dutyRoomId) &&
            (filter.communities === undefined || filter.communities.includes(s.ticket.community)) &&
            (filter.createdFrom === undefined || s.ticket.createdAt.getTime() >= filter.createdFrom.getTime()) &&
            (filter.createdBefore === undefined || s.ticket.createdAt.getTime() < filter.createdBefore.getTime()),
        )
        .sort(filter.oldestFirst ? (a, b) => newestFirst(b, a) : newestFirst)
        .filter((s) => !filter.after || (filter.oldestFirst ? 1 : -1) * oldestFirst(s.ticket, filter.after) > 0)
        .slice(0, filter.limit ?? 500)
        .map(toTicket);
    },
    async latestResolvedFor(reporterId) {
      const [latest] = reportedBy(reporterId, ['resolved']).sort(
        (a, b) =>
          (b.ticket.resolvedAt?.getTime() ?? 0) - (a.ticket.resolvedAt?.getTime() ?? 0) || b.ticket.no - a.ticket.no,
      );
      return latest ? toTicket(latest) : null;
    },
    async openFor(reporterId) {
      return reportedBy(reporterId, OPEN_STATUSES).sort(newestFirst).map(toTicket);
    },
  };

  const outbox: OutboxRepository = {
    async enqueue(messages: OutgoingMessage[], now: Date) {
      const state = current();
      for (const m of messages) {
        if (m.dedupeKey !== undefined && state.outbox.some((o) => o.item.dedupeKey === m.dedupeKey)) continue;
        // The end of the key's interval in this room, if a message with it went out lately.
        let due = now;
        const everyMs = m.coalesce?.everyMs;
        if (everyMs) {
          const sameKey = state.outbox.filter((o) => o.item.roomId === m.roomId && o.item.coalesce?.key === m.coalesce!.key);
          const said = sameKey.some(
            (o) =>
              (o.status === 'pending' || o.status === 'sent') &&
              o.item.text === m.text &&
              JSON.stringify(o.item.mentionIds) === JSON.stringify(m.mentionIds ?? []) &&
              o.item.createdAt.getTime() >= now.getTime() - everyMs,
          );
          if (said) continue;
          const sent = sameKey.filter((o) => o.status === 'sent');
          const last = Math.max(...sent.map((o) => o.sentAt!.getTime()));
          if (sent.length && last + everyMs > now.getTime()) due = new Date(last + everyMs);
        }
        state.outbox.push({
          item: copy({
            id: state.nextOutboxId++,
            roomId: m.roomId,
            text: m.text,
            mentionIds: m.mentionIds ?? [],
            ...(m.imagePngBase64 !== undefined ? { imagePngBase64: m.imagePngBase64 } : {}),
            ...(m.dedupeKey !== undefined ? { dedupeKey: m.dedupeKey } : {}),
            ...(m.secret ? { secret: true } : {}),
            lane: m.lane ?? 'ack',
            ...(m.ticketNo !== undefined ? { ticketNo: m.ticketNo } : {}),
            ...(m.coalesce ? { coalesce: { key: m.coalesce.key, line: m.coalesce.line } } : {}),
            sentIn: null,
            attempts: 0,
            createdAt: now,
            nextAttemptAt: due,
          }),
          status: 'pending',
          sentAt: null,
          lastError: null,
        });
      }
    },
    async nextDue(now, limit) {
      return current()
        .outbox.filter((o) => o.status === 'pending' && o.item.nextAttemptAt.getTime() <= now.getTime())
        .sort((a, b) => laneRank(a.item.lane) - laneRank(b.item.lane) || a.item.id - b.item.id)
        .slice(0, limit)
        .map((o) => copy(o.item));
    },
    async batch(leadId) {
      return current()
        .outbox.filter((o) => o.status === 'pending' && o.item.sentIn === leadId)
        .map((o) => copy(o.item));
    },
    async markSent(id, at) {
      for (const o of covered(id, false)) {
        o.status = 'sent';
        o.sentAt = at;
        o.item.attempts++;
        if (o.item.secret) o.item.text = SECRET_REDACTED;
      }
    },
    async markRetry(id, error, nextAttemptAt) {
      for (const o of covered(id, true)) {
        o.item.attempts++;
        o.lastError = error;
        o.item.nextAttemptAt = nextAttemptAt;
      }
    },
    async markFailed(id, error) {
      for (const o of covered(id, true)) {
        o.status = 'failed';
        o.item.attempts++;
        o.lastError = error;
        if (o.item.secret) o.item.text = SECRET_REDACTED;
      }
    },
    async cancelPendingTo(roomId, personId, since) {
      const hits = current().outbox.filter(
        (o) =>
          o.status === 'pending' && o.item.sentIn === null && o.item.roomId === roomId && o.item.createdAt >= since && o.item.mentionIds.includes(personId),
      );
      for (const o of hits) o.status = 'cancelled';
      return hits.length;
    },
    async pendingCount(now) {
      const held = (o: StoredOutboxItem) =>
        now !== undefined && o.item.nextAttemptAt.getTime() > now.getTime() && o.item.attempts === 0 && o.item.coalesce !== undefined && o.item.sentIn === null;
      return current().outbox.filter((o) => o.status === 'pending' && !held(o)).length;
    },
    async oldestPendingAt() {
      const times = current()
        .outbox.filter((o) => o.status === 'pending')
        .map((o) => o.item.createdAt.getTime());
      return times.length ? new Date(Math.min(...times)) : null;
    },
    async claim(id, now, until) {
      const o = current().outbox.find((x) => x.item.id === id);
      if (!o || o.status !== 'pending' || o.item.nextAttemptAt.getTime() > now.getTime()) return false;
      o.item.nextAttemptAt = until;
      return true;
    },
    async claimBatch(leadId, ids, now, until) {
      const unique = [...new Set([leadId, ...ids])];
      const rows = current().outbox.filter(
        (o) =>
          unique.includes(o.item.id) &&
          o.status === 'pending' &&
          o.item.nextAttemptAt.getTime() <= now.getTime() &&
          (o.item.sentIn === null || o.item.sentIn === leadId),
      );
      for (const o of rows) {
        o.item.nextAttemptAt = until;
        o.item.sentIn = leadId;
      }
      // All or none: the store's transaction rolls the partial claim back.
      if (rows.length !== unique.length) throw new BatchTakenError(leadId);
      return true;
    },
  };

  /** The item and the rows its send covers (only the pending ones for a retry or a failure). */
  function covered(id: number, pendingOnly: boolean): StoredOutboxItem[] {
    return current().outbox.filter((o) => (o.item.id === id || o.item.sentIn === id) && (!pendingOnly || o.status === 'pending'));
  }

  const inbound: InboundRepository = {
    async record(message) {
      const state = current();
      if (state.inbound.some((s) => s.message.id === message.id)) return false;
      state.inbound.push({ message: copy(message), processedAt: null, outcome: null, ticketNo: null });
      return true;
    },
    async recordMany(messages) {
      const results: boolean[] = [];
      for (const m of messages) results.push(await inbound.record(m));
      return results;
    },
    async markProcessedMany(marks) {
      for (const m of marks) await inbound.markProcessed(m.id, m.outcome, m.ticketNo);
    },
    async markProcessed(id, outcome, ticketNo) {
      const s = current().inbound.find((x) => x.message.id === id);
      if (!s) return;
      s.processedAt = new Date();
      s.outcome = outcome;
      if (ticketNo !== undefined) s.ticketNo = ticketNo;
    },
    async isProcessed(id, accountId) {
      const s = current().inbound.find((x) => x.message.id === id);
      if (!s) return null;
      const other = accountId !== undefined && s.message.accountId !== undefined && s.message.accountId !== accountId;
      return s.processedAt !== null || other;
    },
    async unprocessed(limit, accountId) {
      const ours = (m: InboundMessage) => accountId === undefined || m.accountId === undefined || m.accountId === accountId;
      return current()
        .inbound.filter((s) => s.processedAt === null && ours(s.message))
        .slice(0, limit)
        .map((s) => copy(s.message));
    },
  };

  const attachments: AttachmentRepository = {
    async add(a) {
      const state = current();
      const id = state.attachments.length + 1;
      state.attachments.push({ ...copy(a), id });
      return id;
    },
    async list(ticketNo) {
      return current()
        .attachments.filter((a) => a.ticketNo === ticketNo)
        .map(({ data: _data, ...rest }) => copy(rest));
    },
    async get(id) {
      const found = current().attachments.find((a) => a.id === id);
      return found ? copy(found) : null;
    },
  };

  const incidents: IncidentRepository = {
    async create(incident) {
      current().incidents.set(incident.ticketNo, copy(incident));
    },
    async get(no) {
      return copy(current().incidents.get(no) ?? null);
    },
    async active(community) {
      return [...current().incidents.values()]
        .filter((i) => i.community === community && i.status === 'active')
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.ticketNo - a.ticketNo)
        .map(copy);
    },
    async lift(no, at) {
      const i = current().incidents.get(no);
      if (!i || i.status !== 'active') return false;
      i.status = 'lifted';
      i.liftedAt = at;
      return true;
    },
  };

  return {
    tickets,
    outbox,
    inbound,
    identity: identityOver(current),
    attachments,
    incidents,
    consoleAuth: consoleAuthOver(current),
    retention: retentionOver(current),
    accounts: accountsOver(current),
    ...jobsRepositoriesOver(current),
  };
}

/** Bot accounts, their groups and the orphaned groups, as the real store keeps them. */
function accountsOver(current: () => MemoryState): AccountRepository {
  const alive = (s: MemoryState, id: string, since: Date) => (s.botAccounts.get(id)?.heartbeatAt?.getTime() ?? -Infinity) >= since.getTime();
  const accounts: AccountRepository = {
    async beat(account, at) {
      const a = current().botAccounts.get(account.id);
      current().botAccounts.set(account.id, { name: account.name, heartbeatAt: at, firstSeenAt: a?.firstSeenAt ?? at });
    },
    async signOff(id) {
      const a = current().botAccounts.get(id);
      if (a) a.heartbeatAt = null;
    },
    async setRooms(id, roomIds, at) {
      const s = current();
      s.roomAccounts = s.roomAccounts.filter((m) => m.accountId !== id || roomIds.includes(m.roomId));
      for (const roomId of roomIds) await accounts.joinRoom(id, roomId, at);
    },
    async joinRoom(accountId, roomId) {
      const s = current();
      if (!s.roomAccounts.some((m) => m.accountId === accountId && m.roomId === roomId)) s.roomAccounts.push({ roomId, accountId });
    },
    async leaveRoom(accountId, roomId) {
      const s = current();
      s.roomAccounts = s.roomAccounts.filter((m) => m.accountId !== accountId || m.roomId !== roomId);
      return s.roomAccounts.filter((m) => m.roomId === roomId).length;
    },
    async uncoveredRooms(aliveSince) {
      const s = current();
      const rooms = [...new Set(s.roomAccounts.map((m) => m.roomId))].filter((id) => s.rooms.get(id)?.kind);
      return rooms.filter((id) => !s.roomAccounts.some((m) => m.roomId === id && alive(s, m.accountId, aliveSince))).sort();
    },
    async markOrphans(roomIds, at) {
      const s = current();
      for (const id of [...s.orphanRooms.keys()]) if (!roomIds.includes(id)) s.orphanRooms.delete(id);
      const fresh = roomIds.filter((id) => !s.orphanRooms.has(id));
      for (const id of fresh) s.orphanRooms.set(id, at);
      return fresh;
    },
    async orphans() {
      return [...current().orphanRooms].map(([roomId, since]) => ({ roomId, since })).sort((a, b) => a.since.getTime() - b.since.getTime());
    },
    async list(aliveSince) {
      const s = current();
      return [...s.botAccounts].map(([id, a]) => ({
        id,
        name: a.name,
        heartbeatAt: a.heartbeatAt,
        alive: alive(s, id, aliveSince),
        rooms: s.roomAccounts.filter((m) => m.accountId === id).length,
      }));
    },
  };
  return accounts;
}

/** Retention over the state. A ticket ended at its last event; ids are positions in their lists. */
function retentionOver(current: () => MemoryState): RetentionRepository {
  const before = (d: Date | null, at: Date) => d !== null && d.getTime() < at.getTime();
  const ENDED: readonly TicketStatus[] = ['closed', 'rejected', 'merged'];
  const linked = () => new Set([...current().tickets.values()].flatMap((t) => t.messageIds));
  const endedAt = (t: StoredTicket) => t.events.at(-1)?.at ?? t.ticket.createdAt;
  const messagesOf = (no: number, ids: string[]) =>
    current().inbound.flatMap((m, i) => (m.ticketNo === no || ids.includes(m.message.id) ? [{ m, i }] : []));
  return {
    async deleteChat(at, limit) {
      const state = current();
      const keep = linked();
      const doomed = state.inbound.filter((m) => m.ticketNo === null && before(m.processedAt, at) && !keep.has(m.message.id)).slice(0, limit);
      state.inbound = state.inbound.filter((m) => !doomed.includes(m));
      return doomed.length;
    },
    async deleteFinishedOutbox(at, limit) {
      const state = current();
      const doomed = state.outbox.filter((o) => o.status !== 'pending' && before(o.item.nextAttemptAt, at)).slice(0, limit);
      state.outbox = state.outbox.filter((o) => !doomed.includes(o));
      return doomed.length;
    },
    async deleteAttachments(at, limit) {
      const state = current();
      const doomed = state.attachments.filter((a) => before(a.createdAt, at)).slice(0, limit);
      state.attachments = state.attachments.filter((a) => !doomed.includes(a));
      return doomed.length;
    },
    async ticketsToRedact(at, limit) {
      return [...current().tickets.values()]
        .filter((t) => ENDED.includes(t.ticket.status) && !t.redactedAt && before(endedAt(t), at))
        .slice(0, limit)
        .map((t) => ({
          no: t.ticket.no,
          text: t.ticket.text,
          reporters: t.reporters.map((r, i) => ({ id: i, personId: r.id, name: r.name })),
          events: t.events.map((e, i) => ({ id: i, actorId: e.actor.id, actorName: e.actor.name, note: e.note })),
          messages: messagesOf(t.ticket.no, t.messageIds).map(({ m, i }) => ({ id: i, text: m.message.text, senderName: m.message.senderName })),
        }));
    },
    async saveRedacted(redacted, at) {
      const t = current().tickets.get(redacted.no);
      if (!t) return;
      t.ticket.text = redacted.text;
      t.redactedAt = at;
      for (const r of redacted.reporters) t.reporters[r.id]!.name = r.name;
      for (const e of redacted.events) {
        t.events[e.id]!.actor.name = e.actorName;
        t.events[e.id]!.note = e.note;
      }
      for (const m of redacted.messages) {
        const stored = current().inbound[m.id]!.message;
        stored.text = m.text;
        stored.senderName = m.senderName;
        stored.quoted = null;
      }
    },
  };
}

/** Login codes and sessions. */
function consoleAuthOver(current: () => MemoryState): ConsoleAuthRepository {
  const copy = <T>(value: T): T => structuredClone(value);
  const active = (hash: string, now: Date) =>
    current().loginCodes.filter((c) => c.codeHash === hash && c.usedAt === null && c.expiresAt.getTime() > now.getTime());
  return {
    async createLoginCode(code) {
      const codes = current().loginCodes;
      for (const c of codes) if (c.personId === code.personId && c.usedAt === null) c.usedAt = code.createdAt;
      codes.push({ ...copy(code), id: codes.length + 1, usedAt: null });
    },
    async hasActiveLoginCode(hash, now) {
      return active(hash, now).length > 0;
    },
    async consumeLoginCode(hash, now) {
      const [code] = active(hash, now).sort((a, b) => b.id - a.id);
      if (!code) return null;
      code.usedAt = now;
      return copy({ personId: code.personId, personName: code.personName, role: code.role, communities: code.communities });
    },
    async createSession(session) {
      current().sessions.set(session.idHash, copy(session));
    },
    async findSession(idHash) {
      return copy(current().sessions.get(idHash) ?? null);
    },
    async touchSession(idHash, at) {
      const s = current().sessions.get(idHash);
      if (s && s.lastSeenAt.getTime() < at.getTime()) s.lastSeenAt = at;
    },
    async revokeSession(idHash, at) {
      const s = current().sessions.get(idHash);
      if (s && !s.revokedAt) s.revokedAt = at;
    },
    async recentSessions(limit) {
      return copy([...current().sessions.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit));
    },
    async sessionsOf(personId, limit) {
      return copy(
        [...current().sessions.values()]
          .filter((s) => s.personId === personId)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
          .slice(0, limit),
      );
    },
    async endSessionsOf(personId, at) {
      for (const c of current().loginCodes) if (c.personId === personId && c.usedAt === null) c.usedAt = at;
      let ended = 0;
      for (const s of current().sessions.values()) {
        if (s.personId === personId && !s.revokedAt) {
          s.revokedAt = at;
          ended++;
        }
      }
      return ended;
    },
    async loginCodesIssuedSince(personId, since) {
      return current().loginCodes.filter((c) => c.personId === personId && c.createdAt.getTime() >= since.getTime()).length;
    },
  };
}

/** People, groups, invitations and the audit, with the revision every change moves. */
function identityOver(current: () => MemoryState): IdentityRepository {
  const copy = <T>(value: T): T => structuredClone(value);
  const activeInvitations = (hash: string, now: Date) =>
    current().invitations.filter((i) => i.codeHash === hash && i.usedAt === null && i.expiresAt.getTime() > now.getTime());
  const toInvitation = ({ codeHash: _hash, ...i }: MemoryState['invitations'][number]): Invitation => copy(i);
  return {
    async revision() {
      return current().identityRevision;
    },
    async snapshot() {
      const s = current();
      const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      return copy({ revision: s.identityRevision, people: [...s.people.values()].sort(byId), rooms: [...s.rooms.values()].sort(byId) });
    },
    async person(id) {
      return copy(current().people.get(id) ?? null);
    },
    async personByRemark(remark) {
      return copy([...current().people.values()].find((p) => p.remark === remark) ?? null);
    },
    async savePerson(person) {
      const people = current().people;
      if (person.remark !== null && [...people.values()].some((p) => p.remark === person.remark && p.id !== person.id)) {
        throw Object.assign(new Error('duplicate remark'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
      }
      people.set(person.id, copy(person));
    },
    async removePerson(id) {
      return current().people.delete(id);
    },
    async movePerson(fromId, toId, now) {
      const people = current().people;
      const person = people.get(fromId);
      people.delete(toId);
      if (!person) return;
      people.delete(fromId);
      people.set(toId, { ...person, id: toId, updatedAt: now });
    },
    async room(id) {
      return copy(current().rooms.get(id) ?? null);
    },
    async seeRoom(room, now) {
      const rooms = current().rooms;
      const existing = rooms.get(room.id);
      const next: RoomRecord = existing
        ? { ...existing, topic: room.topic, presentSince: existing.presentSince ?? now, updatedAt: existing.topic !== room.topic || !existing.presentSince ? now : existing.updatedAt }
        : { id: room.id, topic: room.topic, kind: null, community: null, boundBy: null, boundAt: null, presentSince: now, updatedAt: now };
      rooms.set(room.id, next);
      return copy(next);
    },
    async leftRooms(ids, now) {
      for (const id of ids) {
        const room = current().rooms.get(id);
        if (room?.presentSince) current().rooms.set(id, { ...room, presentSince: null, updatedAt: now });
      }
    },
    async bindRoom(target, binding, now) {
      const rooms = current().rooms;
      const room: RoomRecord = rooms.get(target.id) ?? {
        id: target.id,
        topic: target.topic,
        kind: null,
        community: null,
        boundBy: null,
        boundAt: null,
        presentSince: null,
        updatedAt: now,
      };
      rooms.set(
        target.id,
        binding
          ? { ...room, kind: binding.kind, community: binding.community, boundBy: copy(binding.by), boundAt: now, updatedAt: now }
          : { ...room, kind: null, community: null, boundBy: null, boundAt: null, updatedAt: now },
      );
    },
    async createInvitation(inv) {
      const list = current().invitations;
      const id = list.length + 1;
      list.push({ ...copy(inv), id, usedAt: null, usedBy: null });
      return id;
    },
    async hasActiveInvitation(hash, now) {
      return activeInvitations(hash, now).length > 0;
    },
    async consumeInvitation(hash, by, now) {
      const [found] = activeInvitations(hash, now).sort((a, b) => b.id - a.id);
      if (!found) return null;
      found.usedAt = now;
      found.usedBy = by;
      return toInvitation(found);
    },
    async record(change) {
      const s = current();
      s.audit.push({ ...copy(change), id: s.audit.length + 1 });
      s.identityRevision++;
    },
    async auditLog({ limit, subjectId }) {
      return copy(
        current()
          .audit.filter((a) => subjectId === undefined || a.subject.id === subjectId)
          .sort((a, b) => b.id - a.id)
          .slice(0, limit),
      );
    },
    async lastConfigSeeds() {
      const seeds = new Map<string, string | null>();
      for (const a of current().audit) if (a.action === 'config_seeded') seeds.set(`${a.subject.kind}:${a.subject.id}`, a.detail);
      return seeds;
    },
  };
}
