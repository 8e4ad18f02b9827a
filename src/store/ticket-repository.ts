import { And, In, LessThan, MoreThan, MoreThanOrEqual, type EntityManager, type FindOperator } from 'typeorm';
import { TicketChangedError, type NewTicket, type TicketFilter, type TicketRepository } from '../app/ports/tickets.js';
import {
  OPEN_STATUSES,
  type Rating,
  type Reporter,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
} from '../domain/ticket.js';
import { clip, MAX_TEXT } from './clip.js';
import { NAME_LENGTH } from './entities/column-types.js';
import { TicketEventRow } from './entities/ticket-event-row.js';
import { TicketReporterRow } from './entities/ticket-reporter-row.js';
import { TicketRow } from './entities/ticket-row.js';
import { marks, read, rowMarks, write } from './sql.js';
import { fromSqlTime, sqlTime } from './sql-time.js';

const DEFAULT_LIST_LIMIT = 500;

/** Works on whatever EntityManager it is given: the data source's, or a transaction's. */
export class TypeormTicketRepository implements TicketRepository {
  constructor(private readonly em: EntityManager) {}

  // create, get and save run for every report and every line added to one: hand-written SQL (sql.ts).
  async create(draft: NewTicket, createdEvent: TicketEvent): Promise<Ticket> {
    const updatedAt = new Date();
    const text = clip(draft.text, MAX_TEXT);
    const inserted = await write(
      this.em,
      `INSERT INTO tickets (status, category, urgency, community, group_id, duty_room_id, text, source, confidence, created_at, claim_due_at, due_at, reopen_count, version, updated_at) VALUES (${marks(15)})`,
      [
        draft.status,
        draft.category,
        draft.urgency,
        draft.community,
        draft.groupId,
        draft.dutyRoomId,
        text,
        draft.source,
        draft.confidence,
        sqlTime(draft.createdAt),
        sqlTime(draft.claimDueAt),
        sqlTime(draft.dueAt),
        0,
        1,
        sqlTime(updatedAt),
      ],
    );
    const no = inserted.insertId;
    if (!Number.isInteger(no) || no < 1) throw new Error('insert into tickets returned no ticket number');
    await this.insertReporters(no, [draft.reporter]);
    await this.insertEvents(no, [createdEvent]);
    const messageIds = [...new Set(draft.messageIds)];
    if (messageIds.length > 0) {
      await write(this.em, `INSERT INTO ticket_messages (ticket_no, message_id) VALUES ${rowMarks(messageIds.length, 2)}`, messageIds.flatMap((id) => [no, id]));
    }
    return {
      no,
      status: draft.status,
      category: draft.category,
      urgency: draft.urgency,
      community: draft.community,
      groupId: draft.groupId,
      dutyRoomId: draft.dutyRoomId,
      text,
      source: draft.source,
      confidence: draft.confidence,
      reporters: [draft.reporter],
      assignee: null,
      createdAt: draft.createdAt,
      claimDueAt: draft.claimDueAt,
      dueAt: draft.dueAt,
      claimedAt: null,
      resolvedAt: null,
      closedAt: null,
      rating: null,
      reopenCount: 0,
      mergedInto: null,
      version: 1,
    };
  }

  async get(no: number): Promise<Ticket | null> {
    const rows: RawTicket[] = await read<RawTicket>(this.em, `SELECT ${TICKET_COLUMNS} FROM tickets WHERE no = ?`, [no]);
    if (rows.length === 0) return null;
    const [ticket] = await this.withReporters(rows.map(fromRaw));
    return ticket ?? null;
  }

  async save(ticket: Ticket, events: TicketEvent[]): Promise<Ticket> {
    const version = ticket.version + 1;
    // The WHERE on version is the optimistic lock: 0 rows means someone saved in between.
    const updated = await write(
      this.em,
      'UPDATE tickets SET status = ?, category = ?, urgency = ?, community = ?, group_id = ?, duty_room_id = ?, text = ?, source = ?, confidence = ?, ' +
        'claim_due_at = ?, due_at = ?, claimed_at = ?, resolved_at = ?, closed_at = ?, assignee_id = ?, assignee_name = ?, rating = ?, reopen_count = ?, ' +
        'merged_into = ?, version = ?, updated_at = ? WHERE no = ? AND version = ?',
      [
        ticket.status,
        ticket.category,
        ticket.urgency,
        ticket.community,
        ticket.groupId,
        ticket.dutyRoomId,
        clip(ticket.text, MAX_TEXT),
        ticket.source,
        ticket.confidence,
        sqlTime(ticket.claimDueAt),
        sqlTime(ticket.dueAt),
        orNull(ticket.claimedAt),
        orNull(ticket.resolvedAt),
        orNull(ticket.closedAt),
        ticket.assignee?.id ?? null,
        ticket.assignee ? clip(ticket.assignee.name, NAME_LENGTH) : null,
        ticket.rating,
        ticket.reopenCount,
        ticket.mergedInto,
        version,
        sqlTime(new Date()),
        ticket.no,
        ticket.version,
      ],
    );
    if (updated.affected !== 1) throw new TicketChangedError(ticket.no);

    await this.insertEvents(ticket.no, events);
    const storedRows: Array<{ person_id: string }> = await read<{ person_id: string }>(this.em, 'SELECT person_id FROM ticket_reporters WHERE ticket_no = ?', [ticket.no]);
    const stored = new Set(storedRows.map((r) => r.person_id));
    const added: Reporter[] = [];
    for (const reporter of ticket.reporters) {
      if (stored.has(reporter.id)) continue;
      stored.add(reporter.id);
      added.push(reporter);
    }
    await this.insertReporters(ticket.no, added);
    // A split takes reporters away again.
    const gone = [...stored].filter((id) => !ticket.reporters.some((r) => r.id === id));
    if (gone.length) await write(this.em, `DELETE FROM ticket_reporters WHERE ticket_no = ? AND person_id IN (${marks(gone.length)})`, [ticket.no, ...gone]);
    return { ...ticket, version };
  }

  private async insertReporters(no: number, reporters: Reporter[]): Promise<void> {
    if (reporters.length === 0) return;
    await write(
      this.em,
      `INSERT INTO ticket_reporters (ticket_no, person_id, name, room_id, at) VALUES ${rowMarks(reporters.length, 5)}`,
      reporters.flatMap((r) => [no, r.id, clip(r.name, NAME_LENGTH), r.roomId, sqlTime(r.at)]),
    );
  }

  private async insertEvents(no: number, events: TicketEvent[]): Promise<void> {
    if (events.length === 0) return;
    await write(
      this.em,
      `INSERT INTO ticket_events (ticket_no, type, actor_id, actor_name, at, note) VALUES ${rowMarks(events.length, 6)}`,
      events.flatMap((e) => [no, e.type, e.actor.id, clip(e.actor.name, NAME_LENGTH), sqlTime(e.at), e.note === null ? null : clip(e.note, MAX_TEXT)]),
    );
  }

  async events(no: number): Promise<TicketEvent[]> {
    const rows = await this.em.find(TicketEventRow, { where: { ticketNo: no }, order: { id: 'ASC' } });
    return rows.map(toEvent);
  }

  async list(filter: TicketFilter): Promise<Ticket[]> {
    const statuses = filter.status === undefined ? undefined : ([] as TicketStatus[]).concat(filter.status);
    if (statuses?.length === 0) return [];
    // Built up key by key: TypeORM 1.x rejects `undefined` in a where object.
    const where: Record<string, unknown> = {};
    if (statuses) where.status = statuses.length === 1 ? statuses[0] : In(statuses);
    if (filter.community !== undefined) where.community = filter.community;
    if (filter.category !== undefined) where.category = filter.category;
    if (filter.dutyRoomId !== undefined) where.dutyRoomId = filter.dutyRoomId;
    if (filter.communities !== undefined) {
      if (filter.community !== undefined ? !filter.communities.includes(filter.community) : filter.communities.length === 0) return [];
      if (filter.community === undefined) where.community = In(filter.communities);
    }
    const from = filter.createdFrom ? MoreThanOrEqual(filter.createdFrom) : undefined;
    const before = filter.createdBefore ? LessThan(filter.createdBefore) : undefined;
    if (from && before) where.createdAt = And(from, before);
    else if (from ?? before) where.createdAt = from ?? before;
    const direction = filter.oldestFirst ? 'ASC' : 'DESC';
    const rows = await this.em.find(TicketRow, {
      where: filter.after ? keysetAfter(where, filter.after, direction) : where,
      order: { createdAt: direction, no: direction },
      take: filter.limit ?? DEFAULT_LIST_LIMIT,
    });
    return this.withReporters(rows);
  }

  async latestResolvedFor(reporterId: string): Promise<Ticket | null> {
    const rows = await this.reportedBy(reporterId, ['resolved'])
      .orderBy('t.resolvedAt', 'DESC')
      .addOrderBy('t.no', 'DESC')
      .limit(1)
      .getMany();
    const [ticket] = await this.withReporters(rows);
    return ticket ?? null;
  }

  async openFor(reporterId: string): Promise<Ticket[]> {
    const rows = await this.reportedBy(reporterId, OPEN_STATUSES)
      .orderBy('t.createdAt', 'DESC')
      .addOrderBy('t.no', 'DESC')
      .getMany();
    return this.withReporters(rows);
  }

  private reportedBy(personId: string, statuses: readonly TicketStatus[]) {
    const qb = this.em.createQueryBuilder(TicketRow, 't');
    const reported = qb
      .subQuery()
      .select('r.ticketNo')
      .from(TicketReporterRow, 'r')
      .where('r.personId = :personId')
      .getQuery();
    return qb
      .where(`t.no IN ${reported}`, { personId })
      .andWhere('t.status IN (:...statuses)', { statuses: [...statuses] });
  }

  private async withReporters(rows: TicketRow[]): Promise<Ticket[]> {
    if (rows.length === 0) return [];
    const nos = rows.map((r) => r.no);
    const reporterRows = await read<{ ticket_no: number; person_id: string; name: string; room_id: string; at: unknown }>(
      this.em,
      `SELECT ticket_no, person_id, name, room_id, at FROM ticket_reporters WHERE ticket_no IN (${marks(nos.length)}) ORDER BY id`,
      nos,
    );
    const byTicket = new Map<number, Reporter[]>();
    for (const r of reporterRows) {
      const no = Number(r.ticket_no);
      const list = byTicket.get(no) ?? [];
      list.push({ id: r.person_id, name: r.name, roomId: r.room_id, at: fromSqlTime(r.at) });
      byTicket.set(no, list);
    }
    return rows.map((row) => toTicket(row, byTicket.get(row.no) ?? []));
  }
}

function toTicket(row: TicketRow, reporters: Reporter[]): Ticket {
  return {
    no: row.no,
    status: row.status as TicketStatus,
    category: row.category,
    urgency: row.urgency as Ticket['urgency'],
    community: row.community,
    groupId: row.groupId,
    dutyRoomId: row.dutyRoomId,
    text: row.text,
    source: row.source as Ticket['source'],
    confidence: Number(row.confidence),
    reporters,
    assignee: row.assigneeId === null ? null : { id: row.assigneeId, name: row.assigneeName ?? '' },
    createdAt: row.createdAt,
    claimDueAt: row.claimDueAt,
    dueAt: row.dueAt,
    claimedAt: row.claimedAt,
    resolvedAt: row.resolvedAt,
    closedAt: row.closedAt,
    rating: row.rating as Rating | null,
    reopenCount: row.reopenCount,
    mergedInto: row.mergedInto,
    version: row.version,
  };
}

function toEvent(row: TicketEventRow): TicketEvent {
  return {
    type: row.type as TicketEvent['type'],
    actor: { id: row.actorId, name: row.actorName },
    at: row.at,
    note: row.note,
  };
}

/** A ticket row as hand-written SQL reads it (instants as the driver gives them). */
type RawTicket = Record<string, unknown>;

const TICKET_COLUMNS =
  'no, status, category, urgency, community, group_id, duty_room_id, text, source, confidence, created_at, claim_due_at, due_at, claimed_at, ' +
  'resolved_at, closed_at, assignee_id, assignee_name, rating, reopen_count, merged_into, version, updated_at, redacted_at';

function fromRaw(r: RawTicket): TicketRow {
  const at = (v: unknown) => (v === null || v === undefined ? null : fromSqlTime(v));
  return {
    no: Number(r.no),
    status: r.status as string,
    category: r.category as string,
    urgency: r.urgency as string,
    community: r.community as string,
    groupId: r.group_id as string,
    dutyRoomId: r.duty_room_id as string,
    text: r.text as string,
    source: r.source as string,
    confidence: Number(r.confidence),
    createdAt: fromSqlTime(r.created_at),
    claimDueAt: fromSqlTime(r.claim_due_at),
    dueAt: fromSqlTime(r.due_at),
    claimedAt: at(r.claimed_at),
    resolvedAt: at(r.resolved_at),
    closedAt: at(r.closed_at),
    assigneeId: (r.assignee_id as string | null) ?? null,
    assigneeName: (r.assignee_name as string | null) ?? null,
    rating: (r.rating as string | null) ?? null,
    reopenCount: Number(r.reopen_count),
    mergedInto: r.merged_into === null || r.merged_into === undefined ? null : Number(r.merged_into),
    version: Number(r.version),
    updatedAt: fromSqlTime(r.updated_at),
    redactedAt: at(r.redacted_at),
  };
}

/** (created_at, no) past `after` in list order, as two ranges the created_at indexes serve. */
function keysetAfter(where: Record<string, unknown>, after: { createdAt: Date; no: number }, direction: 'ASC' | 'DESC') {
  const past = direction === 'ASC' ? MoreThan : LessThan;
  const bound = where.createdAt as FindOperator<Date> | undefined;
  const beyond = bound ? And(bound, past(after.createdAt)) : past(after.createdAt);
  return [
    { ...where, createdAt: beyond },
    { ...where, createdAt: after.createdAt, no: past(after.no) },
  ];
}

const orNull = (at: Date | null) => (at === null ? null : sqlTime(at));
